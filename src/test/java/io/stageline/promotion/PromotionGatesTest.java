package io.stageline.promotion;

import static io.stageline.testing.PromotionPath.jobGate;
import static io.stageline.testing.PromotionPath.soak;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.stageline.promotion.gates.JobGateEvaluator;
import io.stageline.api.v1alpha1.Gate;
import io.stageline.api.v1alpha1.Promotion;
import io.stageline.api.v1alpha1.PromotionStatus.GateStatus;
import io.stageline.api.v1alpha1.PromotionStatus.GateStatus.State;
import io.stageline.api.v1alpha1.PromotionStatus.Phase;
import io.stageline.testing.PromotionPath;
import io.stageline.testing.Awaits;
import io.stageline.testing.Edits;
import io.stageline.testing.MutableClock;
import io.stageline.testing.OperatorExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Job, soak, window and stop-the-line gates, driven as a user and a moved clock would. */
class PromotionGatesTest {
  MutableClock clock = MutableClock.systemUtc();
  @RegisterExtension OperatorExtension op = OperatorExtension.running().withClock(clock);
  PromotionPath f;

  @BeforeEach
  void path() {
    f = PromotionPath.of(op);
    f.environment("development", io.stageline.api.v1alpha1.Stage.development, null);
    f.environment("test", io.stageline.api.v1alpha1.Stage.test, "development");
    f.released("1.0.0", "development");
  }

  @Test
  void jobGateRunsATestJobWithTheReleaseAndPassesWhenItCompletes() {
    f.promotion("to-test", "test", null, jobGate("automated-tests"));

    Job job = await().atMost(Awaits.TIMEOUT)
        .until(() -> f.client().batch().v1().jobs().inNamespace("test").withName("to-test-automated-tests").get(), j -> j != null);
    assertThat(job.getMetadata().getLabels()).containsEntry("stageline.io/promotion", "to-test")
        .containsEntry("app.kubernetes.io/managed-by", "stageline");
    assertThat(job.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(o -> assertThat(o.getName()).isEqualTo("to-test"));
    assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()).extracting(EnvVar::getName, EnvVar::getValue)
        .contains(org.assertj.core.groups.Tuple.tuple("STAGELINE_VERSION", "1.0.0"),
            org.assertj.core.groups.Tuple.tuple("STAGELINE_IMAGE_WEB", "registry.example/web:1.0.0"),
            org.assertj.core.groups.Tuple.tuple("STAGELINE_IMAGE_WORKER", "registry.example/worker:1.0.0"));
    await().untilAsserted(() -> {
      GateStatus gate = f.get("test", "to-test").getStatus().getGates().get(0);
      assertThat(gate.getState()).isEqualTo(State.Waiting);
      assertThat(gate.getMessage()).isEqualTo("Job test/to-test-automated-tests running");
      assertThat(gate.getLogs()).isEqualTo("kubectl logs -n test job/to-test-automated-tests");
      assertThat(f.waitingOn("test", "to-test")).isEqualTo(gate.getMessage());
    });

    f.completeJob("test", "to-test-automated-tests", "Complete");

    Promotion p = f.awaitPhase("test", "to-test", Phase.Succeeded);
    assertThat(p.getStatus().getGates().get(0).getMessage()).isEqualTo("Job test/to-test-automated-tests succeeded");
    assertThat(p.getStatus().getGates().get(0).getJob()).isEqualTo("test/to-test-automated-tests");
    assertThat(f.events("test", "to-test", "GatePassed")).hasSize(1);
    assertThat(op.audited("to-test", "GatePassed")).hasSize(1);
  }

  @Test
  void aFinishedGateJobIsLeftToTheTtlControllerAndItsRemovalDoesNotRunTheTestsAgain() {
    f.promotion("to-test", "test", null, jobGate("automated-tests"), soak("1h"));
    Job job = await().atMost(Awaits.TIMEOUT)
        .until(() -> f.client().batch().v1().jobs().inNamespace("test").withName("to-test-automated-tests").get(), j -> j != null);
    assertThat(job.getSpec().getTtlSecondsAfterFinished()).isEqualTo(JobGateEvaluator.FINISHED_JOB_TTL_SECONDS);
    assertThat(job.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
      assertThat(o.getKind()).isEqualTo("Promotion");
      assertThat(o.getController()).isTrue();
    });
    f.completeJob("test", "to-test-automated-tests", "Complete");
    await().untilAsserted(() -> assertThat(f.waitingOn("test", "to-test")).isEqualTo("soak ends in 1h"));

