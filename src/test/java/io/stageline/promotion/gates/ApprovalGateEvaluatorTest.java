package io.stageline.promotion.gates;

import static io.stageline.promotion.gates.GateEvaluatorFixtures.input;
import static io.stageline.promotion.gates.GateEvaluatorFixtures.promotion;
import static io.stageline.promotion.gates.GateEvaluatorFixtures.target;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.stageline.api.v1alpha1.Approval;
import io.stageline.api.v1alpha1.Gate;
import io.stageline.api.v1alpha1.Promotion;
import io.stageline.api.v1alpha1.PromotionStatus.ApprovalStatus;
import io.stageline.api.v1alpha1.PromotionStatus.GateStatus.State;
import io.stageline.testing.OperatorExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How an approval quorum is judged: distinct approvers, listed by user or group, never the requester,
 * each allowed by RBAC to approve (a SubjectAccessReview against the API's stored RBAC), and nothing
 * counted while the approval admission policy is not enforcing.
 */
class ApprovalGateEvaluatorTest {
  @RegisterExtension OperatorExtension op = OperatorExtension.apiOnly();
  boolean enforcing = true;
  ApprovalGateEvaluator evaluator;

  @BeforeEach
  void rbac() {
    evaluator = new ApprovalGateEvaluator(op.client(), new ApprovalPolicyCheck() {
      @Override
      public boolean enforcing() {
        return enforcing;
      }
    });
    op.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("shop-prod").endMetadata().build())
        .create();
    op.client().resource(new ClusterRoleBuilder().withNewMetadata().withName("approve-promotions").endMetadata()
        .addNewRule().withApiGroups("stageline.io").withResources("promotions").withVerbs("approve").endRule().build()).create();
    op.client().resource(new RoleBindingBuilder().withNewMetadata().withName("release-managers").withNamespace("shop-prod")
        .endMetadata().withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole")
        .withName("approve-promotions").endRoleRef()
        .addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("Group").withName("release-managers").endSubject()
        .build()).create();
  }

  @Test
  void twoDistinctReleaseManagersPassAQuorumOfTwo() {
    GateResult r = judge(promotion("alice", approval("bob", "release-managers"), approval("carol", "release-managers")));

    assertThat(r.state()).isEqualTo(State.Passed);
    assertThat(r.message()).isEqualTo("2 of 2 approvals: bob, carol");
    assertThat(r.approvals()).extracting(ApprovalStatus::getAccepted).containsExactly(true, true);
  }

  @Test
  void theRequesterNeverCountsAndOneApproverCountsOnce() {
    GateResult r = judge(promotion("bob", approval("bob", "release-managers"), approval("carol", "release-managers"),
        approval("carol", "release-managers")));

    assertThat(r.state()).isEqualTo(State.Waiting);
    assertThat(r.message()).isEqualTo("1 of 2 approvals; needs a member of release-managers");
    assertThat(r.approvals().get(0).getReason()).isEqualTo("bob requested this promotion and cannot approve it");
  }

  @Test
  void someoneNotListedOrListedButWithoutTheRbacToApproveIsRefusedWithTheReason() {
    Gate gate = quorum(1);
    gate.getApproval().getUsers().add("dave");

    GateResult r = evaluator.evaluate(input(promotion("alice", approval("erin", "developers"), approval("dave")), gate,
        target("production"), null, List.of()));

    assertThat(r.state()).isEqualTo(State.Waiting);
    assertThat(r.approvals()).extracting(ApprovalStatus::getReason).containsExactly(
        "erin is not a member of release-managers or one of dave",
        "dave may not approve promotions in shop-prod (SubjectAccessReview: no RBAC rule allows it)");
  }

  @Test
  void withoutTheEnforcingAdmissionPolicyNothingCountsAndTheGateSaysWhy() {
    enforcing = false;

    GateResult r = judge(promotion("alice", approval("bob", "release-managers"), approval("carol", "release-managers")));

    assertThat(r.state()).isEqualTo(State.Waiting);
    assertThat(r.message()).isEqualTo(ApprovalPolicyCheck.MISSING);
    assertThat(r.approvals()).extracting(ApprovalStatus::getAccepted).containsExactly(false, false);
  }

  @Test
  void anApprovalJudgedBeforeIsNotJudgedAgain() {
    Promotion p = promotion("alice", approval("bob", "release-managers"));
    ApprovalStatus earlier = judge(p).approvals().get(0);
    op.client().rbac().roleBindings().inNamespace("shop-prod").withName("release-managers").delete();

    GateResult r = evaluator.evaluate(input(p, quorum(1), target("production"), null, List.of(earlier)));

    assertThat(r.state()).isEqualTo(State.Passed);
    assertThat(r.approvals()).singleElement().isEqualTo(earlier);
  }

  private GateResult judge(Promotion p) {
    return evaluator.evaluate(input(p, quorum(2), target("production"), null, List.of()));
  }

  private static Promotion promotion(String requester, Approval... approvals) {
    Promotion p = GateEvaluatorFixtures.promotion("shop-prod", requester);
    p.getSpec().setApprovals(new ArrayList<>(List.of(approvals)));
    return p;
  }

  private static Approval approval(String by, String... groups) {
    Approval a = new Approval(by, "2026-12-07T09:0" + Math.abs(by.hashCode() % 10) + ":00Z", null);
    a.setGroups(new ArrayList<>(List.of(groups)));
    return a;
  }

  private static Gate quorum(int count) {
    Gate g = new Gate();
    Gate.ApprovalGate a = new Gate.ApprovalGate();
    a.setCount(count);
    a.setGroups(new ArrayList<>(List.of("release-managers")));
    g.setApproval(a);
    return g;
  }
}
