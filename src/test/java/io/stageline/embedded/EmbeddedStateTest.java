package io.stageline.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.EnvironmentSpec;
import io.stageline.api.v1alpha1.EnvironmentStatus;
import io.stageline.api.v1alpha1.EnvironmentStatus.Phase;
import io.stageline.api.v1alpha1.ReleaseRecord;
import io.stageline.api.v1alpha1.Stage;
import io.stageline.embedded.store.SqlitePersistence;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded API keeps its objects in a state directory across restarts, as a cluster keeps them in etcd. */
class EmbeddedStateTest {
  private static final ResourceDefinitionContext WIDGETS = new ResourceDefinitionContext.Builder()
      .withGroup("example.com").withVersion("v1").withPlural("widgets").withKind("Widget").withNamespaced(true).build();

  @TempDir
  Path state;

  private EmbeddedApiServer start(boolean fresh) {
    return EmbeddedApiServer.start(0, SqlitePersistence.open(state, fresh));
  }

  @Test
  void objectsOfEveryKindSurviveARestartWithStatusHistoryAndGrowingVersions() {
    String uid;
    long versionBefore;
    try (EmbeddedApiServer api = start(false); KubernetesClient client = api.newClient()) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("kept").endMetadata().build())
          .create();
      client.configMaps().inNamespace("kept").resource(new ConfigMapBuilder().withNewMetadata().withName("settings")
          .endMetadata().addToData("mode", "fast").build()).create();
      client.secrets().inNamespace("kept").resource(new SecretBuilder().withNewMetadata().withName("token")
          .endMetadata().addToStringData("token", "s3cret").build()).create();
      Environment env = client.resource(environment()).create();
      uid = env.getMetadata().getUid();
      env.setStatus(statusWithHistory());
      client.resource(env).patchStatus();
      client.apiextensions().v1().customResourceDefinitions().resource(widgetCrd()).create();
      client.genericKubernetesResources(WIDGETS).inNamespace("kept").resource(widget()).create();
      versionBefore = Long.parseLong(client.configMaps().inNamespace("kept").list().getMetadata().getResourceVersion());
    }

    try (EmbeddedApiServer api = start(false); KubernetesClient client = api.newClient()) {
      assertThat(client.configMaps().inNamespace("kept").withName("settings").get().getData())
          .containsEntry("mode", "fast");
      assertThat(client.secrets().inNamespace("kept").withName("token").get().getData()).containsKey("token");
      Environment env = client.resources(Environment.class).withName("kept").get();
      assertThat(env.getMetadata().getUid()).isEqualTo(uid);
      assertThat(env.getStatus().getPhase()).isEqualTo(Phase.Ready);
      assertThat(env.getStatus().getReleaseHistory()).extracting(ReleaseRecord::getVersion)
          .containsExactly("1.0.0", "1.1.0");
      assertThat(client.genericKubernetesResources(WIDGETS).inNamespace("kept").withName("gear").get()
          .getAdditionalProperties()).containsKey("spec");

      long afterRestart = Long.parseLong(client.configMaps().inNamespace("kept").withName("settings").edit(cm -> {
        cm.getData().put("mode", "slow");
        return cm;
      }).getMetadata().getResourceVersion());
      assertThat(afterRestart).isGreaterThan(versionBefore);
    }
  }

  @Test
  void aWatchFromBeforeARestartIsToldItsVersionExpiredAndOneFromNowStreams() throws Exception {
    String before;
    try (EmbeddedApiServer api = start(false); KubernetesClient client = api.newClient()) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("w").endMetadata().build())
          .create();
      before = client.configMaps().inNamespace("w").list().getMetadata().getResourceVersion();
      client.configMaps().inNamespace("w").resource(new ConfigMapBuilder().withNewMetadata().withName("late")
          .endMetadata().build()).create();
    }
    try (EmbeddedApiServer api = start(false)) {
      List<JsonNode> events = watchLines(api, "/api/v1/namespaces/w/configmaps?watch=true&timeoutSeconds=5"
          + "&resourceVersion=" + before);
      assertThat(events).hasSize(1);
      assertThat(events.get(0).path("type").asText()).isEqualTo("ERROR");
      assertThat(events.get(0).at("/object/code").asInt()).isEqualTo(410);
      assertThat(events.get(0).at("/object/reason").asText()).isEqualTo("Expired");
    }
  }

  @Test
  void aFreshStartForgetsTheEarlierObjects() {
    try (EmbeddedApiServer api = start(false); KubernetesClient client = api.newClient()) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("old").endMetadata().build())
          .create();
    }
    try (EmbeddedApiServer api = start(true); KubernetesClient client = api.newClient()) {
      assertThat(client.namespaces().withName("old").get()).isNull();
      assertThat(client.apiextensions().v1().customResourceDefinitions().withName("environments.stageline.io").get())
          .isNotNull();
    }
  }

  @Test
  void aSecondApiOnTheSameStateIsRefused() {
    try (EmbeddedApiServer api = start(false)) {
      assertThatThrownBy(() -> start(false)).hasMessageContaining("in use by another Stageline process");
    }
  }

  private static List<JsonNode> watchLines(EmbeddedApiServer api, String path) throws Exception {
    HttpResponse<java.util.stream.Stream<String>> response = ApiHttp.client(api).send(
        ApiHttp.asAdmin(api, path).build(), HttpResponse.BodyHandlers.ofLines());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body().map(line -> {
      try {
        return Json.MAPPER.readTree(line);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }).toList();
  }

  private static Environment environment() {
    Environment env = new Environment();
    env.getMetadata().setName("kept");
    env.setSpec(new EnvironmentSpec());
    env.getSpec().setStage(Stage.development);
    return env;
  }

  private static EnvironmentStatus statusWithHistory() {
    EnvironmentStatus status = new EnvironmentStatus();
    status.setPhase(Phase.Ready);
    for (String version : List.of("1.0.0", "1.1.0")) {
      ReleaseRecord record = new ReleaseRecord();
      record.setVersion(version);
      record.setImages(Map.of("web", "registry.example/web:" + version));
      status.getReleaseHistory().add(record);
    }
    return status;
  }

  private static io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition widgetCrd() {
    return new CustomResourceDefinitionBuilder().withNewMetadata().withName("widgets.example.com").endMetadata()
        .withNewSpec().withGroup("example.com").withScope("Namespaced")
        .withNewNames().withKind("Widget").withPlural("widgets").withSingular("widget").withListKind("WidgetList")
        .endNames()
        .addNewVersion().withName("v1").withServed(true).withStorage(true)
        .withNewSchema().withNewOpenAPIV3Schema().withType("object").withXKubernetesPreserveUnknownFields(true)
        .endOpenAPIV3Schema().endSchema().endVersion()
        .endSpec().build();
  }

  private static GenericKubernetesResource widget() {
    return new GenericKubernetesResourceBuilder().withApiVersion("example.com/v1").withKind("Widget")
        .withNewMetadata().withName("gear").withNamespace("kept").endMetadata()
        .withAdditionalProperties(Map.of("spec", Map.of("teeth", 12))).build();
  }
}
