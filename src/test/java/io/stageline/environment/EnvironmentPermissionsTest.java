package io.stageline.environment;

import static io.stageline.environment.TestEnvironments.get;
import static io.stageline.environment.TestEnvironments.hasCondition;
import static io.stageline.environment.TestEnvironments.hasEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.mockwebserver.http.MockResponse;
import io.stageline.api.v1alpha1.EnvironmentConditions;
import io.stageline.api.v1alpha1.EnvironmentStatus.Phase;
import io.stageline.api.v1alpha1.Stage;
import io.stageline.testing.Awaits;
import io.stageline.testing.OperatorExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A permission the operator lacks for an optional integration (the Prometheus Operator installed,
 * podmonitors not granted) ends in that step's condition with reason Forbidden naming the permission,
 * and a Warning event; the other steps and the status write go on, and granting it heals the step.
 */
class EnvironmentPermissionsTest {
  @RegisterExtension
  OperatorExtension op = OperatorExtension.running();

  private KubernetesClient client() {
    return op.client();
  }

  /** The API server's answer to a request RBAC does not allow (as kube-apiserver words it). */
  private static MockResponse rbacDenied(String verb, String resource, String group, String namespace) {
    String message = resource + " is forbidden: User \\\"system:serviceaccount:stageline-system:stageline-operator\\\" "
        + "cannot " + verb + " resource \\\"" + resource + "\\\" in API group \\\"" + group + "\\\" in the namespace \\\""
        + namespace + "\\\"";
    return new MockResponse().setResponseCode(403).setHeader("Content-Type", "application/json").setBody(
        "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\"" + message
            + "\",\"reason\":\"Forbidden\",\"details\":{\"group\":\"" + group + "\",\"kind\":\"" + resource + "\"},"
            + "\"code\":403}");
  }

  @Test
  void forbiddenPodMonitorIsReportedOnItsConditionWhileConfigAndStatusProceed() {
    TestEnvironments.installCrd(client(), ClusterCapabilities.POD_MONITOR);
    op.api().injectFault((request, api) -> request.getPath().startsWith("/apis/monitoring.coreos.com/v1/namespaces/dev/")
        ? rbacDenied(request.getMethod().equals("GET") ? "get" : "create", "podmonitors", "monitoring.coreos.com", "dev")
        : null);

    client().resource(EnvironmentConfigTest.withConfig("dev", Stage.development, List.of(), Map.of("a", "1")))
        .create();

    await().until(() -> hasCondition(client(), "dev", EnvironmentConditions.Type.MONITORED, false, "Forbidden"));
    var status = get(client(), "dev").getStatus();
    assertThat(status.findCondition(EnvironmentConditions.Type.MONITORED).orElseThrow().getMessage())
        .contains("the operator is not allowed to get podmonitors.monitoring.coreos.com in namespace dev");
    assertThat(hasCondition(client(), "dev", EnvironmentConditions.Type.CONFIG_READY, true, status.findCondition(
        EnvironmentConditions.Type.CONFIG_READY).orElseThrow().getReason())).isTrue();
    assertThat(status.findCondition(EnvironmentConditions.Type.COMPLIANT)).as("the step after monitoring ran").isPresent();
    assertThat(status.getPhase()).isEqualTo(Phase.Ready);
    await().until(() -> hasEvent(client(), "dev", "Warning", "Forbidden"));

    op.api().injectFault(null);
    await().atMost(Awaits.TIMEOUT)
        .until(() -> hasCondition(client(), "dev", EnvironmentConditions.Type.MONITORED, true, "PodMonitorReady"));
  }
}
