package io.stageline.access;

import static io.stageline.access.AccessFixtures.group;
import static io.stageline.access.AccessFixtures.policy;
import static io.stageline.access.AccessFixtures.stages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.mockwebserver.http.MockResponse;
import io.stageline.api.v1alpha1.AccessPolicy;
import io.stageline.api.v1alpha1.AccessPolicySpec.Level;
import io.stageline.api.v1alpha1.Stage;
import io.stageline.testing.Awaits;
import io.stageline.testing.Edits;
import io.stageline.testing.OperatorExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An AccessPolicy whose reconcile throws is told so by ReconcileError, and the next success removes it. */
class AccessPolicyReconcileErrorTest {
  @RegisterExtension OperatorExtension op = OperatorExtension.apiOnly();

  @Test
  void aFailedStatusUpdateSetsReconcileErrorLeavesReadyAsItWasAndRecoveryRemovesIt() {
    op.startOperator();
    KubernetesClient client = op.client();
    AccessFixtures.createEnvironment(client, "team-dev", Stage.development, Map.of());
    client.resource(policy("devs", stages(Stage.development), AccessFixtures.grant(Level.read, group("devs")))).create();
    await().atMost(Awaits.TIMEOUT).until(() -> ready("devs") != null && "True".equals(ready("devs").getStatus()));
    Condition readyBefore = ready("devs");

    // the status update of the next reconcile fails with 500, so the reconcile throws
    op.api().injectFault((request, api) -> request.getMethod().equals("PUT")
        && request.getPath().startsWith("/apis/stageline.io/v1alpha1/accesspolicies/devs/status")
        ? new MockResponse().setResponseCode(500).setHeader("Content-Type", "application/json")
            .setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"InternalError\","
                + "\"message\":\"injected fault\",\"code\":500}")
        : null);
    Edits.edit(client.resources(AccessPolicy.class).withName("devs"), p -> {
      p.getSpec().getGrants().get(0).getSubjects().add(group("reviewers"));
      return p;
    });

    await().atMost(Awaits.TIMEOUT).untilAsserted(() -> assertThat(condition("devs", "ReconcileError")).isNotNull()
        .satisfies(c -> {
          assertThat(c.getStatus()).isEqualTo("True");
          assertThat(c.getReason()).isEqualTo("ApiError");
          assertThat(c.getMessage()).contains("500").doesNotContain("injected fault");
        }));
    assertThat(ready("devs")).as("Ready is what the last successful reconcile wrote").isEqualTo(readyBefore);

    op.api().injectFault(null);
    await().atMost(Awaits.TIMEOUT).until(() -> condition("devs", "ReconcileError") == null
        && "True".equals(ready("devs").getStatus()));
  }

  private Condition ready(String name) {
    return condition(name, "Ready");
  }

  private Condition condition(String name, String type) {
    AccessPolicy p = op.client().resources(AccessPolicy.class).withName(name).get();
    return p == null || p.getStatus() == null ? null : p.getStatus().findCondition(type).orElse(null);
  }
}
