package io.stageline.environment;

import static io.stageline.environment.TestEnvironments.hasCondition;
import static io.stageline.environment.TestEnvironments.hasEvent;
import static io.stageline.testing.Environments.isReady;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.EnvironmentConditions;
import io.stageline.api.v1alpha1.EnvironmentSpec.DeletionPolicy;
import io.stageline.api.v1alpha1.EnvironmentStatus.Phase;
import io.stageline.api.v1alpha1.StatusConditions;
import io.stageline.environment.dependent.ResourceQuotaDependentResource;
import io.stageline.testing.Environments;
import io.stageline.testing.OperatorExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EnvironmentDeletionTest {
  @RegisterExtension
  OperatorExtension op = OperatorExtension.running();

  private KubernetesClient client() {
    return op.client();
  }

  @Test
  void retainPolicyKeepsANamespaceBelowProductionToo() {
    client().resource(Environments.test("test").with(spec -> spec.setDeletionPolicy(DeletionPolicy.Retain)).build()).create();
    await().until(() -> isReady(client(), "test"));

    client().resources(Environment.class).withName("test").delete();

    await().until(() -> client().resources(Environment.class).withName("test").get() == null);
    assertThat(client().namespaces().withName("test").get()).isNotNull();
  }

  @Test
  void aRecreatedEnvironmentTakesBackItsRetainedNamespace() {
    client().resource(Environments.production("prod").build()).create();
    await().until(() -> isReady(client(), "prod"));
    client().resources(Environment.class).withName("prod").delete();
    await().until(() -> client().resources(Environment.class).withName("prod").get() == null);

    client().resource(Environments.production("prod").build()).create();

    await().until(() -> isReady(client(), "prod"));
    assertThat(client().namespaces().withName("prod").get().getMetadata().getLabels())
        .doesNotContainKey("stageline.io/retained");
  }

  @Test
  void aRecreatedEnvironmentWaitsForItsTerminatingNamespaceAndProvisionsOnceItIsGone() {
    client().resource(Environments.development("phoenix").withQuota(Environments.quota()).build())
        .create();
    await().until(() -> isReady(client(), "phoenix"));
    // an object whose controller still has work to do keeps the namespace Terminating
    client().configMaps().inNamespace("phoenix").resource(new ConfigMapBuilder().withNewMetadata().withName("held")
        .withFinalizers("example.com/hold").endMetadata().build()).create();
    client().resources(Environment.class).withName("phoenix").delete();
    await().until(() -> client().resources(Environment.class).withName("phoenix").get() == null);
    assertThat(client().namespaces().withName("phoenix").get().getStatus().getPhase()).isEqualTo("Terminating");

    client().resource(Environments.development("phoenix").withQuota(Environments.quota()).build())
        .create();

    await().until(() -> hasCondition(client(), "phoenix", EnvironmentConditions.Type.NAMESPACE_READY, false,
        EnvironmentConditions.Reason.NAMESPACE_TERMINATING) && hasCondition(client(), "phoenix", StatusConditions.READY, false,
        EnvironmentConditions.Reason.NAMESPACE_TERMINATING));
    await().until(() -> hasEvent(client(), "phoenix", "Warning", EnvironmentConditions.Reason.NAMESPACE_TERMINATING));
    assertThat(TestEnvironments.get(client(), "phoenix").getStatus().getPhase()).isEqualTo(Phase.Pending);

    await().untilAsserted(() -> client().configMaps().inNamespace("phoenix").withName("held").edit(cm -> {
      cm.getMetadata().setFinalizers(List.of());
      return cm;
    }));

    await().until(() -> isReady(client(), "phoenix"));
    Namespace fresh = client().namespaces().withName("phoenix").get();
    assertThat(fresh.getMetadata().getDeletionTimestamp()).isNull();
    assertThat(client().resourceQuotas().inNamespace("phoenix").withName(ResourceQuotaDependentResource.NAME).get())
        .isNotNull();
    assertThat(client().configMaps().inNamespace("phoenix").withName("held").get()).isNull();
  }
}
