package io.stageline.environment;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.stageline.api.v1alpha1.Stage;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** {@code stageline_environments{stage,ready}}: how many Environments each stage has, ready or not. */
public final class EnvironmentMetrics {
  private record State(Stage stage, boolean ready) {}

  private final Map<String, State> environments = new ConcurrentHashMap<>();

  public EnvironmentMetrics(MeterRegistry registry) {
    for (Stage stage : Stage.values()) {
      for (boolean ready : new boolean[] {true, false}) {
        Gauge.builder("stageline_environments", () -> count(stage, ready))
            .description("Environments by stage and readiness")
            .tag("stage", stage.value())
            .tag("ready", String.valueOf(ready))
            .register(registry);
      }
    }
  }

  public void record(String name, Stage stage, boolean ready) {
    if (stage != null) {
      environments.put(name, new State(stage, ready));
    }
  }

  public void forget(String name) {
    environments.remove(name);
  }

  private long count(Stage stage, boolean ready) {
    return environments.values().stream().filter(s -> s.stage() == stage && s.ready() == ready).count();
  }
}
