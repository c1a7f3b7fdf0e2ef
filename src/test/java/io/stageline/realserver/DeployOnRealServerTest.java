package io.stageline.realserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.testing.RealControlPlane.ExecResult;
import io.stageline.testing.RealControlPlane;
import io.stageline.testing.RealControlPlaneExtension;
import io.stageline.testing.RealStageline;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** deploy/ installs on a real API server with the operator's least privilege, and examples/ is accepted there. */
@ExtendWith(RealControlPlaneExtension.class)
class DeployOnRealServerTest {
  private static final String EXAMPLES_NAMESPACE = "stageline-examples";
  private static final String OPERATOR = "system:serviceaccount:stageline-system:stageline-operator";

  @BeforeAll
  static void install(RealControlPlane plane) {
    RealStageline.require(plane);
  }

  @Test
  void deployGivesTheOperatorWhatItNeedsAndNoMore(RealControlPlane plane) {
    for (String allowed : List.of("create namespaces", "update environments.stageline.io --subresource=status",
        "create subjectaccessreviews.authorization.k8s.io", "create leases.coordination.k8s.io -n stageline-system",
        "bind clusterroles.rbac.authorization.k8s.io/stageline-deploy")) {
      assertThat(canI(plane, allowed)).as(allowed).isEqualTo("yes");
    }
    for (String denied : List.of("create clusterrolebindings.rbac.authorization.k8s.io",
        "bind clusterroles.rbac.authorization.k8s.io/cluster-admin", "escalate clusterroles.rbac.authorization.k8s.io",
        "impersonate users", "create validatingadmissionpolicies.admissionregistration.k8s.io")) {
      assertThat(canI(plane, denied)).as(denied).isEqualTo("no");
    }
  }

  @Test
  void shippedAdmissionPolicyAndItsBindingAreStored(RealControlPlane plane) {
    try (KubernetesClient admin = plane.adminClient()) {
      assertThat(admin.admissionRegistration().v1().validatingAdmissionPolicies()
          .withName("stageline-promotion-approvals").get()).isNotNull();
      assertThat(admin.admissionRegistration().v1().validatingAdmissionPolicyBindings()
          .withName("stageline-promotion-approvals").get().getSpec().getValidationActions()).containsExactly("Deny");
    }
  }

  @Test
  void everyExampleIsAcceptedByTheRealServer(RealControlPlane plane) throws IOException {
    // The config and vault namespaces and their sources are what the other examples read: apply them.
    ExecResult sources = plane.kubectl("apply", "-f", "examples/config-and-secrets.yaml");
    assertThat(sources.ok()).as(sources.toString()).isTrue();

    ExecResult dryRun = plane.kubectl("apply", "--dry-run=server", "-f", "examples/environments.yaml",
        "-f", "examples/access-matrix.yaml", "-f", "examples/access-break-glass.yaml");
    assertThat(dryRun.ok()).as(dryRun.toString()).isTrue();
    assertThat(dryRun.stdout()).contains("environment.stageline.io/production created (server dry run)");

    // Promotions and seed data live in the Environments' namespaces, which the operator makes; a stand-in
    // namespace serves for a dry run. They are sent as the user their requestedBy names, as the policy demands.
    try (KubernetesClient admin = plane.adminClient();
         KubernetesClient requester = plane.clientAs("admin", "system:masters")) {
      if (admin.namespaces().withName(EXAMPLES_NAMESPACE).get() == null) {
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(EXAMPLES_NAMESPACE)
            .endMetadata().build()).create();
      }
      for (Path file : inEnvironmentNamespaces()) {
        List<HasMetadata> objects;
        try (InputStream in = Files.newInputStream(file)) {
          objects = admin.load(in).items();
        }
        for (HasMetadata object : objects) {
          object.getMetadata().setNamespace(EXAMPLES_NAMESPACE);
          HasMetadata created = requester.resource(object).dryRun().create();
          assertThat(created.getMetadata().getUid()).as(file.toString()).isNotBlank();
        }
      }
    }
  }

  private static List<Path> inEnvironmentNamespaces() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("examples/promotions"))) {
      return Stream.concat(Stream.of(Path.of("examples/seed-data.yaml")),
          files.filter(p -> p.toString().endsWith(".yaml")).sorted()).toList();
    }
  }

  private static String canI(RealControlPlane plane, String question) {
    List<String> args = new java.util.ArrayList<>(List.of("auth", "can-i"));
    args.addAll(List.of(question.split(" ")));
    args.add("--as=" + OPERATOR);
    ExecResult result = plane.kubectl(args.toArray(String[]::new));
    return result.stdout().strip();
  }
}
