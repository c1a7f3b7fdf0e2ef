package io.stageline.promotion;

import static io.stageline.testing.PromotionPath.release;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.stageline.api.v1alpha1.Approval;
import io.stageline.api.v1alpha1.Gate;
import io.stageline.api.v1alpha1.Promotion;
import io.stageline.api.v1alpha1.PromotionStatus.ApprovalStatus;
import io.stageline.api.v1alpha1.PromotionStatus.GateStatus;
import io.stageline.api.v1alpha1.PromotionStatus.Phase;
import io.stageline.api.v1alpha1.Stage;
import io.stageline.environment.TestEnvironments;
import io.stageline.promotion.gates.ApprovalPolicyCheck;
import io.stageline.testing.PromotionPath;
import io.stageline.testing.ApprovalPolicy;
import io.stageline.testing.Awaits;
import io.stageline.testing.Edits;
import io.stageline.testing.Environments;
import io.stageline.testing.OperatorExtension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The attacks on the promotion policy, each by a user with the rights the shipped access levels
 * give (impersonated through the API): each fails with a clear answer and changes nothing else.
 * alice (group developers, deploy level) requests; tina (group team-leads, admin level, so she may
 * patch promotions and create Jobs) tampers; bob and carol (release-managers) approve.
 */
class PromotionPolicyAttacksTest {
  @RegisterExtension OperatorExtension op = OperatorExtension.running();
  PromotionPath f;

  /** development -> test -> staging (each running 1.0.0) -> production, which requires two release managers. */
  private void pathToProduction() {
    f = PromotionPath.of(op);
    f.environment("development", Stage.development, null);
    f.environment("test", Stage.test, "development");
    f.environment("staging", Stage.staging, "test");
    f.environment("production", Stage.production, "staging", spec -> {
      spec.getPromotionPolicy().setRequiredGates(new ArrayList<>(List.of(approval("final-approval", 2))));
    });
    f.released("1.0.0", "development", "test", "staging");
    f.grant("production", "deploy", "developers");
    f.grant("production", "admin", "release-managers");
    f.grant("production", "admin", "team-leads");
  }

