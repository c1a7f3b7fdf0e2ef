package io.stageline.environment;

import static org.awaitility.Awaitility.await;
import static io.stageline.testing.Environments.isReady;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.environment.dependent.NetworkPolicyDependentResource;
import io.stageline.environment.dependent.ResourceQuotaDependentResource;
import io.stageline.testing.Awaits;
import io.stageline.testing.Environments;
import io.stageline.testing.OperatorExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Edits to managed objects are reverted and deleted ones recreated, driven by watch events. */
class EnvironmentDriftTest {
  @RegisterExtension
  OperatorExtension op = OperatorExtension.running();

  private KubernetesClient client() {
    return op.client();
  }

  @BeforeEach
  void provision() {
    client().resource(Environments.staging("staging").withQuota(Environments.quota()).build()).create();
    await().until(() -> isReady(client(), "staging"));
  }

  @Test
  void recreatesADeletedNetworkPolicy() {
    client().network().v1().networkPolicies().inNamespace("staging").withName(NetworkPolicyDependentResource.NAME).delete();

    // shorter than any periodic resync: the delete event itself brings the reconcile
    await().atMost(Awaits.TIMEOUT).until(() -> client().network().v1().networkPolicies()
        .inNamespace("staging").withName(NetworkPolicyDependentResource.NAME).get() != null);
  }

  @Test
  void recreatesADeletedNamespace() {
    client().namespaces().withName("staging").delete();

    await().atMost(Awaits.TIMEOUT).until(() -> client().namespaces().withName("staging").get() != null
        && client().resourceQuotas().inNamespace("staging").withName(ResourceQuotaDependentResource.NAME).get() != null);
  }

  @Test
  void aResyncWithNothingToChangeWritesNothing() {
    // let the provisioning reconciles settle, then restart: every Environment is reconciled afresh
    op.awaitOperatorIdle();
    op.stopOperator();
    long before = op.writeRequests();

    op.startOperator();
    // a finished reconcile has made its writes: the restarted operator's first reconcile of the Environment
    await().until(() -> op.reconciles("environment") >= 1);

    assertThat(op.writeRequests()).isEqualTo(before);
  }
}
