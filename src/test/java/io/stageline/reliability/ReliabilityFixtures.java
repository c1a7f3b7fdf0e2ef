package io.stageline.reliability;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.EnvironmentSpec;
import io.stageline.api.v1alpha1.Limits;
import io.stageline.api.v1alpha1.Stage;
import java.util.Map;

/** Objects and checks the reliability tests share. */
final class ReliabilityFixtures {
  private ReliabilityFixtures() {}

  /** An Environment with quota and limits, so that all four managed objects are provisioned. */
  static Environment environment(String name, Stage stage) {
    Environment env = new Environment();
    env.setMetadata(new ObjectMetaBuilder().withName(name).build());
    EnvironmentSpec spec = new EnvironmentSpec();
    spec.setStage(stage);
    if (stage == Stage.production) {
      // a stand-alone production: the platform lets releases enter the path there
      io.stageline.api.v1alpha1.PromotionPolicy entry = new io.stageline.api.v1alpha1.PromotionPolicy();
      entry.setEntryStage(true);
      spec.setPromotionPolicy(entry);
    }
    spec.setQuota(Map.of("requests.cpu", new Quantity("4"), "pods", new Quantity("20")));
    Limits limits = new Limits();
    limits.setDefaultRequest(Map.of("cpu", new Quantity("100m")));
    limits.setDefaultLimit(Map.of("cpu", new Quantity("500m")));
    spec.setLimits(limits);
    env.setSpec(spec);
    return env;
  }

  static boolean isReady(KubernetesClient client, String name) {
    Environment env = client.resources(Environment.class).withName(name).get();
    return env != null && env.getStatus() != null && env.getStatus().isReady();
  }
}
