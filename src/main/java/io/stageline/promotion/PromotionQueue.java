package io.stageline.promotion;

import io.stageline.api.v1alpha1.Promotion;
import io.stageline.api.v1alpha1.PromotionStatus.Phase;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One active promotion per Environment. A promotion is active from WaitingForGates until it
 * finishes; the others wait in order of creation. A promotion with {@code supersede: true}
 * replaces the promotions ahead of it that have not started to switch (Pending or WaitingForGates):
 * they are Rejected with reason Superseded and it goes first.
 */
public final class PromotionQueue {
  static final Comparator<Promotion> ORDER = Comparator
      .comparing((Promotion p) -> p.getMetadata().getCreationTimestamp() == null ? "" : p.getMetadata().getCreationTimestamp())
      .thenComparing(p -> p.getMetadata().getName());

  private PromotionQueue() {}

  /** The promotion {@code p} waits behind, if any. */
  public static Optional<Promotion> ahead(Promotion p, List<Promotion> siblings) {
    return sameEnvironment(p, siblings).stream()
        .filter(o -> isActive(o) || (ORDER.compare(o, p) < 0 && !supersedes(p, o)))
        .min(Comparator.comparing((Promotion o) -> isActive(o) ? 0 : 1).thenComparing(ORDER));
  }

  /** A newer promotion that replaces {@code p}, if {@code p} has not started to switch. */
  public static Optional<Promotion> supersededBy(Promotion p, List<Promotion> siblings) {
    return sameEnvironment(p, siblings).stream().filter(o -> supersedes(o, p)).min(ORDER);
  }

  /**
   * A superseding promotion replaces every waiting one that does not itself supersede; between two
   * superseding ones the newer wins. (No timestamps needed for the common case: creation times
   * have one-second resolution.)
   */
  private static boolean supersedes(Promotion newer, Promotion older) {
    boolean olderSupersedes = isSuperseding(older);
    return isSuperseding(newer)
        && phase(newer) == Phase.Pending
        && (!olderSupersedes || ORDER.compare(older, newer) < 0)
        && (phase(older) == Phase.Pending || phase(older) == Phase.WaitingForGates);
  }

  private static boolean isSuperseding(Promotion p) {
    return Boolean.TRUE.equals(p.getSpec().getSupersede());
  }

  private static boolean isActive(Promotion p) {
    Phase phase = phase(p);
    return phase == Phase.WaitingForGates || phase == Phase.Promoting || phase == Phase.Verifying;
  }

  private static List<Promotion> sameEnvironment(Promotion p, List<Promotion> siblings) {
    return siblings.stream()
        .filter(o -> !o.getMetadata().getName().equals(p.getMetadata().getName()))
        .filter(o -> p.getSpec().getEnvironment().equals(o.getSpec().getEnvironment()))
        .filter(o -> !phase(o).isFinal())
        .toList();
  }

  static Phase phase(Promotion p) {
    return p.getStatus() == null || p.getStatus().getPhase() == null ? Phase.Pending : p.getStatus().getPhase();
  }
}
