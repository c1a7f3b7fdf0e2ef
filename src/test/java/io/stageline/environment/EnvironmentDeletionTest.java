package io.stageline.environment;

import static io.stageline.environment.TestEnvironments.await;
import static io.stageline.environment.TestEnvironments.environment;
import static io.stageline.environment.TestEnvironments.isReady;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.EnvironmentSpec.DeletionPolicy;
import io.stageline.api.v1alpha1.Stage;
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
