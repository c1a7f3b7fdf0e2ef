package io.stageline.promotion;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * Promotion metrics. Rollback rate is a ratio in PromQL:
 * {@code sum(rate(stageline_promotion_rollbacks_total[1d])) / sum(rate(stageline_promotions_total[1d]))}.
 */
public class PromotionMetrics {
  private final MeterRegistry registry;

  public PromotionMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** A promotion finished: result is its final phase (Succeeded, Failed, RolledBack, Rejected). */
  public void finished(String stage, String result) {
    Counter.builder("stageline.promotions").description("Promotions finished, by target stage and result")
        .tag("stage", stage).tag("result", result).register(registry).increment();
  }

  public void rolledBack(String stage) {
    Counter.builder("stageline.promotion.rollbacks").description("Releases restored after a failed verification")
        .tag("stage", stage).register(registry).increment();
  }

  /** How long a gate waited before it passed. */
  public void gateWaited(String kind, Duration waited) {
    Timer.builder("stageline.promotion.gate.wait").description("Time a gate waited before passing, by gate kind")
        .tag("kind", kind).publishPercentileHistogram().register(registry).record(waited);
  }

  /** From a version's first release in the first stage to its release in production. */
  public void leadTime(Duration leadTime) {
    Timer.builder("stageline.release.lead.time").description("First stage to production, per released version")
        .publishPercentileHistogram().register(registry).record(leadTime);
  }

  /** How long a release ran in a stage before the next one replaced it. */
  public void timeInStage(String stage, Duration inStage) {
    Timer.builder("stageline.release.time.in.stage").description("Time a release ran in a stage before it was replaced")
        .tag("stage", stage).publishPercentileHistogram().register(registry).record(inStage);
  }
}
