package io.stageline.realserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.testing.Environments;
import io.stageline.testing.RealControlPlane;
import io.stageline.testing.RealControlPlaneExtension;
import io.stageline.testing.RealOperator;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Two replicas share one Lease on a real API server: one reconciles, and the other takes over when it stops. */
@ExtendWith(RealControlPlaneExtension.class)
class LeaderElectionOnRealServerTest {

  @Test
  void secondReplicaTakesTheLeaseAndReconcilesWhenTheLeaderStops(RealControlPlane plane) {
    // JOSDK renews at 2/3 of the lease and retries every 2 s; 10 s is the shortest lease that allows both.
    Duration lease = Duration.ofSeconds(10);
    try (KubernetesClient admin = plane.adminClient()) {
      RealOperator first = RealOperator.replica(plane, "replica-a", lease);
      RealOperator second = null;
      try {
        Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> "replica-a".equals(holder(admin)));
        second = RealOperator.replica(plane, "replica-b", lease);
        admin.resource(Environments.development("rs-leader-1").build()).create();
        Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> Environments.isReady(admin, "rs-leader-1"));
        assertThat(holder(admin)).isEqualTo("replica-a");

        first.close();
        first = null;
        Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> "replica-b".equals(holder(admin)));
        admin.resource(Environments.development("rs-leader-2").build()).create();
        Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> Environments.isReady(admin, "rs-leader-2"));
      } finally {
        if (first != null) {
          first.close();
        }
        if (second != null) {
          second.close();
        }
      }
    }
  }

  private static String holder(KubernetesClient admin) {
    Lease lease = admin.leases().inNamespace(RealControlPlane.OPERATOR_NAMESPACE).withName("stageline-operator").get();
    return lease == null ? null : lease.getSpec().getHolderIdentity();
  }
}
