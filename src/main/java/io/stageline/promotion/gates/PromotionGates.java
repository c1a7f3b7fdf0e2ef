package io.stageline.promotion.gates;

import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.Gate;
import io.stageline.api.v1alpha1.ObjectRef;
import io.stageline.api.v1alpha1.Promotion;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one place a promotion's gates are gathered from where they are declared: its own, its verification's,
 * and those the target Environment's promotion policy requires. The admission plan, the gate informers, the
 * event mapping and the condition gate's cluster-scope check all ask here.
 */
public final class PromotionGates {
  private PromotionGates() {}

  /** The gates the platform requires of promotions into {@code target}; empty when it declared none (stage defaults apply). */
  public static Optional<List<Gate>> declaredRequired(Environment target) {
    if (target == null || target.getSpec() == null || target.getSpec().getPromotionPolicy() == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(target.getSpec().getPromotionPolicy().getRequiredGates());
  }

  /** The objects the condition gates of {@code p} name: its own, its verification's and its target's required ones. */
  public static List<ObjectRef> conditionRefs(Promotion p, Environment target) {
    List<Gate> gates = new ArrayList<>(p.getSpec().getGates());
    if (p.getSpec().getVerification() != null) {
      gates.addAll(p.getSpec().getVerification().getGates());
    }
    declaredRequired(target).ifPresent(gates::addAll);
    return gates.stream().filter(g -> g.getCondition() != null && g.getCondition().getRef() != null)
        .map(g -> g.getCondition().getRef()).toList();
  }
}
