package io.stageline.promotion.gates;

import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.Gate;
import io.stageline.api.v1alpha1.Promotion;
import io.stageline.api.v1alpha1.PromotionStatus.ApprovalStatus;
import io.stageline.api.v1alpha1.PromotionStatus.GateStatus;
import io.stageline.api.v1alpha1.Release;
import java.time.Instant;
import java.util.List;

/**
 * What a gate is decided on.
 *
 * @param name the gate's name in status (its own, else kind-position)
 * @param previous the gate's status from the last reconcile, null the first time
 * @param judged approvals already judged (an approval is checked with a SubjectAccessReview once)
 * @param verification true for gates checked after the switch
 */
public record GateInput(
    Promotion promotion,
    Gate gate,
    String name,
    Environment target,
    Environment upstream,
    Release release,
    GateStatus previous,
    List<ApprovalStatus> judged,
    Instant now,
    boolean verification) {

  public String namespace() {
    return promotion.getMetadata().getNamespace();
  }

  /** When this gate started waiting: kept across reconciles in status; now, the first time it is evaluated. */
  public Instant since() {
    return previous == null || previous.getSince() == null || previous.getState() == GateStatus.State.Pending
        ? now : Instant.parse(previous.getSince());
  }
}
