package io.stageline.realserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.stageline.api.Labels;
import io.stageline.api.v1alpha1.AccessPolicy;
import io.stageline.api.v1alpha1.Approval;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.Promotion;
import io.stageline.api.v1alpha1.PromotionStatus.ApprovalStatus;
import io.stageline.api.v1alpha1.PromotionStatus.Phase;
import io.stageline.api.v1alpha1.PromotionStatus;
import io.stageline.testing.MutableClock;
import io.stageline.testing.RealControlPlane;
import io.stageline.testing.RealControlPlaneExtension;
import io.stageline.testing.RealOperator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A release promoted on a real API server: the access the operator binds is what kube-apiserver's RBAC
 * enforces, approvals pass the shipped ValidatingAdmissionPolicy as the impersonated users who add them,
 * the operator checks each approver with a real SubjectAccessReview, and a restart mid-promotion resumes.
 */
@ExtendWith(RealControlPlaneExtension.class)
class PromotionOnRealServerTest {
  private static final String ENV = "rs-release";
  /** The operator's clock: a break-glass grant expires when it is moved, not after a wait of real time. */
  private static final MutableClock CLOCK = MutableClock.systemUtc();
  private static RealControlPlane plane;
  private static RealOperator operator;
  private static KubernetesClient admin;

  @BeforeAll
  static void start(RealControlPlane started) {
    plane = started;
    operator = RealOperator.start(plane, CLOCK, UnaryOperator.identity());
    admin = plane.adminClient();
    admin.resource(admin.getKubernetesSerialization().unmarshal("""
        apiVersion: stageline.io/v1alpha1
        kind: Environment
        metadata:
          name: rs-release
          labels: {stageline.io/suite: rs-release}
        spec:
          stage: development
          workloads:
            selector: {matchLabels: {app: shop}}
        """, Environment.class)).create();
    admin.resource(admin.getKubernetesSerialization().unmarshal("""
        apiVersion: stageline.io/v1alpha1
        kind: AccessPolicy
        metadata:
          name: rs-release
        spec:
          environments:
            selector: {matchLabels: {stageline.io/suite: rs-release}}
          grants:
            - access: deploy
              subjects: [{kind: User, name: alice}]
            - access: admin
              subjects: [{kind: Group, name: rs-release-managers}]
        """, AccessPolicy.class)).create();
    await().until(() -> admin.namespaces().withName(ENV).get() != null);
    admin.resource(new DeploymentBuilder()
        .withNewMetadata().withName("shop").withNamespace(ENV).withLabels(Map.of("app", "shop")).endMetadata()
        .withNewSpec().withReplicas(1).withNewSelector().withMatchLabels(Map.of("app", "shop")).endSelector()
        .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "shop")).endMetadata()
        .withNewSpec().addNewContainer().withName("web").withImage("registry.example/web:0.9.0").endContainer()
        .endSpec().endTemplate().endSpec().build()).create();
    await().until(() -> bindings().size() == 2);
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.close();
    }
    if (admin != null) {
      admin.close();
    }
  }

  static ConditionFactory await() {
    return Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250));
  }

  @Test
  void boundAccessIsWhatTheServerAuthorizes() {
    assertThat(canI("alice", List.of(), "create promotions.stageline.io -n " + ENV)).isEqualTo("yes");
    assertThat(canI("alice", List.of(), "patch promotions.stageline.io -n " + ENV)).isEqualTo("no");
    assertThat(canI("alice", List.of(), "create promotions.stageline.io -n default")).isEqualTo("no");
    assertThat(canI("bob", List.of("rs-release-managers"), "approve promotions.stageline.io -n " + ENV)).isEqualTo("yes");
    assertThat(canI("bob", List.of("rs-release-managers"), "create rolebindings.rbac.authorization.k8s.io -n default"))
        .isEqualTo("no");
  }

  @Test
  void conditionGateOpensOnAConditionTheJobControllerSets() {
    admin.resource(admin.getKubernetesSerialization().unmarshal("""
        apiVersion: stageline.io/v1alpha1
        kind: Environment
        metadata: {name: rs-gates}
        spec:
          stage: development
          workloads:
            selector: {matchLabels: {app: shop}}
        """, Environment.class)).create();
    await().until(() -> admin.namespaces().withName("rs-gates").get() != null);
    admin.resource(new DeploymentBuilder()
        .withNewMetadata().withName("shop").withNamespace("rs-gates").withLabels(Map.of("app", "shop")).endMetadata()
        .withNewSpec().withReplicas(1).withNewSelector().withMatchLabels(Map.of("app", "shop")).endSelector()
        .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "shop")).endMetadata()
        .withNewSpec().addNewContainer().withName("web").withImage("registry.example/web:0.9.0").endContainer()
        .endSpec().endTemplate().endSpec().build()).create();
    admin.resource(admin.getKubernetesSerialization().unmarshal("""
        apiVersion: stageline.io/v1alpha1
        kind: Promotion
        metadata: {name: rs-2-0-0, namespace: rs-gates}
        spec:
          environment: rs-gates
          requestedBy: admin
          release:
            version: 2.0.0
            images: {web: registry.example/web:2.0.0}
          gates:
            - name: pipeline
              condition:
                ref: {apiVersion: batch/v1, kind: Job, name: pipeline, namespace: rs-gates}
                type: Suspended
        """, Promotion.class)).create();
    await().untilAsserted(() -> assertThat(phase("rs-gates", "rs-2-0-0")).isEqualTo(Phase.WaitingForGates));

    // A suspended Job: kube-controller-manager's Job controller gives it the condition Suspended=True.
    admin.resource(admin.getKubernetesSerialization().unmarshal("""
        apiVersion: batch/v1
        kind: Job
        metadata: {name: pipeline, namespace: rs-gates}
        spec:
          suspend: true
          template:
            spec:
              restartPolicy: Never
              containers: [{name: run, image: registry.example/ci:1}]
        """, io.fabric8.kubernetes.api.model.batch.v1.Job.class)).create();

    await().untilAsserted(() -> assertThat(phase("rs-gates", "rs-2-0-0")).isEqualTo(Phase.Succeeded));
    assertThat(admin.batch().v1().jobs().inNamespace("rs-gates").withName("pipeline").get().getStatus().getConditions())
        .anySatisfy(c -> assertThat(c.getType()).isEqualTo("Suspended"));
    assertThat(admin.apps().deployments().inNamespace("rs-gates").withName("shop").get().getSpec().getTemplate()
        .getSpec().getContainers().get(0).getImage()).isEqualTo("registry.example/web:2.0.0");
  }

  @Test
  void breakGlassAccessIsAuthorizedUntilItExpiresAndThenRemoved() {
    // An hour ahead of the operator's clock: the binding surely exists before it expires, however loaded the machine.
    Instant expiry = CLOCK.instant().plus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    admin.resource(admin.getKubernetesSerialization().unmarshal("""
        apiVersion: stageline.io/v1alpha1
        kind: AccessPolicy
        metadata:
          name: rs-break-glass
        spec:
          environments:
            selector: {matchLabels: {stageline.io/suite: rs-release}}
          grants:
            - access: admin
              subjects: [{kind: Group, name: rs-oncall}]
              emergency: {reason: "checkout is down", ticket: INC-1, expiresAt: "%s"}
        """.formatted(expiry), AccessPolicy.class)).create();

    await().untilAsserted(() -> assertThat(canI("erin", List.of("rs-oncall"), "delete deployments.apps -n " + ENV))
        .isEqualTo("yes"));
    assertThat(CLOCK.instant()).as("the grant was bound before it expired").isBefore(expiry);

    CLOCK.advance(Duration.ofMinutes(61));
    // The operator's timer waits an hour of real time; a restart reconciles now, at the moved clock (as in
    // EmergencyAccessTest). What the real server adds, RBAC authorizing the binding and then not, is unchanged.
    operator.close();
    operator = null;
    operator = RealOperator.start(plane, CLOCK, UnaryOperator.identity());
    await().untilAsserted(() ->
        assertThat(canI("erin", List.of("rs-oncall"), "delete deployments.apps -n " + ENV)).isEqualTo("no"));
    assertThat(CLOCK.instant()).isAfterOrEqualTo(expiry);
  }

  @Test
  void approvalsPassTheShippedPolicyAndTheOperatorsReviewAndSurviveARestart() {
    // alice is a release manager too, so RBAC and the policy let her approve; the operator must not count it.
    try (KubernetesClient alice = plane.clientAs("alice", "rs-release-managers")) {
      Throwable forged = catchThrowable(() -> alice.resource(promotion("rs-forged", "mallory")).create());
      assertThat(forged).hasMessageContaining("spec.requestedBy must name the user who creates the promotion: alice");
      alice.resource(promotion("rs-1-0-0", "alice")).create();
      await().untilAsserted(() -> assertThat(status().getWaitingOn())
          .isEqualTo("0 of 1 approvals; needs a member of rs-release-managers"));
      approve(alice, "alice", "rs-release-managers");
    }
    try (KubernetesClient bob = plane.clientAs("bob", "rs-release-managers")) {
      assertThat(catchThrowable(() -> approve(bob, "carol", "rs-release-managers")))
          .hasMessageContaining("an approval can only be added in your own name: by must be bob");
      assertThat(catchThrowable(() -> approve(bob, "bob", "rs-release-managers", "sre")))
          .hasMessageContaining("an approval can only claim groups you are in");
    }
    await().untilAsserted(() -> assertThat(status().getApprovals()).extracting(ApprovalStatus::getBy,
        ApprovalStatus::getAccepted, ApprovalStatus::getReason).containsExactly(org.assertj.core.groups.Tuple.tuple(
            "alice", false, "alice requested this promotion and cannot approve it")));

    // The operator stops mid-promotion; the approval that opens the gate comes while it is down.
    operator.close();
    operator = null;
    try (KubernetesClient bob = plane.clientAs("bob", "rs-release-managers")) {
      approve(bob, "bob", "rs-release-managers");
    }
    operator = RealOperator.start(plane, CLOCK, UnaryOperator.identity());

    await().untilAsserted(() -> assertThat(status().getPhase()).isEqualTo(Phase.Succeeded));
    assertThat(status().getApprovals()).filteredOn(a -> "bob".equals(a.getBy()))
        .extracting(ApprovalStatus::getAccepted).containsExactly(true);
    assertThat(admin.apps().deployments().inNamespace(ENV).withName("shop").get().getSpec().getTemplate().getSpec()
        .getContainers().get(0).getImage()).isEqualTo("registry.example/web:1.0.0");
  }

  private static Promotion promotion(String name, String requestedBy) {
    return admin.getKubernetesSerialization().unmarshal("""
        apiVersion: stageline.io/v1alpha1
        kind: Promotion
        metadata: {name: %s, namespace: %s}
        spec:
          environment: %s
          requestedBy: %s
          release:
            version: 1.0.0
            images: {web: registry.example/web:1.0.0}
          gates:
            - name: release-managers
              approval: {count: 1, groups: [rs-release-managers]}
        """.formatted(name, ENV, ENV, requestedBy), Promotion.class);
  }

  private static void approve(KubernetesClient as, String by, String... groups) {
    Approval approval = new Approval(by, Instant.now().toString(), "ok");
    approval.setGroups(List.of(groups));
    // The operator writes the status meanwhile: a conflict is retried on a fresh read, as kubectl edit users do.
    for (int attempt = 1; ; attempt++) {
      try {
        as.resources(Promotion.class).inNamespace(ENV).withName("rs-1-0-0").edit(p -> {
          p.getSpec().getApprovals().add(approval);
          return p;
        });
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 20) {
          throw e;
        }
      }
    }
  }

  private static Phase phase(String namespace, String name) {
    Promotion p = admin.resources(Promotion.class).inNamespace(namespace).withName(name).get();
    return p == null || p.getStatus() == null ? null : p.getStatus().getPhase();
  }

  private static PromotionStatus status() {
    Promotion p = admin.resources(Promotion.class).inNamespace(ENV).withName("rs-1-0-0").get();
    assertThat(p.getStatus()).as("status of rs-1-0-0").isNotNull();
    return p.getStatus();
  }

  private static List<RoleBinding> bindings() {
    return admin.rbac().roleBindings().inNamespace(ENV).list().getItems().stream()
        .filter(rb -> rb.getMetadata().getLabels() != null && "rs-release".equals(
            rb.getMetadata().getLabels().get(Labels.ACCESS_POLICY)))
        .toList();
  }

  private static String canI(String user, List<String> groups, String question) {
    List<String> args = new java.util.ArrayList<>(List.of("auth", "can-i"));
    args.addAll(List.of(question.split(" ")));
    args.add("--as=" + user);
    groups.forEach(g -> args.add("--as-group=" + g));
    return plane.kubectl(args.toArray(String[]::new)).stdout().strip();
  }
}
