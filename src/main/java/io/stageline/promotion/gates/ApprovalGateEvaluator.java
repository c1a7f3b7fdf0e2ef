package io.stageline.promotion.gates;

import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.api.v1alpha1.Approval;
import io.stageline.api.v1alpha1.Gate.ApprovalGate;
import io.stageline.api.v1alpha1.PromotionStatus.ApprovalStatus;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * N distinct approvers, each a listed user or a member of a listed group, never the requester, and
 * each allowed by RBAC to {@code approve} promotions in the namespace (a SubjectAccessReview). An
 * approval is judged once and the judgement kept in status, so a waiting promotion makes no API
 * writes on every reconcile; a new approval (even by the same user) is judged afresh.
 */
public class ApprovalGateEvaluator implements GateEvaluator {
  private final KubernetesClient client;
  private final ApprovalPolicyCheck policy;

  public ApprovalGateEvaluator(KubernetesClient client, ApprovalPolicyCheck policy) {
    this.client = client;
    this.policy = policy;
  }

  @Override
  public GateResult evaluate(GateInput in) {
    ApprovalGate gate = in.gate().getApproval();
    String requester = in.promotion().getSpec().getRequestedBy();
    // Without the admission policy anyone may write any name into an approval: nothing counts, and an
    // approval first seen now can never be verified (earlier judgements stand for when it is back).
    boolean enforced = policy.enforcing();
    List<ApprovalStatus> judged = new ArrayList<>();
    Set<String> approvers = new LinkedHashSet<>();
    for (Approval approval : in.promotion().getSpec().getApprovals()) {
      if (approval.getBy() == null || judged.stream().anyMatch(j -> j.getBy().equals(approval.getBy()) && Boolean.TRUE.equals(j.getAccepted()))) {
        continue; // one approver counts once
      }
      ApprovalStatus judgement = previous(in, approval).orElseGet(() -> enforced
          ? judge(in, gate, approval, requester)
          : judgement(in, approval, false, "added while the approval admission policy was not enforcing, so it cannot"
              + " be verified: approve again once it is installed"));
      judged.add(judgement);
      if (Boolean.TRUE.equals(judgement.getAccepted())) {
        approvers.add(approval.getBy());
      }
    }
    if (!enforced) {
      return GateResult.waiting(ApprovalPolicyCheck.MISSING).withApprovals(judged);
    }
    int count = gate.getCount();
    if (approvers.size() >= count) {
      return GateResult.passed(approvers.size() + " of " + count + " approvals: " + String.join(", ", approvers))
          .withApprovals(judged);
    }
    return GateResult.waiting(approvers.size() + " of " + count + " approvals; needs " + who(gate)).withApprovals(judged);
  }

  private ApprovalStatus judge(GateInput in, ApprovalGate gate, Approval approval, String requester) {
    String by = approval.getBy();
    if (by.equals(requester)) {
      return judgement(in, approval, false, by + " requested this promotion and cannot approve it");
    }
    boolean anyone = gate.getUsers().isEmpty() && gate.getGroups().isEmpty(); // the default final approval: RBAC decides
    boolean listed = anyone || gate.getUsers().contains(by)
        || approval.getGroups().stream().anyMatch(gate.getGroups()::contains);
    if (!listed) {
      return judgement(in, approval, false, by + " is not " + who(gate));
    }
    SubjectAccessReview review = client.authorization().v1().subjectAccessReview().create(new SubjectAccessReviewBuilder()
        .withNewSpec()
          .withUser(by)
          .withGroups(approval.getGroups())
          .withNewResourceAttributes()
            .withGroup("stageline.io")
            .withResource("promotions")
            .withVerb("approve")
            .withNamespace(in.namespace())
            .withName(in.promotion().getMetadata().getName())
          .endResourceAttributes()
        .endSpec()
        .build());
    boolean allowed = review.getStatus() != null && Boolean.TRUE.equals(review.getStatus().getAllowed());
    if (!allowed) {
      String why = review.getStatus() == null || review.getStatus().getReason() == null || review.getStatus().getReason().isBlank()
          ? "no RBAC rule allows it" : review.getStatus().getReason();
      return judgement(in, approval, false,
          by + " may not approve promotions in " + in.namespace() + " (SubjectAccessReview: " + why + ")");
    }
    return judgement(in, approval, true, "allowed to approve promotions in " + in.namespace());
  }

  /** "a member of release-managers", "one of alice, bob", or both joined by "or". */
  static String who(ApprovalGate gate) {
    if (gate.getGroups().isEmpty() && gate.getUsers().isEmpty()) {
      return "someone allowed to approve other than the requester";
    }
    List<String> parts = new ArrayList<>();
    if (!gate.getGroups().isEmpty()) {
      parts.add("a member of " + String.join(" or ", gate.getGroups()));
    }
    if (!gate.getUsers().isEmpty()) {
      parts.add("one of " + String.join(", ", gate.getUsers()));
    }
    return String.join(" or ", parts);
  }

  private static Optional<ApprovalStatus> previous(GateInput in, Approval approval) {
    return in.judged().stream()
        .filter(j -> Objects.equals(j.getBy(), approval.getBy()) && Objects.equals(j.getAt(), approval.getAt())
            && Objects.equals(j.getGate(), in.name()))
        .findFirst();
  }

  private static ApprovalStatus judgement(GateInput in, Approval approval, boolean accepted, String reason) {
    ApprovalStatus s = new ApprovalStatus();
    s.setGate(in.name());
    s.setBy(approval.getBy());
    s.setAt(approval.getAt());
    s.setAccepted(accepted);
    s.setReason(reason);
    return s;
  }
}
