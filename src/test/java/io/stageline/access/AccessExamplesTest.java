package io.stageline.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.api.Labels;
import io.stageline.api.v1alpha1.AccessPolicy;
import io.stageline.testing.Awaits;
import io.stageline.testing.OperatorExtension;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The shipped example matrix, applied with the example Environments, grants what its table says. */
class AccessExamplesTest {
  @RegisterExtension OperatorExtension op = OperatorExtension.running();

  private KubernetesClient client() {
    return op.client();
  }

  private void apply(String file) throws IOException {
    try (InputStream in = Files.newInputStream(Path.of("examples", file))) {
      List<HasMetadata> objects = client().load(in).items();
      objects.forEach(o -> client().resource(o).create());
    }
  }

  /** "Group:x=level" for every subject bound in a namespace. */
  private Set<String> grantsIn(String namespace) {
    return client().rbac().roleBindings().inNamespace(namespace).withLabel(Labels.MANAGED_BY, Labels.STAGELINE)
        .list().getItems().stream()
        .flatMap((RoleBinding rb) -> rb.getSubjects().stream()
            .map(s -> RoleBindings.describe(s) + "=" + rb.getMetadata().getLabels().get(Labels.ACCESS_LEVEL)))
        .collect(Collectors.toSet());
  }

  @Test
  void theExampleMatrixBindsWhatItsTableSays() throws IOException {
    apply("environments.yaml");
    apply("access-matrix.yaml");
    apply("access-break-glass.yaml");

    await().atMost(Awaits.TIMEOUT).untilAsserted(() -> {
      assertThat(grantsIn("shop-dev")).containsExactlyInAnyOrder("Group:shop-developers=write",
          "ServiceAccount:ci/shop-deployer=deploy", "Group:shop-qa=read", "Group:operations=read",
          "Group:system-admins=admin");
      assertThat(grantsIn("shop-prod")).containsExactlyInAnyOrder("Group:shop-developers=read",
          "Group:shop-qa=read", "Group:operations=read", "Group:operations=write", "Group:operations=deploy",
          "Group:release-managers=approve", "Group:system-admins=admin", "Group:sre-oncall=admin");
      assertThat(client().resources(AccessPolicy.class).list().getItems())
          .allSatisfy(p -> assertThat(p.getStatus()).isNotNull()
              .satisfies(s -> assertThat(s.getRefused()).isEmpty()));
    });
    AccessPolicy breakGlass = client().resources(AccessPolicy.class).withName("break-glass").get();
    assertThat(breakGlass.getStatus().getExpiresAt()).isNotNull().doesNotStartWith("2099");
  }
}
