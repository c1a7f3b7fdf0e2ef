package io.stageline.environment.seed;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;

/**
 * {@code stageline_seed_detector_hits_total{environment,detector}} and
 * {@code stageline_seed_masked_values_total{environment}}: counted when masked data is written, so
 * reconciles that change nothing add nothing.
 */
final class SeedMetrics {
  private final MeterRegistry registry;

  SeedMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void written(String environment, long maskedValues, Map<String, Long> detectorHits) {
    Counter.builder("stageline_seed_masked_values_total")
        .description("Values masked in seed data written into an Environment")
        .tag("environment", environment)
        .register(registry)
        .increment(maskedValues);
    detectorHits.forEach((detector, hits) -> Counter.builder("stageline_seed_detector_hits_total")
        .description("Personal data found by the built-in detectors in seed data written into an Environment")
        .tag("environment", environment)
        .tag("detector", detector)
        .register(registry)
        .increment(hits));
  }
}
