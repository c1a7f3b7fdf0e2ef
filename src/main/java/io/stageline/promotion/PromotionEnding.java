package io.stageline.promotion;

import io.stageline.api.v1alpha1.PromotionConditions;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.Promotion;
import io.stageline.api.v1alpha1.PromotionStatus;
import io.stageline.api.v1alpha1.PromotionStatus.Phase;

/**
 * How a promotion ends: rejected before it starts, or finished (Succeeded, Failed, RolledBack) after. Sets
 * the final phase and its condition, announces it and counts it. Shared by the phase handlers before the switch
 * (admission, gates) and after it (verification, rollback).
 */
final class PromotionEnding {
  private final PromotionEvents events;
  private final PromotionMetrics metrics;
  private final PromotionReads reads;

  PromotionEnding(PromotionEvents events, PromotionMetrics metrics, PromotionReads reads) {
    this.events = events;
    this.metrics = metrics;
    this.reads = reads;
  }

  void reject(PromotionPass pass, String reason, String message) {
    pass.status.setConditions(pass.conditions().setFalse(PromotionConditions.Type.ADMITTED, reason, message).build());
    pass.status.setPhase(Phase.Rejected);
    pass.status.setWaitingOn(null);
    pass.status.setCompletedAt(pass.now.toString());
    events.refused(pass.promotion, reason, message);
    metrics.finished(stageOf(pass.promotion), Phase.Rejected.name());
  }

  void finish(PromotionPass pass, Environment target, Phase phase, String reason, String message) {
    PromotionStatus s = pass.status;
    s.setPhase(phase);
    s.setWaitingOn(null);
    s.setCompletedAt(pass.now.toString());
    s.setConditions(pass.conditions().set(PromotionConditions.Type.SUCCEEDED, phase == Phase.Succeeded, reason, message).build());
    if (phase == Phase.Succeeded) {
      events.success(pass.promotion, "Complete", reason, message);
    } else {
      events.failure(pass.promotion, "Complete", reason, message);
    }
    metrics.finished(target.getSpec().getStage().value(), phase.name());
  }

  private String stageOf(Promotion p) {
    Environment env = reads.environment(p.getSpec().getEnvironment());
    return env == null || env.getSpec() == null || env.getSpec().getStage() == null ? "unknown" : env.getSpec().getStage().value();
  }
}
