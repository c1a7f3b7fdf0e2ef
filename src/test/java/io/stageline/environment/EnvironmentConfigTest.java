package io.stageline.environment;

import static io.stageline.environment.TestEnvironments.get;
import static io.stageline.environment.TestEnvironments.hasCondition;
import static io.stageline.environment.TestEnvironments.hasEvent;
import static io.stageline.testing.Environments.isReady;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.api.v1alpha1.ConfigSpec;
import io.stageline.api.v1alpha1.ConfigStatus;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.EnvironmentConditions;
import io.stageline.api.v1alpha1.Stage;
import io.stageline.api.v1alpha1.StatusConditions;
import io.stageline.testing.Edits;
import io.stageline.testing.Environments;
import io.stageline.testing.OperatorExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EnvironmentConfigTest {
  private static final String CONFIG_NS = "stageline-config";

  @RegisterExtension
  OperatorExtension op = OperatorExtension.running();

  private KubernetesClient client() {
    return op.client();
  }

  @BeforeEach
  void sources() {
    client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(CONFIG_NS).endMetadata().build()).create();
    source("base", Map.of("log.level", "info", "db.pool", "10", "feature.x", "off"));
    source("dev-overrides", Map.of("log.level", "debug"));
  }

  @Test
  void rendersLayeredConfigIntoARevisionAndAStableConfigMap() {
    client().resource(withConfig("dev", Stage.development, List.of("base", "dev-overrides"), Map.of("feature.x", "on"))).create();

    await().until(() -> isReady(client(), "dev"));

    ConfigMap stable = client().configMaps().inNamespace("dev").withName(ConfigStep.STABLE).get();
    assertThat(stable.getData()).isEqualTo(Map.of("log.level", "debug", "db.pool", "10", "feature.x", "on"));
    ConfigStatus status = get(client(), "dev").getStatus().getConfig();
    assertThat(status.getRevision()).isEqualTo(1);
    assertThat(status.getHistory()).hasSize(1);
    assertThat(status.getHistory().get(0).getSources()).hasSize(2).allMatch(s -> s.contains("@"));
    ConfigMap revision = client().configMaps().inNamespace("dev").withName(status.getHistory().get(0).getConfigMap()).get();
    assertThat(revision.getImmutable()).isTrue();
    assertThat(revision.getData()).isEqualTo(stable.getData());
  }

  @Test
  void aChangedSourceProducesANewRevisionAndAnUnchangedOneDoesNot() {
    client().resource(withConfig("dev", Stage.development, List.of("base"), null)).create();
    await().until(() -> revision("dev") == 1);

    // same content, new resourceVersion: no new revision
    Edits.edit(client().configMaps().inNamespace(CONFIG_NS).withName("base"), cm -> {
      cm.getMetadata().setLabels(Map.of("touched", "yes"));
      return cm;
    });
    Edits.edit(client().configMaps().inNamespace(CONFIG_NS).withName("base"), cm -> {
      cm.getData().put("db.pool", "20");
      return cm;
    });

    await().until(() -> revision("dev") == 2);
    assertThat(client().configMaps().inNamespace("dev").withName(ConfigStep.STABLE).get().getData())
        .containsEntry("db.pool", "20");
    assertThat(get(client(), "dev").getStatus().getConfig().getHistory()).hasSize(2);
    await().until(() -> hasEvent(client(), "dev", "Normal", "ConfigRevisionCreated"));
  }

  @Test
  void keepsOnlyTheConfiguredNumberOfRevisions() {
    Environment env = withConfig("dev", Stage.development, List.of(), Map.of("n", "0"));
    env.getSpec().getConfig().setKeepRevisions(2);
    client().resource(env).create();
    await().until(() -> revision("dev") == 1);

    for (int i = 1; i <= 3; i++) {
      int n = i;
      Edits.edit(client().resources(Environment.class).withName("dev"), e -> {
        e.getSpec().getConfig().setData(Map.of("n", String.valueOf(n)));
        return e;
      });
      await().until(() -> revision("dev") == n + 1);
    }

    await().until(() -> client().configMaps().inNamespace("dev").withLabel("stageline.io/part", "config-revision")
        .list().getItems().size() == 2);
    assertThat(get(client(), "dev").getStatus().getConfig().getHistory()).extracting(ConfigStatus.Revision::getRevision)
        .containsExactly(4, 3);
  }

  @Test
  void missingSourceKeepsThePreviousRevision() {
    client().resource(withConfig("dev", Stage.development, List.of("base"), null)).create();
    await().until(() -> revision("dev") == 1);

    Edits.edit(client().resources(Environment.class).withName("dev"), e -> {
      ConfigSpec.Source missing = new ConfigSpec.Source();
      missing.setName("nope");
      e.getSpec().getConfig().getSources().add(missing);
      return e;
    });

    await().until(() -> hasCondition(client(), "dev", EnvironmentConditions.Type.CONFIG_READY, false, "SourceNotFound"));
    await().until(() -> hasEvent(client(), "dev", "Warning", "SourceNotFound"));
    assertThat(hasCondition(client(), "dev", StatusConditions.READY, false, "SourceNotFound")).isTrue();
    assertThat(revision("dev")).isEqualTo(1);
    assertThat(client().configMaps().inNamespace("dev").withName(ConfigStep.STABLE).get().getData())
        .containsEntry("log.level", "info");
  }

  @Test
  void keyCollisionIsRefusedWhenThePolicySaysReject() {
    Environment env = withConfig("dev", Stage.development, List.of("base", "dev-overrides"), null);
    env.getSpec().getConfig().setOnCollision(ConfigSpec.CollisionPolicy.Reject);
    client().resource(env).create();

    await().until(() -> hasCondition(client(), "dev", EnvironmentConditions.Type.CONFIG_READY, false, "KeyCollision"));
    assertThat(client().configMaps().inNamespace("dev").withName(ConfigStep.STABLE).get()).isNull();
  }

  @Test
  void oversizedConfigIsRefused() {
    source("huge", Map.of("blob", "x".repeat(ConfigRenderer.MAX_BYTES)));
    client().resource(withConfig("dev", Stage.development, List.of("huge"), null)).create();

    await().until(() -> hasCondition(client(), "dev", EnvironmentConditions.Type.CONFIG_READY, false, "ConfigTooLarge"));
  }

  @Test
  void invalidKeyIsRefused() {
    client().resource(withConfig("dev", Stage.development, List.of(), Map.of("not a key!", "x"))).create();

    await().until(() -> hasCondition(client(), "dev", EnvironmentConditions.Type.CONFIG_READY, false, "InvalidKey"));
    assertThat(client().configMaps().inNamespace("dev").withName(ConfigStep.STABLE).get()).isNull();
  }

  @Test
  void aDeletedStableConfigMapIsRecreated() {
    client().resource(withConfig("dev", Stage.development, List.of("base"), null)).create();
    await().until(() -> revision("dev") == 1);

    client().configMaps().inNamespace("dev").withName(ConfigStep.STABLE).delete();

    await().until(() -> client().configMaps().inNamespace("dev").withName(ConfigStep.STABLE).get() != null);
    assertThat(revision("dev")).isEqualTo(1);
  }

  private int revision(String name) {
    Environment env = get(client(), name);
    return env == null || env.getStatus() == null || env.getStatus().getConfig() == null
        || env.getStatus().getConfig().getRevision() == null ? 0 : env.getStatus().getConfig().getRevision();
  }

  private void source(String name, Map<String, String> data) {
    client().configMaps().inNamespace(CONFIG_NS).resource(new ConfigMapBuilder()
        .withNewMetadata().withName(name).withNamespace(CONFIG_NS).endMetadata()
        .withData(data).build()).create();
  }

  static Environment withConfig(String name, Stage stage, List<String> sources, Map<String, String> data) {
    return Environments.of(name, stage).with(spec -> {
      ConfigSpec config = new ConfigSpec();
      for (String s : sources) {
        ConfigSpec.Source source = new ConfigSpec.Source();
        source.setName(s);
        config.getSources().add(source);
      }
      config.setData(data);
      spec.setConfig(config);
    }).build();
  }
}
