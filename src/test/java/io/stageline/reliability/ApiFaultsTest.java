package io.stageline.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.testing.Awaits;
import io.stageline.testing.Edits;
import io.stageline.testing.Environments;
import io.stageline.testing.OperatorExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The API fails for a while (500s, 409 conflicts, 410 Gone on watches, slow answers): the operator
 * recovers and converges, with nothing lost (every Environment Ready, every managed object there)
 * and nothing duplicated (one namespace, one provisioning audit event, no writes on a later resync).
 */
class ApiFaultsTest {
  @RegisterExtension OperatorExtension op = OperatorExtension.apiOnly();

  private KubernetesClient client() {
    return op.client();
  }

  @Test
  void provisioningConvergesThroughServerErrors() {
    op.startOperator();
    Faults.Counted fault = Faults.failFirst(3, 500, "InternalError",
        (method, path) -> method.equals("POST") && path.startsWith("/api/v1/namespaces/errors/"));
    op.api().injectFault(fault.fault());
    client().resource(Environments.test("errors").withQuotaAndLimits().build()).create();

    await().atMost(Awaits.TIMEOUT).until(() -> Environments.isReady(client(), "errors"));
    assertThat(fault.fired()).isEqualTo(3);
    assertConvergedOnce("errors");

    // what the faults left behind is consistent: a fresh operator finds nothing to write
    op.stopOperator();
    long writes = op.writeRequests();
    op.startOperator();
    await().during(Duration.ofSeconds(3)).atMost(Awaits.TIMEOUT).until(() -> op.writeRequests() == writes);
  }

  @Test
  void conflictsOnStatusWritesAreRetriedWithoutASecondDecision() {
    op.startOperator();
    Faults.Counted fault = Faults.failFirst(2, 409, "Conflict",
        (method, path) -> !method.equals("GET") && path.startsWith("/apis/stageline.io/v1alpha1/environments/conflicts/status"));
    op.api().injectFault(fault.fault());
    client().resource(Environments.test("conflicts").withQuotaAndLimits().build()).create();

    await().atMost(Awaits.TIMEOUT).until(() -> Environments.isReady(client(), "conflicts"));
    assertThat(fault.fired()).isEqualTo(2);
    assertConvergedOnce("conflicts");
  }

  @Test
  void watchesAnsweredGoneAreRelistedAndNothingIsMissed() {
    Faults.Counted fault = Faults.failFirst(6, 410, "Expired", (method, path) -> Faults.isWatch(path));
    op.api().injectFault(fault.fault());
    client().resource(Environments.test("before-start").withQuotaAndLimits().build()).create();
    op.startOperator();
    client().resource(Environments.development("after-start").withQuotaAndLimits().build()).create();

    await().atMost(Awaits.TIMEOUT).until(() -> Environments.isReady(client(), "before-start")
        && Environments.isReady(client(), "after-start"));
    assertThat(fault.fired()).isEqualTo(6);
    assertConvergedOnce("before-start");
    assertConvergedOnce("after-start");
  }

  @Test
  void slowAnswersDelayButLoseNothing() {
    op.startOperator();
    op.api().injectFault(Faults.slow(Duration.ofMillis(300)));
    for (String name : List.of("slow-a", "slow-b", "slow-c")) {
      client().resource(Environments.test(name).withQuotaAndLimits().build()).create();
    }
    await().atMost(Awaits.TIMEOUT).until(() -> List.of("slow-a", "slow-b", "slow-c").stream()
        .allMatch(n -> Environments.isReady(client(), n)));
    op.api().injectFault(null);

    client().resourceQuotas().inNamespace("slow-b").delete();
    await().atMost(Awaits.TIMEOUT).until(() -> !client().resourceQuotas().inNamespace("slow-b").list().getItems().isEmpty());
    for (String name : List.of("slow-a", "slow-b", "slow-c")) {
      assertConvergedOnce(name);
    }
  }

