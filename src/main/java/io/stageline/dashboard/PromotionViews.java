package io.stageline.dashboard;

import io.stageline.api.v1alpha1.StatusConditions;
import io.stageline.api.v1alpha1.PromotionConditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.stageline.api.v1alpha1.Approval;
import io.stageline.api.v1alpha1.Environment;
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
import io.stageline.promotion.RequiredGates;
import io.stageline.promotion.gates.GateRunner;
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

  /** Promotions into {@code target} still under way (not in a final phase), oldest first: the order they are worked on. */
  List<PromotionView> active(Environment target, List<Promotion> promotions) {
    return promotions.stream()
        .filter(p -> !isFinal(p))
        .sorted(Comparator.comparing(PromotionViews::created))
        .map(p -> view(p, target))
        .toList();
  }

  /** Finished promotions into {@code target}, most recently completed first. */
  List<PromotionView> recent(Environment target, List<Promotion> promotions) {
    return promotions.stream()
        .filter(PromotionViews::isFinal)
        .sorted(Comparator.comparing(PromotionViews::completed).reversed())
        .limit(RECENT_LIMIT)
        .map(p -> view(p, target))
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

  /** A promotion seen without its target: only its own gates are known. */
  static PromotionView view(Promotion p) {
    return view(p, null);
  }

  static PromotionView view(Promotion p, Environment target) {
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
        approvals(gates(spec, target), spec, status),
        status.getStartedAt(),
        status.getCompletedAt(),
        isFinal(p) ? outcome(status) : null);
  }

  /**
   * How a finished promotion ended, in the reconciler's words: why it was rejected (its Admitted
   * condition), else how it completed (Succeeded: promoted, failed or rolled back).
   */
  private static String outcome(PromotionStatus status) {
    String condition = status.getPhase() == PromotionStatus.Phase.Rejected ? PromotionConditions.Type.ADMITTED : PromotionConditions.Type.SUCCEEDED;
    return status.findCondition(condition).or(() -> status.findCondition(StatusConditions.READY))
        .map(Condition::getMessage).orElse(null);
  }

  private static List<GateView> gates(List<GateStatus> gates) {
    return gates == null ? List.of()
        : gates.stream().map(g -> new GateView(g.getName(), g.getKind(),
            g.getState() == null ? null : g.getState().name(), g.getMessage(), g.getSince())).toList();
  }

  /**
   * The gates the operator evaluates: the promotion's own and those its target's promotion policy
   * requires, from {@link RequiredGates#plan}, the operator's own source, so that the page counts
   * the approvals a production Environment requires even when the promotion lists none.
   */
  static List<Gate> gates(PromotionSpec spec, Environment target) {
    List<Gate> own = nullSafe(spec.getGates());
    if (target == null || target.getSpec() == null || target.getSpec().getStage() == null) {
      return own;
    }
    RequiredGates.Plan plan = RequiredGates.plan(own, target);
    return plan.refused() ? own : plan.gates();
  }

  /**
   * Approvals given (from the spec, with the operator's verdict from the status where it has judged
   * them) and how many the approval gates still need, gate by gate.
   */
  static ApprovalsView approvals(List<Gate> gates, PromotionSpec spec, PromotionStatus status) {
    List<Gate> approvalGates = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < gates.size(); i++) {
      if (gates.get(i).getApproval() != null) {
        approvalGates.add(gates.get(i));
        names.add(GateRunner.nameOf(gates.get(i), i));
      }
    }
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
    int missing = 0;
    for (int i = 0; i < approvalGates.size(); i++) {
      String name = names.get(i);
      // a verdict without a gate name predates per-gate verdicts: it counts for every approval gate
      long accepted = nullSafe(status.getApprovals()).stream()
          .filter(a -> Boolean.TRUE.equals(a.getAccepted()) && (a.getGate() == null || name.equals(a.getGate())))
          .map(ApprovalStatus::getBy).distinct().count();
      Integer count = approvalGates.get(i).getApproval().getCount();
      missing += (int) Math.max(0, (count == null ? 0 : count) - accepted);
    }
    if (required == 0 && given.isEmpty()) {
      return null;
    }
    return new ApprovalsView(required, missing, List.copyOf(approvers), given);
  }

  private static <T> List<T> nullSafe(List<T> list) {
    return list == null ? List.of() : list;
  }
}
