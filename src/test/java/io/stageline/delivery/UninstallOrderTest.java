package io.stageline.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.stageline.api.v1alpha1.AccessPolicy;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.Promotion;
import io.stageline.testing.Awaits;
import io.stageline.testing.OperatorExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The uninstall order docs/install.md gives works: custom resources first (the running operator
 * cleans up and releases its finalizers), then the operator, then the CRDs, which go at once because
 * nothing is left waiting for a finalizer.
 */
class UninstallOrderTest {
  @RegisterExtension OperatorExtension op = OperatorExtension.running();

  private KubernetesClient client() {
    return op.client();
  }

  private void apply(String yaml) {
    client().resource(Serialization.unmarshal(yaml, GenericKubernetesResource.class)).create();
  }

  @Test
  void customResourcesThenTheOperatorThenTheCrdsLeavesNothingBehind() {
    apply("apiVersion: stageline.io/v1alpha1\nkind: Environment\nmetadata: {name: dev}\nspec: {stage: development}");
    apply("apiVersion: stageline.io/v1alpha1\nkind: Environment\nmetadata: {name: prod}\nspec: {stage: production, promotionPolicy: {entryStage: true}}");
    apply("""
        apiVersion: stageline.io/v1alpha1
        kind: AccessPolicy
        metadata: {name: devs}
        spec:
          environments: {stages: [development]}
          grants:
          - subjects: [{kind: Group, name: developers}]
            access: read
        """);
    await().atMost(Awaits.TIMEOUT).until(() -> ready("dev") && ready("prod")
        && !client().rbac().roleBindings().inNamespace("dev").list().getItems().isEmpty());

    // 1. custom resources first
    client().resources(Promotion.class).inAnyNamespace().delete();
    client().resources(AccessPolicy.class).delete();
    client().resources(Environment.class).delete();
    await().atMost(Awaits.TIMEOUT).until(() -> client().resources(Environment.class).list().getItems().isEmpty()
        && client().resources(AccessPolicy.class).list().getItems().isEmpty());
    assertThat(client().rbac().roleBindings().inNamespace("dev").withLabel("stageline.io/access-policy").list()
        .getItems()).isEmpty();
    var dev = client().namespaces().withName("dev").get();
    assertThat(dev == null || dev.getMetadata().getDeletionTimestamp() != null).as("dev's namespace goes").isTrue();
    assertThat(client().namespaces().withName("prod").get().getMetadata().getLabels())
        .as("production keeps its namespace").containsEntry("stageline.io/retained", "true");

    // 2. then the operator
    op.stopOperator();

    // 3. then the CRDs: nothing waits for a finalizer, so they go at once
    for (String crd : List.of("environments.stageline.io", "promotions.stageline.io", "accesspolicies.stageline.io")) {
      client().apiextensions().v1().customResourceDefinitions().withName(crd).delete();
    }
    await().atMost(Awaits.TIMEOUT).until(() -> client().apiextensions().v1().customResourceDefinitions()
        .list().getItems().stream().noneMatch(c -> c.getSpec().getGroup().equals("stageline.io")));
    KubernetesClientException gone = org.assertj.core.api.Assertions.catchThrowableOfType(
        KubernetesClientException.class, () -> client().resources(Environment.class).list());
    assertThat(gone).as("the kinds are no longer served").isNotNull();
    assertThat(gone.getCode()).isEqualTo(404);
  }

  private boolean ready(String name) {
    Environment env = client().resources(Environment.class).withName(name).get();
    return env != null && env.getStatus() != null && env.getStatus().isReady();
  }
}