  @Test
  void aWriteTheApiKeepsFailingIsReportedAsStepFailedWithoutItsMessageUntilItSucceeds() {
    op.startOperator();
    // every ConfigMap the operator writes into the namespace fails until the fault is lifted
    op.api().injectFault((request, api) -> request.getMethod().equals("POST")
        && request.getPath().startsWith("/api/v1/namespaces/failing/configmaps") ? Faults.status(500, "InternalError") : null);
    io.stageline.api.v1alpha1.Environment env = Environments.test("failing").withQuotaAndLimits().build();
    io.stageline.api.v1alpha1.ConfigSpec config = new io.stageline.api.v1alpha1.ConfigSpec();
    config.setData(java.util.Map.of("LOG_LEVEL", "info"));
    env.getSpec().setConfig(config);
    client().resource(env).create();

    await().atMost(Awaits.TIMEOUT).untilAsserted(() -> assertThat(condition("failing", "Ready"))
        .isNotNull()
        .satisfies(c -> {
          assertThat(c.getStatus()).isEqualTo("False");
          assertThat(c.getReason()).isEqualTo("StepFailed");
          assertThat(c.getMessage()).contains("500").doesNotContain("injected fault");
        }));

    op.api().injectFault(null);
    await().atMost(Awaits.TIMEOUT).until(() -> Environments.isReady(client(), "failing")
        && !"StepFailed".equals(condition("failing", "Ready").getReason()));
  }

  @Test
  void aReconcileThatThrowsSetsReconcileErrorWithAWarningLeavesReadyAloneAndClearsItOnRecovery() {
    op.startOperator();
    client().resource(Environments.test("throwing").withQuotaAndLimits().build()).create();
    await().atMost(Awaits.TIMEOUT).until(() -> Environments.isReady(client(), "throwing"));
    var readyBefore = condition("throwing", "Ready");

    // the status update of the next reconcile fails, so the reconcile throws; the error's own write is a patch
    op.api().injectFault((request, api) -> request.getMethod().equals("PUT")
        && request.getPath().startsWith("/apis/stageline.io/v1alpha1/environments/throwing/status")
        ? Faults.status(503, "ServiceUnavailable") : null);
    Edits.edit(client().resources(io.stageline.api.v1alpha1.Environment.class).withName("throwing"), e -> {
      e.getSpec().setQuota(java.util.Map.of("requests.cpu", new io.fabric8.kubernetes.api.model.Quantity("8")));
      return e;
    });

    await().atMost(Awaits.TIMEOUT).untilAsserted(() -> assertThat(condition("throwing", "ReconcileError"))
        .isNotNull()
        .satisfies(c -> {
          assertThat(c.getStatus()).isEqualTo("True");
          assertThat(c.getReason()).isEqualTo("ApiError");
          assertThat(c.getMessage()).contains("503").doesNotContain("injected fault");
        }));
    assertThat(condition("throwing", "Ready")).as("Ready is what the last successful reconcile wrote")
        .isEqualTo(readyBefore);
    assertThat(events("throwing", "ApiError")).as("a Warning for the failure").isNotEmpty()
        .allSatisfy(e -> assertThat(e.getType()).isEqualTo("Warning"));

    op.api().injectFault(null);
    await().atMost(Awaits.TIMEOUT).until(() -> condition("throwing", "ReconcileError") == null
        && Environments.isReady(client(), "throwing"));
  }

  private io.fabric8.kubernetes.api.model.Condition condition(String name, String type) {
    var env = client().resources(io.stageline.api.v1alpha1.Environment.class).withName(name).get();
    return env == null || env.getStatus() == null ? null : env.getStatus().findCondition(type).orElse(null);
  }

  /** One namespace with its managed objects, one provisioning decision, and a restart writes nothing. */
  private void assertConvergedOnce(String name) {
    assertThat(client().namespaces().withLabel("stageline.io/environment", name).list().getItems()).hasSize(1);
    assertThat(client().resourceQuotas().inNamespace(name).list().getItems()).hasSize(1);
    assertThat(client().limitRanges().inNamespace(name).list().getItems()).hasSize(1);
    assertThat(client().network().networkPolicies().inNamespace(name).list().getItems()).hasSize(1);
    // the audit event follows the status write that made it Ready
    await().atMost(Awaits.TIMEOUT).untilAsserted(() -> assertThat(events(name, "Provisioned"))
        .as("one audit event for the one provisioning decision").hasSize(1));
  }

  private List<Event> events(String name, String reason) {
    return client().v1().events().inAnyNamespace().list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason())).toList();
  }
}
