package io.stageline.promotion;

import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.PromotionStatus.Phase;

/**
 * What a promotion does in one phase: judges it from the pass's status and the target Environment, makes the
 * phase's effects, sets the status, and answers the phase it is in afterwards (the same one while it waits).
 * Handlers never write the promotion's status; the reconciler does, once per pass.
 */
@FunctionalInterface
interface PhaseHandler {
  Phase handle(PromotionPass pass, Environment target);
}
