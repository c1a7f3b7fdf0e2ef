package io.stageline.dashboard;

import io.fabric8.kubernetes.api.model.Condition;
import io.stageline.api.v1alpha1.Approval;
import io.stageline.api.v1alpha1.Gate;
import io.stageline.api.v1alpha1.Promotion;
import io.stageline.api.v1alpha1.PromotionSpec;
import io.stageline.api.v1alpha1.PromotionStatus;
import io.stageline.api.v1alpha1.PromotionStatus.ApprovalStatus;
import io.stageline.api.v1alpha1.PromotionStatus.GateStatus;
import io.stageline.dashboard.DashboardSnapshot.ApprovalView;
import io.stageline.dashboard.DashboardSnapshot.ApprovalsView;
import io.stageline.dashboard.DashboardSnapshot.GateView;
import io.stageline.dashboard.DashboardSnapshot.PromotionView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Promotions as the page shows them. Gate messages are copied verbatim from {@code status.gates[]}
 * and {@code status.waitingOn}, so the page says exactly what {@code kubectl stageline why} says.
 */
final class PromotionViews {
  static final int RECENT_LIMIT = 5;

  /** Promotions still under way (not in a final phase), oldest first: the order they are worked on. */
  List<PromotionView> active(List<Promotion> promotions) {
    return promotions.stream()
        .filter(p -> !isFinal(p))
        .sorted(Comparator.comparing(PromotionViews::created))
        .map(PromotionViews::view)
        .toList();
  }

  /** Finished promotions, most recently completed first. */
  List<PromotionView> recent(List<Promotion> promotions) {
    return promotions.stream()
        .filter(PromotionViews::isFinal)
        .sorted(Comparator.comparing(PromotionViews::completed).reversed())
        .limit(RECENT_LIMIT)
        .map(PromotionViews::view)
        .toList();
  }

  private static boolean isFinal(Promotion p) {
    return p.getStatus() != null && p.getStatus().getPhase() != null && p.getStatus().getPhase().isFinal();
  }

  private static String created(Promotion p) {
    String t = p.getMetadata().getCreationTimestamp();
    return (t == null ? "" : t) + p.getMetadata().getName();
  }

  private static String completed(Promotion p) {
    String t = p.getStatus().getCompletedAt();
    return t != null ? t : created(p);
  }

  static PromotionView view(Promotion p) {
    PromotionSpec spec = p.getSpec() == null ? new PromotionSpec() : p.getSpec();
    PromotionStatus status = p.getStatus() == null ? new PromotionStatus() : p.getStatus();
    var release = status.getRelease() != null && !status.getRelease().isEmpty() ? status.getRelease() : spec.getRelease();
    return new PromotionView(
        p.getMetadata().getNamespace(),
        p.getMetadata().getName(),
        spec.getEnvironment(),
        status.getPhase() == null ? "Pending" : status.getPhase().name(),
        release == null ? null : release.getVersion(),
        release == null || release.getImages() == null || release.getImages().isEmpty() ? null : new TreeMap<>(release.getImages()),
        status.getPreviousRelease() == null ? null : status.getPreviousRelease().getVersion(),
        spec.getRequestedBy(),
        status.getWaitingOn(),
        gates(status.getGates()),
        gates(status.getVerification()),
        approvals(spec, status),
        status.getStartedAt(),
        status.getCompletedAt(),
        isFinal(p) ? outcome(status) : null);
  }

  /**
   * How a finished promotion ended, in the reconciler's words: why it was rejected (its Admitted
   * condition), else how it completed (Succeeded: promoted, failed or rolled back).
   */
  private static String outcome(PromotionStatus status) {
    String condition = status.getPhase() == PromotionStatus.Phase.Rejected ? "Admitted" : "Succeeded";
    return status.findCondition(condition).or(() -> status.findCondition("Ready"))
        .map(Condition::getMessage).orElse(null);
  }

  private static List<GateView> gates(List<GateStatus> gates) {
    return gates == null ? List.of()
        : gates.stream().map(g -> new GateView(g.getName(), g.getKind(),
            g.getState() == null ? null : g.getState().name(), g.getMessage(), g.getSince())).toList();
  }

  /**
   * Approvals given (from the spec, with the operator's verdict from the status where it has judged
   * them) and how many the approval gates still need.
   */
  static ApprovalsView approvals(PromotionSpec spec, PromotionStatus status) {
    List<Gate> approvalGates = spec.getGates() == null ? List.of()
        : spec.getGates().stream().filter(g -> g.getApproval() != null).toList();
    int required = approvalGates.stream().mapToInt(g -> g.getApproval().getCount() == null ? 0 : g.getApproval().getCount()).sum();
    Set<String> approvers = new LinkedHashSet<>();
    for (Gate g : approvalGates) {
      nullSafe(g.getApproval().getGroups()).forEach(n -> approvers.add("Group:" + n));
      nullSafe(g.getApproval().getUsers()).forEach(n -> approvers.add("User:" + n));
    }
    List<ApprovalView> given = new ArrayList<>();
    for (Approval a : nullSafe(spec.getApprovals())) {
      ApprovalStatus verdict = nullSafe(status.getApprovals()).stream()
          .filter(s -> Objects.equals(s.getBy(), a.getBy())).findFirst().orElse(null);
      given.add(new ApprovalView(a.getBy(), a.getAt(), a.getComment(),
          verdict == null ? null : verdict.getAccepted(), verdict == null ? null : verdict.getReason()));
    }
    long accepted = given.stream().filter(a -> Boolean.TRUE.equals(a.accepted())).count();
    if (required == 0 && given.isEmpty()) {
      return null;
    }
    return new ApprovalsView(required, (int) Math.max(0, required - accepted), List.copyOf(approvers), given);
  }

  private static <T> List<T> nullSafe(List<T> list) {
    return list == null ? List.of() : list;
  }
}
