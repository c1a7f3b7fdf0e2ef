package io.stageline.access;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.stageline.api.v1alpha1.Stage;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code stageline_emergency_grants_active{stage}}: emergency RoleBindings bound right now, per
 * stage, summed over all policies (each policy's reconcile reports its own count).
 */
final class EmergencyGauge {
  static final String NAME = "stageline.emergency.grants.active";

  private final Map<String, Map<Stage, Integer>> byPolicy = new ConcurrentHashMap<>();

  EmergencyGauge(MeterRegistry registry) {
    for (Stage stage : Stage.values()) {
      Gauge.builder(NAME, this, g -> g.active(stage))
          .description("Emergency (break-glass) access grants bound now, per stage")
          .tag("stage", stage.name())
          .register(registry);
    }
  }

  void report(String policy, Map<Stage, Integer> active) {
    if (active.isEmpty()) {
      byPolicy.remove(policy);
    } else {
      byPolicy.put(policy, Map.copyOf(active));
    }
  }

  void forget(String policy) {
    byPolicy.remove(policy);
  }

  int active(Stage stage) {
    return byPolicy.values().stream().mapToInt(m -> m.getOrDefault(stage, 0)).sum();
  }
}
