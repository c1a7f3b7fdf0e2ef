package io.stageline.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.Gate;
import io.stageline.api.v1alpha1.ObjectRef;
import io.stageline.api.v1alpha1.Promotion;
import io.stageline.api.v1alpha1.PromotionSpec;
import io.stageline.api.v1alpha1.PromotionStatus;
import io.stageline.api.v1alpha1.Release;
import io.stageline.embedded.EmbeddedApiServer;
import io.stageline.embedded.store.SqlitePersistence;
import io.stageline.testing.Awaits;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.stageline.testing.Environments;

/**
 * Stageline in its own JVM with the embedded API on a state directory, stopped and killed with
 * {@code kill -9}: every write the API acknowledged is there on the next start, resource versions
 * keep growing, and the operator resumes a promotion that was waiting for its gates.
 */
class StateSurvivesKillTest {

  @TempDir
  Path state;

  @Test
  void everyWriteAcknowledgedBeforeAKill9IsThereOnTheNextStart() throws Exception {
    List<String> acknowledged = new CopyOnWriteArrayList<>();
    AtomicLong newestVersion = new AtomicLong();
    try (EmbeddedProcess stageline = EmbeddedProcess.start(state); KubernetesClient client = stageline.client()) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("acked").endMetadata().build())
          .create();
      Thread writer = new Thread(() -> {
        for (int i = 0; ; i++) {
          try {
            String version = client.configMaps().inNamespace("acked").resource(new ConfigMapBuilder()
                .withNewMetadata().withName("cm-" + i).endMetadata().addToData("i", Integer.toString(i)).build())
                .create().getMetadata().getResourceVersion();
            newestVersion.accumulateAndGet(Long.parseLong(version), Math::max);
            acknowledged.add("cm-" + i);
          } catch (RuntimeException killed) {
            return;
          }
        }
      });
      writer.start();
      await().atMost(Awaits.PROCESS_START).until(() -> acknowledged.size() >= 50);
      stageline.kill();
      writer.join(Awaits.PROCESS_START.toMillis());
    }

    try (EmbeddedApiServer api = EmbeddedApiServer.start(0, SqlitePersistence.open(state, false));
        KubernetesClient client = api.newClient()) {
      List<String> stored = client.configMaps().inNamespace("acked").list().getItems().stream()
          .map(cm -> cm.getMetadata().getName()).toList();
      assertThat(stored).containsAll(acknowledged);
      String next = client.configMaps().inNamespace("acked").resource(new ConfigMapBuilder().withNewMetadata()
          .withName("after-restart").endMetadata().build()).create().getMetadata().getResourceVersion();
      assertThat(Long.parseLong(next)).isGreaterThan(newestVersion.get());
    }
  }

  @Test
  void theOperatorResumesAPromotionWaitingForGatesAfterAStopAndAfterAKill9() {
    EmbeddedProcess stageline = EmbeddedProcess.start(state);
    try (KubernetesClient client = stageline.client()) {
      client.resource(environment()).create();
      await().atMost(Awaits.PROCESS_START).until(() -> client.namespaces().withName("dev").get() != null);
      client.resource(deployment()).create();
      client.resource(promotion()).create();
      await().atMost(Awaits.PROCESS_START).until(() -> phase(client) == PromotionStatus.Phase.WaitingForGates);
    }

    stageline.stop();
    stageline = EmbeddedProcess.start(state);
    try (KubernetesClient client = stageline.client()) {
      assertThat(phase(client)).isEqualTo(PromotionStatus.Phase.WaitingForGates);
      assertThat(client.apps().deployments().inNamespace("dev").withName("shop").get().getSpec().getTemplate()
          .getSpec().getContainers().get(0).getImage()).isEqualTo("registry.example/web:1.0.0");
    }

    stageline.kill();
    stageline = EmbeddedProcess.start(state);
    try (KubernetesClient client = stageline.client()) {
      assertThat(phase(client)).isEqualTo(PromotionStatus.Phase.WaitingForGates);
      completedJob(client);
      await().atMost(Awaits.PROCESS_START).until(() -> phase(client) == PromotionStatus.Phase.Succeeded);
      assertThat(client.apps().deployments().inNamespace("dev").withName("shop").get().getSpec().getTemplate()
          .getSpec().getContainers().get(0).getImage()).isEqualTo("registry.example/web:1.1.0");
    } finally {
      stageline.close();
    }
  }

  private static PromotionStatus.Phase phase(KubernetesClient client) {
    Promotion promotion = client.resources(Promotion.class).inNamespace("dev").withName("ship").get();
    return promotion == null || promotion.getStatus() == null ? null : promotion.getStatus().getPhase();
  }

  private static Environment environment() {
    return Environments.development("dev").withWorkloads(Map.of("app", "shop")).build();
  }

  private static io.fabric8.kubernetes.api.model.apps.Deployment deployment() {
    return new DeploymentBuilder()
        .withNewMetadata().withName("shop").withNamespace("dev").withLabels(Map.of("app", "shop")).endMetadata()
        .withNewSpec().withReplicas(1).withNewSelector().withMatchLabels(Map.of("app", "shop")).endSelector()
        .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "shop")).endMetadata()
        .withNewSpec().addNewContainer().withName("web").withImage("registry.example/web:1.0.0").endContainer()
        .endSpec().endTemplate().endSpec().build();
  }

  private static Promotion promotion() {
    Promotion promotion = new Promotion();
    promotion.getMetadata().setName("ship");
    promotion.getMetadata().setNamespace("dev");
    PromotionSpec spec = new PromotionSpec();
    spec.setEnvironment("dev");
    spec.setRelease(new Release("1.1.0", Map.of("web", "registry.example/web:1.1.0")));
    spec.setRequestedBy("admin");
    Gate gate = new Gate();
    Gate.ConditionGate condition = new Gate.ConditionGate();
    ObjectRef ref = new ObjectRef();
    ref.setApiVersion("batch/v1");
    ref.setKind("Job");
    ref.setName("smoke");
    ref.setNamespace("dev");
    condition.setRef(ref);
    condition.setType("Complete");
    gate.setCondition(condition);
    spec.setGates(new ArrayList<>(List.of(gate)));
    promotion.setSpec(spec);
    return promotion;
  }

  private static void completedJob(KubernetesClient client) {
    Job job = client.resource(new JobBuilder().withNewMetadata().withName("smoke").withNamespace("dev").endMetadata()
        .withNewSpec().withNewTemplate().withNewSpec().addNewContainer().withName("t").withImage("busybox")
        .endContainer().withRestartPolicy("Never").endSpec().endTemplate().endSpec().build()).create();
    JobStatus status = new JobStatus();
    status.setConditions(List.of(new JobConditionBuilder().withType("Complete").withStatus("True").build()));
    job.setStatus(status);
    client.resource(job).updateStatus();
  }
}