    // what Kubernetes' TTL-after-finished controller does a day later
    f.client().batch().v1().jobs().inNamespace("test").withName("to-test-automated-tests").delete();
    op.awaitOperatorIdle();

    assertThat(f.client().batch().v1().jobs().inNamespace("test").list().getItems()).isEmpty();
    GateStatus gate = f.get("test", "to-test").getStatus().getGates().get(0);
    assertThat(gate.getState()).isEqualTo(State.Passed);
    assertThat(gate.getMessage()).isEqualTo("Job test/to-test-automated-tests succeeded");
    clock.advance(Duration.ofMinutes(61));
    f.awaitPhase("test", "to-test", Phase.Succeeded);
    assertThat(f.client().batch().v1().jobs().inNamespace("test").list().getItems()).isEmpty();
    assertThat(f.events("test", "to-test", "GatePassed")).hasSize(2);
  }

  @Test
  void failedTestJobFailsThePromotionAndTouchesNothing() {
    f.promotion("to-test", "test", null, jobGate("automated-tests"));

    f.completeJob("test", "to-test-automated-tests", "Failed");

    Promotion p = f.awaitPhase("test", "to-test", Phase.Failed);
    assertThat(p.getStatus().getGates().get(0).getMessage()).isEqualTo(
        "Job test/to-test-automated-tests failed: BackoffLimitExceeded Job has reached the specified backoff limit");
    assertThat(f.events("test", "to-test", "GateFailed")).singleElement()
        .satisfies(e -> assertThat(e.getType()).isEqualTo("Warning"));
    assertThat(f.shop("test").getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("registry.example/web:0.9.0");
  }

  @Test
  void aWaitingPromotionWakesForItsPathsEnvironmentsNotForOthers() {
    f.environment("elsewhere", io.stageline.api.v1alpha1.Stage.development, null);
    f.promotion("to-test", "test", null, PromotionPath.jobCondition("test", "pipeline-42"));
    await().untilAsserted(() -> assertThat(f.waitingOn("test", "to-test")).isEqualTo("Job test/pipeline-42 not found"));
    op.awaitOperatorIdle();
    long promotionReconciles = op.reconciles("promotion");
    long environmentReconciles = op.reconciles("environment");

    // an Environment outside the promotion's path (neither its target nor upstream of it) changes
    touch("elsewhere");
    await().until(() -> op.reconciles("environment") > environmentReconciles);
    op.awaitOperatorIdle();
    assertThat(op.reconciles("promotion")).isEqualTo(promotionReconciles);

    // its upstream changes: the promotion is reconciled
    touch("development");
    await().until(() -> op.reconciles("promotion") > promotionReconciles);
  }

  private void touch(String environment) {
    Edits.edit(f.client().resources(io.stageline.api.v1alpha1.Environment.class).withName(environment), e -> {
      e.getMetadata().getAnnotations().put("example.com/touched", "yes");
      return e;
    });
  }

  @Test
  void gateOnAMissingObjectWaitsAndSaysSo() {
    f.promotion("to-test", "test", null, PromotionPath.jobCondition("test", "pipeline-42"));

    await().untilAsserted(() -> assertThat(f.waitingOn("test", "to-test"))
        .isEqualTo("Job test/pipeline-42 not found"));
    assertThat(f.get("test", "to-test").getStatus().getPhase()).isEqualTo(Phase.WaitingForGates);
    assertThat(f.events("test", "to-test", "GateWaiting")).singleElement()
        .satisfies(e -> assertThat(e.getType()).isEqualTo("Warning"));

    f.completeJobCreated("test", "pipeline-42"); // the Job wakes the promotion: it is watched, not polled

    f.awaitPhase("test", "to-test", Phase.Succeeded);
  }

  @Test
  void aRequestersConditionGateOnAnObjectInAnotherNamespaceIsRejectedSoTheOperatorReadsNothingThereForThem() {
    f.promotion("to-test", "test", null, PromotionPath.jobCondition("stageline-system", "anything"));

    Promotion p = f.awaitPhase("test", "to-test", Phase.Rejected);
    assertThat(p.getStatus().findCondition("Admitted").orElseThrow().getReason()).isEqualTo("GateTargetNotAllowed");
    assertThat(p.getStatus().findCondition("Admitted").orElseThrow().getMessage()).isEqualTo(
        "gate condition-1 reads Job stageline-system/anything: a promotion's own condition gates read objects in its "
            + "namespace test; objects elsewhere are named by the platform in the Environment's "
            + "spec.promotionPolicy.requiredGates");
    assertThat(p.getStatus().getGates()).isNullOrEmpty();
  }

  @Test
  void conditionGateOnAKindTheOperatorMayNotReadWaitsAsForbiddenNamingThePermission() {
    op.api().injectFault((request, api) -> request.getPath().startsWith("/apis/tekton.dev/v1/namespaces/test/")
        ? new io.fabric8.mockwebserver.http.MockResponse().setResponseCode(403)
            .setHeader("Content-Type", "application/json")
            .setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"Forbidden\","
                + "\"code\":403,\"message\":\"pipelineruns.tekton.dev \\\"build-42\\\" is forbidden: User "
                + "\\\"system:serviceaccount:stageline-system:stageline-operator\\\" cannot get resource "
                + "\\\"pipelineruns\\\" in API group \\\"tekton.dev\\\" in the namespace \\\"test\\\"\"}")
        : null);
    Gate gate = PromotionPath.jobCondition("test", "build-42");
    gate.getCondition().getRef().setApiVersion("tekton.dev/v1");
    gate.getCondition().getRef().setKind("PipelineRun");
    gate.getCondition().setType("Succeeded");
    f.promotion("to-test", "test", null, gate);

    await().untilAsserted(() -> {
      Promotion promotion = f.get("test", "to-test");
      assertThat(promotion.getStatus()).isNotNull();
      assertThat(promotion.getStatus().getGates()).isNotEmpty();
      GateStatus status = promotion.getStatus().getGates().get(0);
      assertThat(status.getState()).isEqualTo(State.Waiting);
      assertThat(status.getReason()).isEqualTo("Forbidden");
      assertThat(status.getMessage()).contains("it lacks get pipelineruns.tekton.dev in namespace test")
          .contains("stageline.io/aggregate-to-gate-reader");
    });
    assertThat(f.get("test", "to-test").getStatus().getPhase()).isEqualTo(Phase.WaitingForGates);
    assertThat(f.events("test", "to-test", "Forbidden")).singleElement()
        .satisfies(e -> assertThat(e.getType()).isEqualTo("Warning"));
  }

  @Test
  void jobTemplateViolatingTheNamespacesPodSecurityFailsTheGateAtOnceAndCreatesNoJob() {
    Gate gate = jobGate("automated-tests");
    ((com.fasterxml.jackson.databind.node.ObjectNode) gate.getJob().getTemplate().at("/template/spec/containers/0"))
        .putObject("securityContext").put("privileged", true);
    f.promotion("to-test", "test", null, gate);

    Promotion p = f.awaitPhase("test", "to-test", Phase.Failed);
    GateStatus status = p.getStatus().getGates().get(0);
    assertThat(status.getReason()).isEqualTo("PodSecurityViolation");
    assertThat(status.getMessage()).contains("violates PodSecurity \"")
        .contains("privileged (container \"tests\" must not set securityContext.privileged=true)");
    assertThat(f.client().batch().v1().jobs().inNamespace("test").list().getItems()).isEmpty();
  }

  @Test
  void soakWaitsUntilTheInstantItEnds() {
    f.promotion("to-test", "test", null, soak("1h"));

    await().untilAsserted(() -> assertThat(f.waitingOn("test", "to-test")).isEqualTo("soak ends in 1h"));

    clock.advance(Duration.ofMinutes(61));

    Promotion p = f.awaitPhase("test", "to-test", Phase.Succeeded);
    assertThat(p.getStatus().getGates().get(0).getMessage()).startsWith("soaked 1h").endsWith(" in development");
  }

  @Test
  void windowHoldsThePromotionUntilItOpens() {
    clock.setTo(Instant.parse("2026-11-29T11:00:00Z")); // Sunday 12:00 in Berlin
    f.promotion("to-test", "test", null, window(null));

    await().untilAsserted(() -> assertThat(f.waitingOn("test", "to-test"))
        .isEqualTo("window opens Mon 09:00 Europe/Berlin"));

    clock.setTo(Instant.parse("2026-11-30T08:00:01Z")); // Monday 09:00:01 in Berlin

    Promotion p = f.awaitPhase("test", "to-test", Phase.Succeeded);
    assertThat(p.getStatus().getGates().get(0).getMessage()).isEqualTo("window open until 17:00 Europe/Berlin");
  }

  @Test
  void freezeMovesTheNextOpening() {
    clock.setTo(Instant.parse("2026-11-29T11:00:00Z"));
    Gate.Freeze freeze = new Gate.Freeze();
    freeze.setFrom("2026-11-30");
    freeze.setTo("2026-12-01");
    freeze.setReason("quarter close");

    f.promotion("to-test", "test", null, window(freeze));

    await().untilAsserted(() -> assertThat(f.waitingOn("test", "to-test"))
        .isEqualTo("window opens Wed 09:00 Europe/Berlin"));
  }

  @Test
  void windowInAnUnknownTimeZoneIsRejected() {
    Gate gate = window(null);
    gate.getWindow().setTimeZone("Mars/Olympus_Mons");

    f.promotion("to-test", "test", null, gate);

    Promotion p = f.awaitPhase("test", "to-test", Phase.Rejected);
    assertThat(p.getStatus().findCondition("Admitted").orElseThrow().getReason()).isEqualTo("InvalidGate");
    assertThat(p.getStatus().findCondition("Admitted").orElseThrow().getMessage()).isEqualTo(
        "gate change-window: unknown time zone \"Mars/Olympus_Mons\" (use an IANA name such as Europe/Berlin)");
  }

  @Test
  void windowRuleRepeatingEveryMinuteIsRejectedRatherThanMaterialisedForAYear() {
    Gate gate = window(null);
    Gate.Recurrence everyMinute = new Gate.Recurrence();
    everyMinute.setStart("2026-01-05T09:00");
    everyMinute.setDuration("1m");
    everyMinute.setRrule("FREQ=MINUTELY");
    gate.getWindow().setAllow(List.of(everyMinute));

    f.promotion("to-test", "test", null, gate);

    Promotion p = f.awaitPhase("test", "to-test", Phase.Rejected);
    assertThat(p.getStatus().findCondition("Admitted").orElseThrow().getMessage()).isEqualTo(
        "gate change-window: \"FREQ=MINUTELY\" repeats every second or minute; a window or freeze repeats hourly at most often");
  }

  @Test
  void stopTheLineHoldsPromotionsToTheListedStagesUntilLifted() {
    // the promotion waits on its CI's Job first, so that it cannot pass before the operator has seen the ConfigMap
    f.promotion("to-test", "test", null, PromotionPath.jobCondition("test", "pipeline-42"));
    await().untilAsserted(() -> assertThat(f.waitingOn("test", "to-test")).isEqualTo("Job test/pipeline-42 not found"));
    f.client().resource(new ConfigMapBuilder().withNewMetadata().withName("stageline-stop-the-line")
        .withNamespace("stageline-system").endMetadata()
        .withData(Map.of("stages", "test,production", "reason", "incident INC-42")).build()).create();
    String stopped = "line stopped for test,production: incident INC-42 "
        + "(delete ConfigMap stageline-system/stageline-stop-the-line to lift)";
    await().untilAsserted(() -> assertThat(f.waitingOn("test", "to-test")).isEqualTo(stopped));

    f.completeJobCreated("test", "pipeline-42"); // its gate passes: the stopped line still holds it

    await().untilAsserted(() -> assertThat(f.events("test", "to-test", "GatePassed")).isNotEmpty());
    assertThat(f.waitingOn("test", "to-test")).isEqualTo(stopped);
    assertThat(f.events("test", "to-test", "LineStopped")).hasSize(1);

    f.client().configMaps().inNamespace("stageline-system").withName("stageline-stop-the-line").delete();

    f.awaitPhase("test", "to-test", Phase.Succeeded);
  }

  @Test
  void thePlatformsFreezeCalendarHoldsPromotionsIntoAFrozenStageUntilTheFreezeEnds() {
    clock.setTo(Instant.parse("2026-12-22T09:00:00Z"));
    // the promotion waits on its CI's Job first, so that it cannot pass before the operator has seen the calendar
    f.promotion("to-test", "test", null, PromotionPath.jobCondition("test", "pipeline-42"));
    await().untilAsserted(() -> assertThat(f.waitingOn("test", "to-test")).isEqualTo("Job test/pipeline-42 not found"));
    f.client().resource(new ConfigMapBuilder().withNewMetadata().withName("stageline-freeze-calendar")
        .withNamespace("stageline-system").endMetadata()
        .withData(Map.of("year-end", "stages: [test, production]\ntimeZone: Europe/Berlin\nfrom: 2026-12-21\n"
            + "to: 2026-12-23\nreason: year-end freeze\n")).build()).create();
    await().untilAsserted(() -> assertThat(f.waitingOn("test", "to-test")).isEqualTo(
        "frozen until Thu 24 Dec 2026 00:00 Europe/Berlin by freeze 'year-end' (year-end freeze) in ConfigMap "
            + "stageline-system/stageline-freeze-calendar"));

    f.completeJobCreated("test", "pipeline-42"); // its gate passes: the freeze still holds it

    await().untilAsserted(() -> assertThat(f.events("test", "to-test", "GatePassed")).isNotEmpty());
    assertThat(f.waitingOn("test", "to-test")).startsWith("frozen until Thu 24 Dec 2026 00:00 Europe/Berlin");
    assertThat(f.events("test", "to-test", "Frozen")).hasSize(1);
    assertThat(f.get("test", "to-test").getStatus().getPhase()).isEqualTo(Phase.WaitingForGates);

    clock.setTo(Instant.parse("2026-12-23T23:00:01Z")); // 00:00:01 on the 24th in Berlin

    f.awaitPhase("test", "to-test", Phase.Succeeded);
  }

  @Test
  void aMistypedFreezeHoldsEveryStageUntilTheCalendarIsFixed() {
    // the promotion waits on its CI's Job first, so that it cannot pass before the operator has seen the calendar
    f.promotion("to-test", "test", null, PromotionPath.jobCondition("test", "pipeline-42"));
    await().untilAsserted(() -> assertThat(f.waitingOn("test", "to-test")).isEqualTo("Job test/pipeline-42 not found"));
    f.client().resource(new ConfigMapBuilder().withNewMetadata().withName("stageline-freeze-calendar")
        .withNamespace("stageline-system").endMetadata()
        .withData(Map.of("year-end", "stages: [production]\ntimeZone: Europe/Berlin\nfrom: 2026-12-21\ntill: 2027-01-04\n"))
        .build()).create();
    await().untilAsserted(() -> assertThat(f.waitingOn("test", "to-test")).startsWith(
        "freeze 'year-end' in ConfigMap stageline-system/stageline-freeze-calendar is invalid ("));

    f.completeJobCreated("test", "pipeline-42"); // its gate passes: the unreadable calendar still holds it

    await().untilAsserted(() -> assertThat(f.events("test", "to-test", "GatePassed")).isNotEmpty());
    assertThat(f.waitingOn("test", "to-test")).startsWith(
        "freeze 'year-end' in ConfigMap stageline-system/stageline-freeze-calendar is invalid (")
        .endsWith("); promotions are held until it is fixed");

    Edits.edit(f.client().configMaps().inNamespace("stageline-system").withName("stageline-freeze-calendar"), cm -> new ConfigMapBuilder(cm).withData(Map.of("year-end",
            "stages: [production]\ntimeZone: Europe/Berlin\nfrom: 2026-12-21\nto: 2027-01-04\n")).build());

    f.awaitPhase("test", "to-test", Phase.Succeeded);
  }

  static Gate window(Gate.Freeze freeze) {
    Gate g = new Gate();
    g.setName("change-window");
    Gate.WindowGate w = new Gate.WindowGate();
    w.setTimeZone("Europe/Berlin");
    w.setDays(List.of(Gate.WindowGate.Day.Mon, Gate.WindowGate.Day.Tue, Gate.WindowGate.Day.Wed,
        Gate.WindowGate.Day.Thu, Gate.WindowGate.Day.Fri));
    w.setStart("09:00");
    w.setEnd("17:00");
    if (freeze != null) {
      w.setFreezes(List.of(freeze));
    }
    g.setWindow(w);
    return g;
  }
}
