package io.stageline.promotion;

import io.stageline.api.v1alpha1.Promotion;
import io.stageline.api.v1alpha1.PromotionStatus;
import io.stageline.api.v1alpha1.PromotionStatus.Phase;
import io.stageline.conditions.Conditions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * One reconcile's working state of a promotion: the promotion as last written, the status the phase handlers
 * build, the instant they judge by, and when to look again. The handlers change only this; the reconciler
 * writes the status.
 */
final class PromotionPass {
  final Promotion promotion;
  /** The status as last written. */
  final PromotionStatus old;
  /** The status being built. */
  final PromotionStatus status;
  final Instant now;
  private final Clock clock;
  Instant wakeUpAt;
  Duration pollAfter;

  PromotionPass(Promotion promotion, PromotionStatus status, Clock clock) {
    this.promotion = promotion;
    this.old = promotion.getStatus() == null ? new PromotionStatus() : promotion.getStatus();
    this.status = status;
    this.clock = clock;
    this.now = clock.instant();
  }

  Phase phase() {
    return status.getPhase() == null ? Phase.Pending : status.getPhase();
  }

  /** The status's conditions, to change (the transition time is kept unless a status changes). */
  Conditions conditions() {
    return Conditions.from(status.getConditions(), promotion.getMetadata().getGeneration(), clock);
  }

  /** Look again at {@code at} (an exact instant, e.g. a soak's end) or after {@code poll}, whichever is sooner. */
  void wakeUp(Instant at, Duration poll) {
    if (at != null && (wakeUpAt == null || at.isBefore(wakeUpAt))) {
      wakeUpAt = at;
    }
    if (poll != null && (pollAfter == null || poll.compareTo(pollAfter) < 0)) {
      pollAfter = poll;
    }
  }

  String qualifiedName() {
    return promotion.getMetadata().getNamespace() + "/" + promotion.getMetadata().getName();
  }
}
