package io.stageline.testing;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.testing.RealControlPlane.ExecResult;
import java.time.Duration;
import java.util.List;

/**
 * Stageline installed on the JVM's real control plane the way docs/install.md says ({@code kubectl apply
 * -k deploy/}), once; the first caller's apply is the one that creates the CRDs, so its outcome is what
 * {@code CrdsOnRealServerTest} judges.
 */
public final class RealStageline {
  public static final List<String> CRDS = List.of(
      "environments.stageline.io", "promotions.stageline.io", "accesspolicies.stageline.io");
  private static ExecResult install;

  private RealStageline() {}

  /** Applies deploy/ (CRDs, namespace, RBAC, admission policy, Deployment) once per JVM; returns kubectl's answer. */
  public static synchronized ExecResult install(RealControlPlane plane) {
    if (install == null) {
      install = plane.kubectl("apply", "-k", "deploy/");
      if (install.ok()) {
        try (KubernetesClient admin = plane.adminClient()) {
          await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
              .until(() -> CRDS.stream().allMatch(name -> established(admin, name)));
        }
      }
    }
    return install;
  }

  /** Installs and fails with kubectl's output when the install did not succeed. */
  public static void require(RealControlPlane plane) {
    ExecResult result = install(plane);
    if (!result.ok()) {
      throw new IllegalStateException("kubectl apply -k deploy/ failed on the real API server:\n" + result);
    }
  }

  public static boolean established(KubernetesClient client, String name) {
    CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().withName(name).get();
    return crd != null && crd.getStatus() != null && crd.getStatus().getConditions().stream()
        .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
