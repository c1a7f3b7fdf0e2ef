package io.stageline.promotion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.api.v1alpha1.Approval;
import io.stageline.api.v1alpha1.Promotion;
import io.stageline.api.v1alpha1.PromotionStatus.Phase;
import io.stageline.testing.Edits;
import io.stageline.testing.Ground;
import io.stageline.testing.OnBothGrounds;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The approve level and the shipped approval admission policy's authorizer checks, on the embedded API
 * and on kube-apiserver (whose CEL authorizer is the reference): someone without the approve verb is
 * refused, an approver cannot change what they approve, and an approver's approval counts. Names start
 * with "bg-approve" because the real control plane is shared by the run's real-server tests.
 */
class ApproverLevelOnBothGroundsTest {
  private static final String NS = "bg-approve";

  @OnBothGrounds
  void approversApproveAndChangeNothingElseWhileOthersCannotApprove(Ground ground) {
    KubernetesClient admin = ground.admin();
    load(admin, """
        apiVersion: stageline.io/v1alpha1
        kind: Environment
        metadata: {name: bg-approve}
        spec:
          stage: development
          workloads: {selector: {matchLabels: {app: bg-approve}}}
          promotionPolicy: {requiredGates: []}
        ---
        apiVersion: stageline.io/v1alpha1
        kind: AccessPolicy
        metadata: {name: bg-approve}
        spec:
          environments: {names: [bg-approve]}
          grants:
            - access: deploy
              subjects: [{kind: Group, name: bg-developers}]
            - access: approve
              subjects: [{kind: Group, name: bg-release-managers}]
        """);
    await().until(() -> admin.rbac().roleBindings().inNamespace(NS).withName("stageline-bg-approve-approve").get() != null
        && admin.rbac().roleBindings().inNamespace(NS).withName("stageline-bg-approve-deploy").get() != null);
    try (KubernetesClient alice = ground.clientAs("alice", "bg-developers")) {
      await().ignoreExceptions().until(() -> load(alice, """
          apiVersion: stageline.io/v1alpha1
          kind: Promotion
          metadata: {name: release, namespace: bg-approve}
          spec:
            environment: bg-approve
            requestedBy: alice
            release: {version: "1.0.0", images: {web: "registry.example/web:1.0.0"}}
            gates:
              - name: sign-off
                approval: {count: 1, groups: [bg-release-managers]}
          """));
    }
    await().until(() -> "WaitingForGates".equals(String.valueOf(phase(admin))));

    try (KubernetesClient dave = ground.clientAs("dave", "bg-developers")) {
      assertThat(refusal(dave, p -> withApproval(p, "dave", "bg-developers")))
          .as("a deployer holds no patch on promotions: RBAC refuses")
          .contains("User \"dave\" cannot patch resource \"promotions\"");
    }
    try (KubernetesClient olga = ground.clientAs("olga", "bg-editors")) {
      // olga may edit promotions through a Role of her own, but holds no approve verb
      load(admin, """
          apiVersion: rbac.authorization.k8s.io/v1
          kind: Role
          metadata: {name: bg-promotion-editor, namespace: bg-approve}
          rules: [{apiGroups: [stageline.io], resources: [promotions], verbs: [get, list, watch, patch, update]}]
          ---
          apiVersion: rbac.authorization.k8s.io/v1
          kind: RoleBinding
          metadata: {name: bg-promotion-editors, namespace: bg-approve}
          roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: bg-promotion-editor}
          subjects: [{apiGroup: rbac.authorization.k8s.io, kind: Group, name: bg-editors}]
          """);
      await().until(() -> refusal(olga, p -> withApproval(p, "olga", "bg-editors"))
          .contains("approving needs the approve verb on promotions in bg-approve (the approve or admin access level): "
              + "olga does not have it"));
    }
    try (KubernetesClient rita = ground.clientAs("rita", "bg-release-managers")) {
      assertThat(refusal(rita, p -> {
        p.getSpec().getRelease().setVersion("6.6.6");
        return p;
      })).contains("only approvals can be added to a promotion by a user who may not delete it (rita)");
      Edits.edit(rita.resources(Promotion.class).inNamespace(NS).withName("release"),
          p -> withApproval(p, "rita", "bg-release-managers"));
    }
    await().untilAsserted(() -> assertThat(admin.resources(Promotion.class).inNamespace(NS).withName("release").get()
        .getStatus().getApprovals()).extracting(a -> a.getBy() + "=" + a.getAccepted()).containsExactly("rita=true"));
    Promotion approved = admin.resources(Promotion.class).inNamespace(NS).withName("release").get();
    assertThat(approved.getSpec().getApprovals()).extracting(Approval::getBy).containsExactly("rita");
    assertThat(approved.getSpec().getRelease().getVersion()).isEqualTo("1.0.0");
  }

  private static boolean load(KubernetesClient as, String yaml) {
    as.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items()
        .forEach(o -> as.resource(o).create());
    return true;
  }

  private static Phase phase(KubernetesClient admin) {
    Promotion p = admin.resources(Promotion.class).inNamespace(NS).withName("release").get();
    return p == null || p.getStatus() == null ? null : p.getStatus().getPhase();
  }

  private static Promotion withApproval(Promotion p, String by, String... groups) {
    Approval a = new Approval(by, Instant.now().toString(), "approved");
    a.setGroups(List.of(groups));
    p.getSpec().getApprovals().add(a);
    return p;
  }

  /** The message of a refused edit, read again while the only failure is a conflict with the operator's writes. */
  private static String refusal(KubernetesClient as, UnaryOperator<Promotion> change) {
    return await().until(() -> {
      Throwable t = catchThrowable(() -> as.resources(Promotion.class).inNamespace(NS).withName("release").edit(change));
      assertThat(t).as("the edit must be refused").isNotNull();
      return t.getMessage();
    }, m -> !m.contains("Conflict") && !m.contains("the object has been modified"));
  }
}
