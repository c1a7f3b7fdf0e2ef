package io.stageline.realserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.Promotion;
import io.stageline.api.v1alpha1.PromotionStatus.Phase;
import io.stageline.api.v1alpha1.PromotionStatus;
import io.stageline.api.v1alpha1.ReleaseRecord;
import io.stageline.testing.MutableClock;
import io.stageline.testing.RealControlPlane;
import io.stageline.testing.RealControlPlaneExtension;
import io.stageline.testing.RealOperator;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.assertj.core.groups.Tuple;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A release promoted through Job, soak and window gates on a real API server, with the operator's clock
 * moved instead of waited for; and a verification Job that fails after the switch rolls the release back,
 * across an operator restart. The Jobs are the operator's own, created through kube-apiserver and synced
 * by kube-controller-manager's Job controller; with no kubelet their pods never run, so the test finishes
 * them with the status the Job controller writes (which kube-apiserver validates).
 */
@ExtendWith(RealControlPlaneExtension.class)
class PromotionGatesOnRealServerTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final MutableClock CLOCK = MutableClock.systemUtc();
  private static RealControlPlane plane;
  private static RealOperator operator;
  private static KubernetesClient admin;

  @BeforeAll
  static void start(RealControlPlane started) {
    plane = started;
    operator = RealOperator.start(plane, CLOCK, UnaryOperator.identity());
    admin = plane.adminClient();
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
  void releaseMovesThroughJobSoakAndWindowGatesAsTheClockMoves() {
    // A Sunday noon in Berlin, ahead of now: the window (weekdays 09:00-17:00) is closed.
    ZonedDateTime sunday = ZonedDateTime.now(BERLIN).plusDays(1).with(TemporalAdjusters.next(DayOfWeek.SUNDAY))
        .with(LocalTime.NOON);
    CLOCK.setTo(sunday.toInstant());
    environment("rsg-dev", "development", null);
    environment("rsg-test", "test", "rsg-dev");
    promote("rsg-dev", "rsg-seed", """
          release:
            version: 1.0.0
            images: {web: registry.example/web:1.0.0}
        """);
    awaitPhase("rsg-dev", "rsg-seed", Phase.Succeeded);

    promote("rsg-test", "rsg-to-test", """
          release: {version: 1.0.0}
          gates:
            - name: automated-tests
              job:
                template:
                  template:
                    spec:
                      containers: [{name: tests, image: registry.example/shop-tests:1, args: [--smoke]}]
            - name: soak-in-dev
              soak: {duration: 1h}
            - name: change-window
              window: {timeZone: Europe/Berlin, days: [Mon, Tue, Wed, Thu, Fri], start: "09:00", end: "17:00"}
        """);

    // The Job gate's Job, created by the operator, is one kube-controller-manager's Job controller works on.
    Job job = await().until(() -> admin.batch().v1().jobs().inNamespace("rsg-test").withName("rsg-to-test-automated-tests")
        .get(), j -> j != null && j.getStatus() != null && j.getStatus().getStartTime() != null);
    assertThat(job.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(o -> assertThat(o.getName()).isEqualTo("rsg-to-test"));
    await().untilAsserted(() -> assertThat(status("rsg-test", "rsg-to-test").getWaitingOn())
        .isEqualTo("Job rsg-test/rsg-to-test-automated-tests running"));

    RealJobs.complete(admin, "rsg-test", "rsg-to-test-automated-tests");
    await().untilAsserted(() -> assertThat(status("rsg-test", "rsg-to-test").getWaitingOn()).startsWith("soak ends in "));

    CLOCK.advance(Duration.ofMinutes(61));
    await().untilAsserted(() -> assertThat(status("rsg-test", "rsg-to-test").getWaitingOn())
        .isEqualTo("window opens Mon 09:00 Europe/Berlin"));
    assertThat(image("rsg-test")).as("nothing switched while a gate held").isEqualTo("registry.example/web:0.9.0");

    CLOCK.setTo(sunday.plusDays(1).with(LocalTime.of(9, 0, 1)).toInstant());
    awaitPhase("rsg-test", "rsg-to-test", Phase.Succeeded);
    assertThat(status("rsg-test", "rsg-to-test").getGates()).extracting(g -> g.getName(), g -> g.getState().name())
        .containsExactly(Tuple.tuple("automated-tests", "Passed"), Tuple.tuple("soak-in-dev", "Passed"),
            Tuple.tuple("change-window", "Passed"));
    assertThat(image("rsg-test")).isEqualTo("registry.example/web:1.0.0");
    assertThat(admin.resources(Environment.class).withName("rsg-test").get().getStatus().getRelease().getVersion())
        .isEqualTo("1.0.0");
  }

  @Test
  void failedVerificationAfterTheSwitchRollsBackAcrossARestart() {
    environment("rsv-dev", "development", null);
    promote("rsv-dev", "rsv-1-0-0", """
          release:
            version: 1.0.0
            images: {web: registry.example/web:1.0.0}
        """);
    awaitPhase("rsv-dev", "rsv-1-0-0", Phase.Succeeded);

    promote("rsv-dev", "rsv-1-1-0", """
          release:
            version: 1.1.0
            images: {web: registry.example/web:1.1.0}
          verification:
            rollbackOnFailure: true
            gates:
              - name: smoke
                job:
                  template:
                    template:
                      spec:
                        containers: [{name: smoke, image: registry.example/smoke:1}]
        """);
    await().until(() -> admin.batch().v1().jobs().inNamespace("rsv-dev").withName("rsv-1-1-0-verify-smoke").get() != null);
    await().untilAsserted(() -> assertThat(status("rsv-dev", "rsv-1-1-0").getPhase()).isEqualTo(Phase.Verifying));
    assertThat(image("rsv-dev")).isEqualTo("registry.example/web:1.1.0");

    // The operator is down when the verification Job fails; the replacement finds the failure and rolls back.
    operator.close();
    operator = null;
    RealJobs.fail(admin, "rsv-dev", "rsv-1-1-0-verify-smoke");
    operator = RealOperator.start(plane, CLOCK, UnaryOperator.identity());

    awaitPhase("rsv-dev", "rsv-1-1-0", Phase.RolledBack);
    assertThat(status("rsv-dev", "rsv-1-1-0").findCondition("Succeeded").orElseThrow().getMessage()).isEqualTo(
        "verification gate smoke failed: Job rsv-dev/rsv-1-1-0-verify-smoke failed: BackoffLimitExceeded Job has reached "
            + "the specified backoff limit; restored 1.0.0 (revision 1) on Deployment shop");
    assertThat(image("rsv-dev")).isEqualTo("registry.example/web:1.0.0");
    ReleaseRecord current = admin.resources(Environment.class).withName("rsv-dev").get().getStatus().getRelease();
    assertThat(current.getVersion()).isEqualTo("1.0.0");
    assertThat(current.getRollbackOf()).isEqualTo(2);
    assertThat(admin.resources(Environment.class).withName("rsv-dev").get().getStatus().getReleaseHistory())
        .extracting(ReleaseRecord::getVersion).containsExactly("1.0.0", "1.1.0", "1.0.0");
    assertThat(admin.v1().events().inNamespace("rsv-dev").list().getItems())
        .filteredOn(e -> "rsv-1-1-0".equals(e.getInvolvedObject().getName()) && "RolledBack".equals(e.getReason()))
        .singleElement().satisfies(e -> assertThat(e.getType()).isEqualTo("Warning"));
  }

  private static void environment(String name, String stage, String upstream) {
    admin.resource(admin.getKubernetesSerialization().unmarshal("""
        apiVersion: stageline.io/v1alpha1
        kind: Environment
        metadata: {name: %s}
        spec:
          stage: %s
          %s
          workloads:
            selector: {matchLabels: {app: shop}}
        """.formatted(name, stage, upstream == null ? "" : "upstream: " + upstream), Environment.class)).create();
    await().until(() -> admin.namespaces().withName(name).get() != null);
    admin.resource(new DeploymentBuilder()
        .withNewMetadata().withName("shop").withNamespace(name).withLabels(Map.of("app", "shop")).endMetadata()
        .withNewSpec().withReplicas(1).withNewSelector().withMatchLabels(Map.of("app", "shop")).endSelector()
        .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "shop")).endMetadata()
        .withNewSpec().addNewContainer().withName("web").withImage("registry.example/web:0.9.0").endContainer()
        .endSpec().endTemplate().endSpec().build()).create();
  }

  /** Created by the administrator, who is also the requester the shipped admission policy checks. */
  private static void promote(String namespace, String name, String specTail) {
    admin.resource(admin.getKubernetesSerialization().unmarshal("""
        apiVersion: stageline.io/v1alpha1
        kind: Promotion
        metadata: {name: %s, namespace: %s}
        spec:
          environment: %s
          requestedBy: admin
        %s""".formatted(name, namespace, namespace, specTail), Promotion.class)).create();
  }

  private static void awaitPhase(String namespace, String name, Phase phase) {
    await().untilAsserted(() -> {
      PromotionStatus status = status(namespace, name);
      assertThat(status.getPhase()).as("phase of %s (waiting on %s)", name, status.getWaitingOn()).isEqualTo(phase);
    });
  }

  private static PromotionStatus status(String namespace, String name) {
    Promotion p = admin.resources(Promotion.class).inNamespace(namespace).withName(name).get();
    assertThat(p).as("promotion %s/%s", namespace, name).isNotNull();
    assertThat(p.getStatus()).as("status of %s/%s", namespace, name).isNotNull();
    return p.getStatus();
  }

  private static String image(String namespace) {
    return admin.apps().deployments().inNamespace(namespace).withName("shop").get().getSpec().getTemplate().getSpec()
        .getContainers().get(0).getImage();
  }
}
