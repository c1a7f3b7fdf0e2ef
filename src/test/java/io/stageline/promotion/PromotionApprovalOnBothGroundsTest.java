package io.stageline.promotion;

import static io.stageline.promotion.PromotionApprovalTest.approval;
import static io.stageline.testing.PromotionPath.release;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.api.v1alpha1.Approval;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.Gate;
import io.stageline.api.v1alpha1.Promotion;
import io.stageline.api.v1alpha1.PromotionSpec;
import io.stageline.api.v1alpha1.PromotionStatus;
import io.stageline.api.v1alpha1.PromotionStatus.ApprovalStatus;
import io.stageline.api.v1alpha1.PromotionStatus.Phase;
import io.stageline.api.v1alpha1.Stage;
import io.stageline.testing.PromotionPath;
import io.stageline.testing.Awaits;
import io.stageline.testing.Edits;
import io.stageline.testing.Ground;
import io.stageline.testing.OnBothGrounds;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * Approval quorum on both grounds: distinct approvers from the named groups or users, never the requester,
 * each checked by the operator with a SubjectAccessReview, added by impersonated users under RBAC and the
 * shipped admission policy; the quorum completed while the operator is down is found after its restart.
 */
class PromotionApprovalOnBothGroundsTest {
  static ConditionFactory await() {
    return Awaitility.await().atMost(Awaits.TIMEOUT).pollInterval(Duration.ofMillis(250));
  }

  @OnBothGrounds
  void quorumOfDistinctAuthorisedApproversOpensTheGateAcrossARestart(Ground ground) {
    String ns = "bg-quorum";
    stage(ground, ns);
    request(ground, ns, approval(2));
    await().untilAsserted(() -> assertThat(status(ground, ns).getWaitingOn())
        .isEqualTo("0 of 2 approvals; needs a member of release-managers or one of erin"));

    approveAs(ground, ns, "bob", "release-managers");
    await().untilAsserted(() -> assertThat(status(ground, ns).getWaitingOn())
        .isEqualTo("1 of 2 approvals; needs a member of release-managers or one of erin"));
    approveAs(ground, ns, "bob", "release-managers");
    ground.stopOperator();
    approveAs(ground, ns, "carol", "release-managers");
    ground.startOperator();

    await().untilAsserted(() -> assertThat(status(ground, ns).getPhase()).isEqualTo(Phase.Succeeded));
    PromotionStatus status = status(ground, ns);
    assertThat(status.getGates().get(0).getMessage()).isEqualTo("2 of 2 approvals: bob, carol");
    assertThat(status.getApprovals()).extracting(ApprovalStatus::getBy, ApprovalStatus::getAccepted)
        .containsExactly(Tuple.tuple("bob", true), Tuple.tuple("carol", true));
    assertThat(ground.admin().apps().deployments().inNamespace(ns).withName("shop").get().getSpec().getTemplate()
        .getSpec().getContainers().get(0).getImage()).isEqualTo("registry.example/web:1.0.0");
  }

  @OnBothGrounds
  void requesterUnlistedAndUnauthorisedApprovalsAreListedAsRejectedWithWhy(Ground ground) {
    String ns = "bg-rejected";
    stage(ground, ns);
    request(ground, ns, approval(1));

    approveAs(ground, ns, "alice", "release-managers"); // alice requested it
    approveAs(ground, ns, "dave", "developers", "other-approvers"); // may approve, but not in the gate's groups or users
    // listed by name; may approve only through a group her approval does not claim, so the operator's review fails
    approveAs(ground, ns, "erin", List.of(), "other-approvers");

    await().untilAsserted(() -> assertThat(status(ground, ns).getApprovals()).hasSize(3));
    PromotionStatus status = status(ground, ns);
    assertThat(status.getPhase()).isEqualTo(Phase.WaitingForGates);
    assertThat(status.getApprovals()).extracting(ApprovalStatus::getBy, ApprovalStatus::getAccepted, ApprovalStatus::getReason)
        .containsExactly(
            Tuple.tuple("alice", false, "alice requested this promotion and cannot approve it"),
            Tuple.tuple("dave", false, "dave is not a member of release-managers or one of erin"),
            Tuple.tuple("erin", false, status.getApprovals().get(2).getReason()));
    assertThat(status.getApprovals().get(2).getReason())
        .startsWith("erin may not approve promotions in " + ns + " (SubjectAccessReview: ");
    assertThat(status.getWaitingOn()).isEqualTo("0 of 1 approvals; needs a member of release-managers or one of erin");
    await().untilAsserted(() -> assertThat(events(ground, ns, "ApprovalRejected")).hasSize(3)
        .allSatisfy(e -> assertThat(e.getType()).isEqualTo("Warning")));
  }

  /**
   * A development Environment with a Deployment "shop"; release managers hold the admin level (with the
   * approve verb), developers the deploy level, approvers of other promotions the approve level (they pass
   * admission's approve check but are not this gate's approvers); developers and erin may edit promotions.
   */
  private static void stage(Ground ground, String ns) {
    PromotionPath path = PromotionPath.of(ground);
    path.environment(ns, Stage.development, null);
    path.grant(ns, "admin", "release-managers");
    path.grant(ns, "deploy", "developers");
    path.grant(ns, "approve", "other-approvers");
    ground.admin().load(new ByteArrayInputStream("""
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: promotion-editor, namespace: %s}
        rules:
        - apiGroups: [stageline.io]
          resources: [promotions]
          verbs: [get, update, patch]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: promotion-editors, namespace: %s}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: promotion-editor}
        subjects:
        - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: developers}
        - {apiGroup: rbac.authorization.k8s.io, kind: User, name: erin}
        """.formatted(ns, ns).getBytes(StandardCharsets.UTF_8))).create();
  }

  /** alice, a developer, requests the promotion in her own name, as the admission policy demands. */
  private static void request(Ground ground, String ns, Gate gate) {
    Promotion p = new Promotion();
    p.getMetadata().setName("release");
    p.getMetadata().setNamespace(ns);
    PromotionSpec spec = new PromotionSpec();
    spec.setEnvironment(ns);
    spec.setRelease(release("1.0.0"));
    spec.setRequestedBy("alice");
    spec.setGates(new ArrayList<>(List.of(gate)));
    p.setSpec(spec);
    try (KubernetesClient alice = ground.clientAs("alice", "developers")) {
      alice.resource(p).create();
    }
  }

  /** Adds an approval as the approver, impersonated, in their own name and groups (retried on a conflict). */
  private static void approveAs(Ground ground, String ns, String user, String... groups) {
    approveAs(ground, ns, user, List.of(groups), groups);
  }

  /** As the user in the given groups, with an approval claiming the given subset of them. */
  private static void approveAs(Ground ground, String ns, String user, List<String> claimed, String... groups) {
    Approval approval = new Approval(user, Instant.now().toString(), "approved");
    approval.setGroups(claimed);
    try (KubernetesClient as = ground.clientAs(user, groups)) {
      Edits.edit(as.resources(Promotion.class).inNamespace(ns).withName("release"), p -> {
        p.getSpec().getApprovals().add(approval);
        return p;
      });
    }
  }

  private static PromotionStatus status(Ground ground, String ns) {
    Promotion p = ground.admin().resources(Promotion.class).inNamespace(ns).withName("release").get();
    assertThat(p.getStatus()).as("status of %s/release", ns).isNotNull();
    return p.getStatus();
  }

  private static List<Event> events(Ground ground, String ns, String reason) {
    return ground.admin().v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> "release".equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason())).toList();
  }
}
