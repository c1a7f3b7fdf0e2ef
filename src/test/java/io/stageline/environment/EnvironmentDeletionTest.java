package io.stageline.environment;

import static io.stageline.environment.TestEnvironments.await;
import static io.stageline.environment.TestEnvironments.environment;
import static io.stageline.environment.TestEnvironments.hasEvent;
import static io.stageline.environment.TestEnvironments.isReady;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.EnvironmentSpec.DeletionPolicy;
import io.stageline.api.v1alpha1.Stage;
import io.stageline.environment.dependent.ResourceQuotaDependentResource;
import io.stageline.testing.OperatorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EnvironmentDeletionTest {
  @RegisterExtension
  OperatorExtension op = OperatorExtension.running();

  private KubernetesClient client() {
    return op.client();
  }

  @Test
  void developmentNamespaceIsDeletedWithItsEnvironment() {
    client().resource(environment("dev", Stage.development, spec -> spec.setQuota(TestEnvironments.quota()))).create();
    await().until(() -> isReady(client(), "dev"));

    client().resources(Environment.class).withName("dev").delete();

    await().until(() -> client().resources(Environment.class).withName("dev").get() == null);
    await().until(() -> client().namespaces().withName("dev").get() == null);
    assertThat(hasEvent(client(), "dev", "Normal", Reasons.DELETED)).isTrue();
  }

  @Test
  void productionIsRetainedOnDelete() {
    client().resource(environment("prod", Stage.production, spec -> spec.setQuota(TestEnvironments.quota()))).create();
    await().until(() -> isReady(client(), "prod"));

    client().resources(Environment.class).withName("prod").delete();

    await().until(() -> client().resources(Environment.class).withName("prod").get() == null);
    assertThat(client().namespaces().withName("prod").get().getMetadata().getLabels())
        .containsEntry("stageline.io/retained", "true");
    assertThat(client().resourceQuotas().inNamespace("prod").withName(ResourceQuotaDependentResource.NAME).get())
        .isNotNull();
    assertThat(hasEvent(client(), "prod", "Normal", Reasons.RETAINED)).isTrue();
  }

  @Test
  void retainPolicyKeepsANamespaceBelowProductionToo() {
    client().resource(environment("test", Stage.test, spec -> spec.setDeletionPolicy(DeletionPolicy.Retain))).create();
    await().until(() -> isReady(client(), "test"));

    client().resources(Environment.class).withName("test").delete();

    await().until(() -> client().resources(Environment.class).withName("test").get() == null);
    assertThat(client().namespaces().withName("test").get()).isNotNull();
  }

  @Test
  void aRecreatedEnvironmentTakesBackItsRetainedNamespace() {
    client().resource(environment("prod", Stage.production)).create();
    await().until(() -> isReady(client(), "prod"));
    client().resources(Environment.class).withName("prod").delete();
    await().until(() -> client().resources(Environment.class).withName("prod").get() == null);

    client().resource(environment("prod", Stage.production)).create();

    await().until(() -> isReady(client(), "prod"));
    assertThat(client().namespaces().withName("prod").get().getMetadata().getLabels())
        .doesNotContainKey("stageline.io/retained");
  }
}