  @Test
  void aPromotionToProductionWithNoGatesStillWaitsForTheRequiredApprovals() {
    pathToProduction();
    ApprovalPolicy.install(op.client());

    request("production", "hotfix");

    await().atMost(Awaits.TIMEOUT).untilAsserted(() -> assertThat(f.waitingOn("production", "hotfix"))
        .isEqualTo("0 of 2 approvals; needs a member of release-managers"));
    Promotion p = f.get("production", "hotfix");
    assertThat(p.getSpec().getGates()).isEmpty();
    assertThat(p.getStatus().getPhase()).isEqualTo(Phase.WaitingForGates);
    assertThat(p.getStatus().getGates()).extracting(GateStatus::getName, GateStatus::getRequiredBy)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("final-approval", "production"));
    assertUntouched();
  }

  @Test
  void removingOrWeakeningAnApprovalGateAfterOneOfTwoApprovalsIsRefusedAtAdmission() {
    pathToProduction();
    ApprovalPolicy.install(op.client());
    request("production", "hotfix", approval("two-approvers", 2));
    f.approveAs("production", "hotfix", "bob", "release-managers");
    await().atMost(Awaits.TIMEOUT).untilAsserted(() -> assertThat(f.waitingOn("production", "hotfix"))
        .isEqualTo("1 of 2 approvals; needs a member of release-managers"));

    // tina holds the admin level, so RBAC lets her patch promotions; the CRD's rule still refuses
    try (KubernetesClient tina = op.api().newClient("tina", "team-leads")) {
      var asTina = tina.resources(Promotion.class).inNamespace("production").withName("hotfix");
      assertThat(catchThrowable(() -> asTina.patch(PatchContext.of(PatchType.JSON), "[{\"op\":\"remove\",\"path\":\"/spec/gates/0\"}]")))
          .isInstanceOf(KubernetesClientException.class)
          .hasMessageContaining("gates cannot change once a promotion waits for them: create a new promotion");
      assertThat(catchThrowable(() -> asTina.patch(PatchContext.of(PatchType.JSON),
          "[{\"op\":\"replace\",\"path\":\"/spec/gates/0/approval/count\",\"value\":1}]")))
          .hasMessageContaining("gates cannot change once a promotion waits for them");
    }

    Promotion p = f.get("production", "hotfix");
    assertThat(p.getSpec().getGates()).hasSize(1);
    assertThat(p.getSpec().getGates().get(0).getApproval().getCount()).isEqualTo(2);
    assertThat(p.getStatus().getPhase()).isEqualTo(Phase.WaitingForGates);
    assertThat(p.getStatus().getGates()).extracting(GateStatus::getName).containsExactly("two-approvers", "final-approval");
    assertUntouched();
  }

  @Test
  void forgedApprovalsWithoutTheAdmissionPolicyNeverCountAndRealOnesDoOnceItIsBack() {
    pathToProduction();
    request("production", "hotfix");
    try (KubernetesClient tina = op.api().newClient("tina", "team-leads")) {
      for (String forged : List.of("bob", "carol")) {
        Approval a = new Approval(forged, Instant.now().toString(), "looks good");
        a.setGroups(List.of("release-managers"));
        // retried on conflicts with the operator's status writes, as kubectl edit users do
        await().atMost(Awaits.TIMEOUT).ignoreExceptions().until(() -> Edits.edit(tina.resources(Promotion.class)
            .inNamespace("production").withName("hotfix"), p -> {
              p.getSpec().getApprovals().add(a);
              return p;
            }) != null);
      }
    }

    await().atMost(Awaits.TIMEOUT).untilAsserted(() -> {
      Promotion p = f.get("production", "hotfix");
      assertThat(p.getStatus().getWaitingOn()).isEqualTo(ApprovalPolicyCheck.MISSING);
      assertThat(p.getStatus().getApprovals()).extracting(ApprovalStatus::getBy, ApprovalStatus::getAccepted)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("bob", false), org.assertj.core.groups.Tuple.tuple("carol", false));
    });
    assertThat(f.get("production", "hotfix").getStatus().getApprovals()).allSatisfy(a -> assertThat(a.getReason())
        .isEqualTo("added while the approval admission policy was not enforcing, so it cannot be verified: approve again once it is installed"));
    assertThat(f.events("production", "hotfix", "ApprovalPolicyMissing")).isNotEmpty()
        .allSatisfy(e -> assertThat(e.getType()).isEqualTo("Warning"));
    assertUntouched();

    ApprovalPolicy.install(op.client());
    await().atMost(Awaits.TIMEOUT).untilAsserted(() -> assertThat(f.waitingOn("production", "hotfix"))
        .isEqualTo("0 of 2 approvals; needs a member of release-managers"));
    f.approveAs("production", "hotfix", "alice", "release-managers"); // the requester, even as a release manager
    f.approveAs("production", "hotfix", "bob", "release-managers");
    f.approveAs("production", "hotfix", "bob", "release-managers");
    await().atMost(Awaits.TIMEOUT).untilAsserted(() -> assertThat(f.waitingOn("production", "hotfix"))
        .isEqualTo("1 of 2 approvals; needs a member of release-managers"));
    f.approveAs("production", "hotfix", "carol", "release-managers");
    Promotion done = f.awaitPhase("production", "hotfix", Phase.Succeeded);
    assertThat(done.getStatus().getGates().get(0).getMessage()).isEqualTo("2 of 2 approvals: bob, carol");
    assertThat(done.getStatus().getApprovals()).filteredOn(a -> "alice".equals(a.getBy()))
        .extracting(ApprovalStatus::getReason).containsExactly("alice requested this promotion and cannot approve it");
  }

  @Test
  void aProductionWhoseUpstreamBecomesDevelopmentIsNotReadyAndTakesNoPromotion() {
    pathToProduction();
    ApprovalPolicy.install(op.client());
    Edits.edit(op.client().resources(io.stageline.api.v1alpha1.Environment.class).withName("production"), e -> {
      e.getSpec().setUpstream("development");
      return e;
    });

    await().atMost(Awaits.TIMEOUT).until(() ->
        TestEnvironments.hasCondition(op.client(), "production", "Ready", false, "UpstreamSkipsStage"));
    assertThat(TestEnvironments.hasEvent(op.client(), "production", "Warning", "UpstreamSkipsStage")).isTrue();
    request("production", "straight-from-dev");

    Promotion p = f.awaitPhase("production", "straight-from-dev", Phase.Rejected);
    assertThat(p.getStatus().getConditions()).anySatisfy(c -> {
      assertThat(c.getReason()).isEqualTo("InvalidPath");
      assertThat(c.getMessage()).isEqualTo("Environment \"production\" is not on a valid delivery path: upstream development"
          + " is stage development: a production Environment receives its releases from a staging Environment, so that no"
          + " stage is skipped");
    });
    assertUntouched();
  }

  @Test
  void aProductionWithoutUpstreamIsNotReadyUnlessItIsAnEntryStage() {
    f = PromotionPath.of(op);
    op.client().resource(Environments.production("prod-solo").with(spec -> spec.setPromotionPolicy(null)).build())
        .create();
    op.client().resource(Environments.production("prod-entry").build()).create(); // entryStage: true

    await().atMost(Awaits.TIMEOUT).until(() ->
        TestEnvironments.hasCondition(op.client(), "prod-solo", "Ready", false, "UpstreamRequired"));
    await().atMost(Awaits.TIMEOUT).until(() -> Environments.isReady(op.client(), "prod-entry"));
    assertThat(TestEnvironments.hasEvent(op.client(), "prod-solo", "Warning", "UpstreamRequired")).isTrue();
    assertThat(op.client().namespaces().withName("prod-solo").get()).isNull();
  }

  @Test
  void aPreCreatedJobOfTheGatesNameFailsTheGateInsteadOfPassingIt() {
    f = PromotionPath.of(op);
    f.environment("development", Stage.development, null);
    f.environment("test", Stage.test, "development");
    f.released("1.0.0", "development");
    f.grant("test", "deploy", "developers");
    f.grant("test", "admin", "team-leads");
    try (KubernetesClient tina = op.api().newClient("tina", "team-leads")) {
      Job fake = tina.resource(new JobBuilder()
          .withNewMetadata().withName("release-automated-tests").withNamespace("test").endMetadata()
          .withNewSpec().withNewTemplate().withNewSpec().addNewContainer().withName("tests").withImage("busybox")
          .withCommand("true").endContainer().withRestartPolicy("Never").endSpec().endTemplate().endSpec().build()).create();
      assertThat(fake).isNotNull();
    }
    f.completeJob("test", "release-automated-tests", "Complete");

    request("test", "release", job("automated-tests", Map.of()));

    Promotion p = f.awaitPhase("test", "release", Phase.Failed);
    assertThat(p.getStatus().getGates().get(0).getMessage()).isEqualTo("Job test/release-automated-tests was not created"
        + " by promotion release (JobNotOwned): it does not count; delete it and the gate's Job is created afresh by a new promotion");
    assertThat(f.shop("test").getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("registry.example/web:0.9.0");
    assertThat(f.env("test").getStatus().getRelease()).isNull();
  }

  /** development -> test (running 0.9.0) with the Job gate "automated-tests" behind a sign-off by a release manager. */
  private void testBehindASignOff() {
    f = PromotionPath.of(op);
    f.environment("development", Stage.development, null);
    f.environment("test", Stage.test, "development");
    f.released("1.0.0", "development");
    f.grant("test", "deploy", "developers");
    f.grant("test", "admin", "team-leads");
    f.grant("test", "admin", "release-managers");
    ApprovalPolicy.install(op.client());
  }

  @Test
  void aJobForgingTheOwnerReferenceToThePromotionIsReplacedAndOnlyTheOperatorsJobDecidesTheGate() {
    testBehindASignOff();
    request("test", "release", approval("sign-off", 1), job("automated-tests", Map.of()));
    await().atMost(Awaits.TIMEOUT).untilAsserted(() -> assertThat(f.waitingOn("test", "release"))
        .isEqualTo("0 of 1 approvals; needs a member of release-managers"));

    // tina copies the gate's template, names the promotion (its uid is readable) as controller, and the Job "succeeds"
    String forgedUid;
    try (KubernetesClient tina = op.api().newClient("tina", "team-leads")) {
      Promotion p = tina.resources(Promotion.class).inNamespace("test").withName("release").get();
      forgedUid = tina.resource(forgedJob("release-automated-tests", p)).create().getMetadata().getUid();
    }
    f.completeJob("test", "release-automated-tests", "Complete");
    f.approveAs("test", "release", "bob", "release-managers");

    Job real = await().atMost(Awaits.TIMEOUT).until(
        () -> op.client().batch().v1().jobs().inNamespace("test").withName("release-automated-tests").get(),
        j -> j != null && !forgedUid.equals(j.getMetadata().getUid()));
    await().atMost(Awaits.TIMEOUT).untilAsserted(() -> {
      GateStatus gate = f.get("test", "release").getStatus().getGates().get(1);
      assertThat(gate.getJobUid()).isEqualTo(real.getMetadata().getUid());
      assertThat(gate.getMessage()).isEqualTo("Job test/release-automated-tests running");
    });
    assertThat(real.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo("stageline-gate");
    assertThat(f.events("test", "release", "JobNotOwned")).singleElement().satisfies(e -> {
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getMessage()).isEqualTo("gate automated-tests: Job test/release-automated-tests was not recorded as created"
          + " by promotion release (JobNotOwned): it was deleted and the gate's Job is created afresh");
    });
    assertThat(f.get("test", "release").getStatus().getPhase()).isEqualTo(Phase.WaitingForGates);
    assertThat(f.shop("test").getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("registry.example/web:0.9.0");
    assertThat(f.env("test").getStatus().getRelease()).isNull();

    f.completeJob("test", "release-automated-tests", "Complete");
    f.awaitPhase("test", "release", Phase.Succeeded);
  }

  @Test
  void aGateJobReplacedByAForgeryAfterTheOperatorCreatedItFailsTheGate() {
    testBehindASignOff();
    request("test", "release", job("automated-tests", Map.of()));
    Job created = await().atMost(Awaits.TIMEOUT).until(
        () -> op.client().batch().v1().jobs().inNamespace("test").withName("release-automated-tests").get(), j -> j != null);
    await().atMost(Awaits.TIMEOUT).until(() -> created.getMetadata().getUid()
        .equals(f.get("test", "release").getStatus().getGates().get(0).getJobUid()));

    // tina swaps the Job while the operator is down (while it runs, it would create the gate's Job again at once)
    op.stopOperator();
    try (KubernetesClient tina = op.api().newClient("tina", "team-leads")) {
      var jobs = tina.batch().v1().jobs().inNamespace("test");
      jobs.withName("release-automated-tests").withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND).delete();
      await().atMost(Awaits.TIMEOUT).until(() -> jobs.withName("release-automated-tests").get() == null);
      Promotion p = tina.resources(Promotion.class).inNamespace("test").withName("release").get();
      tina.resource(forgedJob("release-automated-tests", p)).create();
    }
    f.completeJob("test", "release-automated-tests", "Complete");
    op.startOperator();

    Promotion p = f.awaitPhase("test", "release", Phase.Failed);
    assertThat(p.getStatus().getGates().get(0).getMessage()).isEqualTo("Job test/release-automated-tests is not the Job"
        + " promotion release created (JobNotOwned): it was replaced by someone else and does not count");
    assertThat(p.getStatus().getGates().get(0).getReason()).isEqualTo("JobNotOwned");
    assertThat(f.shop("test").getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("registry.example/web:0.9.0");
    assertThat(f.env("test").getStatus().getRelease()).isNull();
  }

  /** The gate's own container as the operator would run it, controlled (so it claims) by the promotion. */
  private static Job forgedJob(String name, Promotion p) {
    return new JobBuilder()
        .withNewMetadata().withName(name).withNamespace(p.getMetadata().getNamespace())
          .addNewOwnerReference().withApiVersion("stageline.io/v1alpha1").withKind("Promotion").withName(p.getMetadata().getName())
            .withUid(p.getMetadata().getUid()).withController(true).endOwnerReference()
        .endMetadata()
        .withNewSpec().withNewTemplate().withNewSpec().withServiceAccountName("stageline-gate")
          .addNewContainer().withName("tests").withImage("busybox").endContainer().withRestartPolicy("Never")
        .endSpec().endTemplate().endSpec().build();
  }

  @Test
  void jobTemplatesAskingForAServiceAccountOrSecretsTheEnvironmentDoesNotAllowAreRefused() {
    f = PromotionPath.of(op);
    f.environment("development", Stage.development, null);
    f.environment("test", Stage.test, "development", spec -> {
      spec.getPromotionPolicy().setGateSecrets(new ArrayList<>(List.of("test-credentials")));
    });
    f.released("1.0.0", "development");
    f.grant("test", "deploy", "developers");

    request("test", "as-deployer", job("tests", Map.of("serviceAccountName", "deployer")));
    request("test", "db-volume", job("tests", Map.of("volumes", List.of(Map.of("name", "db", "secret", Map.of("secretName", "shop-db"))))));
    request("test", "db-env", job("tests", Map.of("containers", List.of(Map.of("name", "tests", "image", "busybox",
        "env", List.of(Map.of("name", "PASSWORD", "valueFrom", Map.of("secretKeyRef", Map.of("name", "shop-db", "key", "password")))))))));
    request("test", "host", job("tests", Map.of("volumes", List.of(Map.of("name", "root", "hostPath", Map.of("path", "/"))))));

    assertThat(rejection("as-deployer")).isEqualTo("gate tests: the Job template asks for serviceAccountName \"deployer\""
        + " (gate Jobs run as stageline-gate, which has no API rights)");
    assertThat(rejection("db-volume")).isEqualTo("gate tests: the Job template asks for Secret \"shop-db\" in volume db"
        + " (not in the Environment's promotionPolicy.gateSecrets)");
    assertThat(rejection("db-env")).isEqualTo("gate tests: the Job template asks for Secret \"shop-db\" in container tests"
        + " env PASSWORD (not in the Environment's promotionPolicy.gateSecrets)");
    assertThat(rejection("host")).isEqualTo("gate tests: the Job template asks for volume root of a kind other than"
        + " emptyDir, configMap, secret, projected or downwardAPI");
    assertThat(f.events("test", "as-deployer", "JobTemplateNotAllowed")).isNotEmpty();
    assertThat(op.client().batch().v1().jobs().inNamespace("test").list().getItems()).isEmpty();

    request("test", "allowed", job("tests", Map.of("volumes", List.of(Map.of("name", "creds", "secret", Map.of("secretName", "test-credentials"))))));
    Job job = await().atMost(Awaits.TIMEOUT).until(
        () -> op.client().batch().v1().jobs().inNamespace("test").withName("allowed-tests").get(), j -> j != null);
    assertThat(job.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo("stageline-gate");
    assertThat(job.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken()).isFalse();
    ServiceAccount sa = op.client().serviceAccounts().inNamespace("test").withName("stageline-gate").get();
    assertThat(sa.getAutomountServiceAccountToken()).isFalse();
    assertThat(op.client().rbac().roleBindings().inNamespace("test").list().getItems())
        .noneMatch(b -> b.getSubjects().stream().anyMatch(s -> "stageline-gate".equals(s.getName())));
  }

  private String rejection(String name) {
    Promotion p = f.awaitPhase("test", name, Phase.Rejected);
    return p.getStatus().getConditions().stream().filter(c -> "JobTemplateNotAllowed".equals(c.getReason()))
        .findFirst().orElseThrow(() -> new AssertionError("not refused as JobTemplateNotAllowed: " + p.getStatus().getConditions()))
        .getMessage();
  }

  /** Production runs what it ran before: no image changed, no release recorded. */
  private void assertUntouched() {
    assertThat(f.shop("production").getSpec().getTemplate().getSpec().getContainers())
        .extracting(c -> c.getImage()).containsExactly("registry.example/web:0.9.0", "registry.example/worker:0.9.0");
    assertThat(f.env("production").getStatus().getRelease()).isNull();
  }

  /** alice, a developer at the deploy level, requests the promotion of 1.0.0 with these gates of her own. */
  private void request(String environment, String name, Gate... gates) {
    try (KubernetesClient alice = op.api().newClient("alice", "developers")) {
      f.promotion(alice, name, environment, environment, release("1.0.0"), spec -> spec, gates);
    }
  }

  static Gate approval(String name, int count) {
    Gate g = new Gate();
    g.setName(name);
    Gate.ApprovalGate a = new Gate.ApprovalGate();
    a.setCount(count);
    a.setGroups(new ArrayList<>(List.of("release-managers")));
    g.setApproval(a);
    return g;
  }

  /** A test Job gate whose pod spec has these fields on top of one busybox container. */
  static Gate job(String name, Map<String, Object> podFields) {
    Map<String, Object> pod = new java.util.LinkedHashMap<>();
    pod.put("containers", List.of(Map.of("name", "tests", "image", "busybox")));
    pod.putAll(podFields);
    Gate g = new Gate();
    g.setName(name);
    Gate.JobGate j = new Gate.JobGate();
    j.setTemplate(new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(Map.of("template", Map.of("spec", pod))));
    g.setJob(j);
    return g;
  }
}
