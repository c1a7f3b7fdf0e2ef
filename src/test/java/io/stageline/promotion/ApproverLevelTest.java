package io.stageline.promotion;

import static io.stageline.testing.PromotionPath.release;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.api.v1alpha1.Approval;
import io.stageline.api.v1alpha1.Gate;
import io.stageline.api.v1alpha1.Promotion;
import io.stageline.api.v1alpha1.PromotionStatus.ApprovalStatus;
import io.stageline.api.v1alpha1.PromotionStatus.Phase;
import io.stageline.api.v1alpha1.Stage;
import io.stageline.testing.PromotionPath;
import io.stageline.testing.ApprovalPolicy;
import io.stageline.testing.Awaits;
import io.stageline.testing.Edits;
import io.stageline.testing.OperatorExtension;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The approve access level: release managers approve promotions without Secrets, exec or the right to
 * change what they approve, and nobody without it can add an approval (the shipped approval admission
 * policy asks the authorizer). All requests are made as the impersonated users, through the API.
 */
class ApproverLevelTest {
  @RegisterExtension OperatorExtension op = OperatorExtension.running();
  PromotionPath f;

  @BeforeEach
  void stage() {
    f = PromotionPath.of(op);
    f.environment("development", Stage.development, null);
    op.client().load(new ByteArrayInputStream("""
        apiVersion: stageline.io/v1alpha1
        kind: AccessPolicy
        metadata: {name: shop}
        spec:
          environments: {names: [development]}
          grants:
            - access: deploy
              subjects: [{kind: Group, name: developers}]
            - access: write
              subjects: [{kind: Group, name: operations}]
            - access: approve
              subjects: [{kind: Group, name: release-managers}]
        """.getBytes(StandardCharsets.UTF_8))).create();
    await().atMost(Awaits.TIMEOUT).until(() -> op.client().rbac().roleBindings().inNamespace("development")
        .list().getItems().stream().anyMatch(rb -> rb.getRoleRef().getName().equals("stageline-approve")));
    ApprovalPolicy.install(op.client());
    try (KubernetesClient alice = op.api().newClient("alice", "developers")) {
      f.promotion(alice, "release", "development", "development", release("1.0.0"), spec -> spec, approvalGate());
    }
    // once the operator's status is settled, refusals below are not hidden by a 409 from its writes
    await().atMost(Awaits.TIMEOUT).untilAsserted(() -> assertThat(f.waitingOn("development", "release"))
        .isEqualTo("0 of 1 approvals; needs a member of release-managers"));
  }

  @Test
  void anApproverApprovesWithoutSecretsExecOrChangingThePromotion() {
    try (KubernetesClient rita = op.api().newClient("rita", "release-managers")) {
      assertThat(catchThrowable(() -> rita.secrets().inNamespace("development").list()))
          .hasMessageContaining("secrets is forbidden: User \"rita\" cannot list resource \"secrets\"");
      assertThat(may(rita, "create", "", "pods", "exec")).isFalse();
      assertThat(may(rita, "create", "", "pods", "portforward")).isFalse();
      assertThat(may(rita, "approve", "stageline.io", "promotions", "")).isTrue();

      assertThat(refusal(rita, p -> {
        p.getSpec().getRelease().setVersion("6.6.6");
        return p;
      })).contains("only approvals can be added to a promotion by a user who may not delete it (rita)");
      assertThat(refusal(rita, p -> {
        p.getSpec().getRelease().setVersion("6.6.6");
        p.getSpec().getApprovals().add(approval("rita", "release-managers"));
        return p;
      })).contains("only approvals can be added to a promotion by a user who may not delete it (rita)");

      await().atMost(Awaits.TIMEOUT).ignoreExceptions().until(() -> edit(rita, p -> {
        p.getSpec().getApprovals().add(approval("rita", "release-managers"));
        return p;
      }) != null);
    }
    Promotion p = f.awaitPhase("development", "release", Phase.Succeeded);
    assertThat(p.getStatus().getApprovals()).extracting(ApprovalStatus::getBy, ApprovalStatus::getAccepted)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("rita", true));
    assertThat(p.getSpec().getGates()).hasSize(1);
    assertThat(p.getSpec().getRelease().getVersion()).isEqualTo("1.0.0");
  }

  @Test
  void whoeverLacksTheApproveVerbCannotAddAnApproval() {
    for (String[] who : List.of(new String[] {"dave", "developers"}, new String[] {"olga", "operations"},
        new String[] {"rita", "release-managers-elsewhere"})) {
      try (KubernetesClient as = op.api().newClient(who[0], who[1])) {
        String refused = refusal(as, p -> {
          p.getSpec().getApprovals().add(approval(who[0], who[1]));
          return p;
        });
        assertThat(refused).as(who[0]).containsAnyOf(
            "approving needs the approve verb on promotions in development (the approve or admin access level): "
                + who[0] + " does not have it",
            "promotions.stageline.io \"release\" is forbidden: User \"" + who[0] + "\" cannot");
      }
    }
    Promotion p = f.get("development", "release");
    assertThat(p.getSpec().getApprovals()).isEmpty();
    assertThat(p.getStatus().getPhase()).isEqualTo(Phase.WaitingForGates);
  }

  private static boolean may(KubernetesClient as, String verb, String group, String resource, String subresource) {
    return as.authorization().v1().selfSubjectAccessReview().create(new SelfSubjectAccessReviewBuilder()
        .withNewSpec().withNewResourceAttributes().withVerb(verb).withGroup(group).withResource(resource)
          .withSubresource(subresource).withNamespace("development").endResourceAttributes().endSpec().build())
        .getStatus().getAllowed();
  }

  private static Promotion edit(KubernetesClient as, UnaryOperator<Promotion> change) {
    return Edits.edit(as.resources(Promotion.class).inNamespace("development").withName("release"), change);
  }

  /** The refusal of an edit, retried while the only failure is a conflict with the operator's status writes. */
  private static String refusal(KubernetesClient as, UnaryOperator<Promotion> change) {
    return await().atMost(Awaits.TIMEOUT).until(() -> {
      Throwable t = catchThrowable(() -> edit(as, change));
      assertThat(t).as("the edit must be refused").isNotNull();
      return t.getMessage();
    }, m -> !m.contains("Conflict") && !m.contains("the object has been modified"));
  }

  private static Approval approval(String by, String... groups) {
    Approval a = new Approval(by, Instant.now().toString(), "approved");
    a.setGroups(List.of(groups));
    return a;
  }

  private static Gate approvalGate() {
    Gate g = new Gate();
    Gate.ApprovalGate a = new Gate.ApprovalGate();
    a.setCount(1);
    a.setGroups(List.of("release-managers"));
    g.setApproval(a);
    return g;
  }
}
