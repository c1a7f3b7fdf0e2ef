package io.stageline.promotion;

import static io.stageline.testing.PromotionPath.release;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.api.v1alpha1.Approval;
import io.stageline.api.v1alpha1.Gate;
import io.stageline.api.v1alpha1.Promotion;
import io.stageline.api.v1alpha1.PromotionStatus.Phase;
import io.stageline.api.v1alpha1.Stage;
import io.stageline.testing.PromotionPath;
import io.stageline.testing.ApprovalPolicy;
import io.stageline.testing.Edits;
import io.stageline.testing.OperatorExtension;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Approval quorum: distinct approvers from the named groups or users, never the requester, each checked with RBAC. */
class PromotionApprovalTest {
  @RegisterExtension OperatorExtension op = OperatorExtension.running();
  PromotionPath f;

  @BeforeEach
  void stage() {
    f = PromotionPath.of(op);
    f.environment("development", Stage.development, null);
    // Release managers hold the admin level in the namespace, which includes the approve verb on promotions.
    op.client().resource(new RoleBindingBuilder()
        .withNewMetadata().withName("release-managers").withNamespace("development").endMetadata()
        .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName("stageline-admin").endRoleRef()
        .addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("Group").withName("release-managers").endSubject()
        .build()).create();
    await().until(() -> op.client().rbac().clusterRoles().withName("stageline-admin").get() != null);
    // Developers request promotions; approvals are signatures only under the shipped admission policy.
    f.grant("development", "deploy", "developers");
    // Approvers of other promotions: they pass admission's approve check but are not this gate's approvers.
    f.grant("development", "approve", "other-approvers");
    // Developers and erin may also edit promotions (so they can add an approval) but hold no approve verb.
    op.client().load(new java.io.ByteArrayInputStream("""
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: promotion-editor, namespace: development}
        rules:
        - apiGroups: [stageline.io]
          resources: [promotions]
          verbs: [get, update, patch]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: promotion-editors, namespace: development}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: promotion-editor}
        subjects:
        - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: developers}
        - {apiGroup: rbac.authorization.k8s.io, kind: User, name: erin}
        """.getBytes(java.nio.charset.StandardCharsets.UTF_8))).create();
    ApprovalPolicy.install(op.client());
  }

  /** alice, a developer, requests the promotion. */
  private void request(Gate gate) {
    try (KubernetesClient alice = op.api().newClient("alice", "developers")) {
      f.promotion(alice, "release", "development", "development", release("1.0.0"), spec -> spec, gate);
    }
  }

  @Test
  void shippedAdmissionPolicyRefusesApprovalsClaimingSomeoneElsesNameOrGroups() {
    request(approval(1));
    // once the operator's status is settled no write races the attempts below (a 409 would hide the refusal)
    await().untilAsserted(() -> assertThat(f.waitingOn("development", "release"))
        .isEqualTo("0 of 1 approvals; needs a member of release-managers or one of erin"));

    try (KubernetesClient bob = op.api().newClient("bob", "release-managers")) {
      assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> addApproval(bob, "bob", "release-managers", "sre")))
          .hasMessageContaining("an approval can only claim groups you are in");
      assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> addApproval(bob, "carol", "release-managers")))
          .hasMessageContaining("an approval can only be added in your own name: by must be bob");
      await().ignoreExceptions().until(() -> addApproval(bob, "bob", "release-managers") != null);
    }

    f.awaitPhase("development", "release", Phase.Succeeded);
  }

  private Promotion addApproval(KubernetesClient as, String by, String... groups) {
    Approval a = new Approval(by, Instant.now().toString(), "ok");
    a.setGroups(List.of(groups));
    return Edits.edit(as.resources(Promotion.class).inNamespace("development").withName("release"), p -> {
      p.getSpec().getApprovals().add(a);
      return p;
    });
  }

  static Gate approval(int count) {
    Gate g = new Gate();
    Gate.ApprovalGate a = new Gate.ApprovalGate();
    a.setCount(count);
    a.setGroups(List.of("release-managers"));
    a.setUsers(List.of("erin"));
    g.setApproval(a);
    return g;
  }
}
