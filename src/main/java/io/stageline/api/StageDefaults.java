package io.stageline.api;

import io.stageline.api.v1alpha1.EnvironmentSpec;
import io.stageline.api.v1alpha1.Isolation;
import io.stageline.api.v1alpha1.Isolation.NetworkPolicyMode;
import io.stageline.api.v1alpha1.Isolation.PodSecurityLevel;
import io.stageline.api.v1alpha1.Stage;

/** Defaults that follow from the stage when the spec leaves a field out. */
public final class StageDefaults {
  private StageDefaults() {}

  /** restricted for staging and production, baseline below. */
  public static PodSecurityLevel podSecurity(EnvironmentSpec spec) {
    Isolation isolation = spec.getIsolation();
    if (isolation != null && isolation.getPodSecurity() != null) {
      return isolation.getPodSecurity();
    }
    return defaultPodSecurity(spec.getStage());
  }

  public static PodSecurityLevel defaultPodSecurity(Stage stage) {
    return stage == Stage.staging || stage == Stage.production ? PodSecurityLevel.restricted : PodSecurityLevel.baseline;
  }

  public static NetworkPolicyMode networkPolicy(EnvironmentSpec spec) {
    Isolation isolation = spec.getIsolation();
    return isolation == null || isolation.getNetworkPolicy() == null
        ? NetworkPolicyMode.AllowSameEnvironment
        : isolation.getNetworkPolicy();
  }
}
