package io.stageline.bench;

import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.stageline.api.v1alpha1.Gate;
import io.stageline.api.v1alpha1.ObjectRef;
import io.stageline.api.v1alpha1.Promotion;
import io.stageline.api.v1alpha1.PromotionSpec;
import io.stageline.api.v1alpha1.PromotionStatus.Phase;
import io.stageline.api.v1alpha1.Release;
import io.stageline.api.v1alpha1.Workloads;
import io.stageline.embedded.EmbeddedApiServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Promotions waiting on a condition gate (a Job's Complete condition, as a CI system reports it):
 * how long after the gate passes does each promotion start (leave WaitingForGates)?
 */
final class PromotionStart {
  record Result(int promotions, int started, double p50Seconds, double p99Seconds, double maxSeconds) {}

  static Result run(int count) {
    Map<String, String> app = Map.of("app", "shop");
    try (EmbeddedApiServer api = EmbeddedApiServer.start(0); KubernetesClient client = api.newClient();
        BenchOperator operator = BenchOperator.start(api)) {
      ReadyWatch ready = new ReadyWatch(client);
      EnvironmentScale.inParallel(count, i -> {
        var env = EnvironmentScale.environment("promo-" + i);
        Workloads workloads = new Workloads();
        workloads.setSelector(new io.fabric8.kubernetes.api.model.LabelSelectorBuilder().withMatchLabels(app).build());
        env.getSpec().setWorkloads(workloads);
        client.resource(env).create();
      });
      ready.awaitReady(count, Duration.ofMinutes(2));
      ready.close();
      EnvironmentScale.inParallel(count, i -> {
        String ns = "promo-" + i;
        client.resource(new DeploymentBuilder()
            .withNewMetadata().withName("shop").withNamespace(ns).withLabels(app).withGeneration(1L).endMetadata()
            .withNewSpec().withReplicas(1).withNewSelector().withMatchLabels(app).endSelector()
            .withNewTemplate().withNewMetadata().withLabels(app).endMetadata().withNewSpec()
            .addNewContainer().withName("web").withImage("registry.example/web:0.9.0").endContainer()
            .endSpec().endTemplate().endSpec().build()).create();
        client.resource(new JobBuilder().withNewMetadata().withName("ci").withNamespace(ns).endMetadata()
            .withNewSpec().withNewTemplate().withNewSpec().addNewContainer().withName("t").withImage("busybox")
            .endContainer().withRestartPolicy("Never").endSpec().endTemplate().endSpec().build()).create();
        client.resource(promotion(ns)).create();
      });

      Map<String, Long> started = new ConcurrentHashMap<>();
      SharedIndexInformer<Promotion> informer = client.resources(Promotion.class).inAnyNamespace()
          .inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Promotion p) {
              track(p);
            }

            @Override
            public void onUpdate(Promotion old, Promotion p) {
              track(p);
            }

            @Override
            public void onDelete(Promotion p, boolean unknown) {}

            private void track(Promotion p) {
              Phase phase = p.getStatus() == null ? null : p.getStatus().getPhase();
              if (phase != null && phase != Phase.Pending && phase != Phase.WaitingForGates) {
                started.putIfAbsent(p.getMetadata().getNamespace(), System.nanoTime());
              }
            }
          });
      // every promotion waits on its gate before the gates pass
      long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
      while (System.nanoTime() < deadline && waiting(client) < count) {
        Heap.sleep(200);
      }
      Map<String, Long> passed = new ConcurrentHashMap<>();
      for (int i = 0; i < count; i++) {
        String ns = "promo-" + i;
        Job job = client.batch().v1().jobs().inNamespace(ns).withName("ci").get();
        JobStatus status = new JobStatus();
        status.setConditions(List.of(new JobConditionBuilder().withType("Complete").withStatus("True").build()));
        job.setStatus(status);
        passed.put(ns, System.nanoTime());
        client.resource(job).updateStatus();
      }
      deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (started.size() < count && System.nanoTime() < deadline) {
        Heap.sleep(20);
      }
      informer.close();
      List<Double> delays = new ArrayList<>();
      started.forEach((ns, t) -> delays.add((t - passed.get(ns)) / 1e9));
      Percentiles p = new Percentiles(delays);
      return new Result(count, started.size(), p.p(50), p.p(99), p.p(100));
    }
  }

  private static long waiting(KubernetesClient client) {
    return client.resources(Promotion.class).inAnyNamespace().list().getItems().stream()
        .filter(p -> p.getStatus() != null && p.getStatus().getPhase() == Phase.WaitingForGates).count();
  }

  private static Promotion promotion(String namespace) {
    Gate gate = new Gate();
    gate.setName("ci");
    Gate.ConditionGate condition = new Gate.ConditionGate();
    ObjectRef ref = new ObjectRef();
    ref.setApiVersion("batch/v1");
    ref.setKind("Job");
    ref.setName("ci");
    ref.setNamespace(namespace);
    condition.setRef(ref);
    condition.setType("Complete");
    gate.setCondition(condition);
    Promotion p = new Promotion();
    p.getMetadata().setName("release-1-0-0");
    p.getMetadata().setNamespace(namespace);
    PromotionSpec spec = new PromotionSpec();
    spec.setEnvironment(namespace);
    spec.setRelease(new Release("1.0.0", Map.of("web", "registry.example/web:1.0.0")));
    spec.setRequestedBy("bench");
    spec.setGates(new ArrayList<>(List.of(gate)));
    p.setSpec(spec);
    return p;
  }
}
