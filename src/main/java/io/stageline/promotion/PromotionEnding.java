package io.stageline.promotion;

import io.stageline.api.v1alpha1.PromotionConditions;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.Promotion;
import io.stageline.api.v1alpha1.PromotionStatus;
import io.stageline.api.v1alpha1.PromotionStatus.Phase;
import io.stageline.conditions.Conditions;
import io.stageline.promotion.PromotionReconciler.Step;
import java.time.Clock;

/**
 * How a promotion ends: rejected before it starts, or finished (Succeeded, Failed, RolledBack) after. Sets
 * the final phase and its condition, announces it and counts it. Shared by the reconciler (admission, gates)
 * and the switch (verification, rollback), so neither calls back into the other.
 */
final class PromotionEnding {
  private final PromotionEvents events;
  private final PromotionMetrics metrics;
  private final PromotionReads reads;
  private final Clock clock;

  PromotionEnding(PromotionEvents events, PromotionMetrics metrics, PromotionReads reads, Clock clock) {
    this.events = events;
    this.metrics = metrics;
    this.reads = reads;
    this.clock = clock;
  }

  void reject(Step step, String reason, String message) {
    step.status.setConditions(conditions(step).setFalse(PromotionConditions.Type.ADMITTED, reason, message).build());
    step.status.setPhase(Phase.Rejected);
    step.status.setWaitingOn(null);
    step.status.setCompletedAt(step.now.toString());
    events.refused(step.promotion, reason, message);
    metrics.finished(stageOf(step.promotion), Phase.Rejected.name());
  }

  void finish(Step step, Environment target, Phase phase, String reason, String message) {
    PromotionStatus s = step.status;
    s.setPhase(phase);
    s.setWaitingOn(null);
    s.setCompletedAt(step.now.toString());
    s.setConditions(conditions(step).set(PromotionConditions.Type.SUCCEEDED, phase == Phase.Succeeded, reason, message).build());
    if (phase == Phase.Succeeded) {
      events.success(step.promotion, "Complete", reason, message);
    } else {
      events.failure(step.promotion, "Complete", reason, message);
    }
    metrics.finished(target.getSpec().getStage().value(), phase.name());
  }

  private Conditions conditions(Step step) {
    return Conditions.from(step.status.getConditions(), step.promotion.getMetadata().getGeneration(), clock);
  }

  private String stageOf(Promotion p) {
    Environment env = reads.environment(p.getSpec().getEnvironment());
    return env == null || env.getSpec() == null || env.getSpec().getStage() == null ? "unknown" : env.getSpec().getStage().value();
  }
}
