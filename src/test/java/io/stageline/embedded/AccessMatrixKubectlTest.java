package io.stageline.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.stageline.testing.Awaits;
import io.stageline.testing.OperatorExtension;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example access matrix (examples/access-matrix.yaml), bound by the operator running as its
 * ServiceAccount, decides what users may do through kubectl against the embedded API: each level
 * allows what docs/access.md says and is denied the rest with kube-apiserver's Forbidden.
 */
class AccessMatrixKubectlTest {
  @RegisterExtension OperatorExtension op = OperatorExtension.running();
  @TempDir Path dir;
  private Kubectl kubectl;

  private void apply(String file) throws IOException {
    try (InputStream in = Files.newInputStream(Path.of("examples", file))) {
      for (HasMetadata object : op.client().load(in).items()) {
        op.client().resource(object).create();
      }
    }
  }

  private boolean bound(String namespace, String binding) {
    return op.client().rbac().roleBindings().inNamespace(namespace).withName(binding).get() != null;
  }

  private String as(String user, String group, String stdin, String... args) {
    List<String> command = new ArrayList<>(List.of(args));
    command.addAll(List.of("--as", user));
    if (group != null) {
      command.addAll(List.of("--as-group", group));
    }
    Kubectl.Result result = kubectl.runWithInput(stdin, command.toArray(String[]::new));
    return result.exitCode() == 0 ? "ok" : result.err().trim();
  }

  private static String forbidden(String user, String verb, String resource, String group, String namespace) {
    String qualified = group.isEmpty() ? resource : resource + "." + group;
    return qualified + " is forbidden: User \"" + user + "\" cannot " + verb + " resource \"" + resource
        + "\" in API group \"" + group + "\" in the namespace \"" + namespace + "\"";
  }

  private static String promotion(String namespace, String environment, String requestedBy) {
    return """
        apiVersion: stageline.io/v1alpha1
        kind: Promotion
        metadata: {generateName: release-, namespace: %s}
        spec: {environment: %s, requestedBy: %s}
        """.formatted(namespace, environment, requestedBy);
  }

  private static String configMap(String namespace) {
    return """
        apiVersion: v1
        kind: ConfigMap
        metadata: {generateName: settings-, namespace: %s}
        data: {mode: fast}
        """.formatted(namespace);
  }

  @Test
  void eachLevelIsAllowedAndDeniedAsTheMatrixSays() throws IOException {
    assumeTrue(Kubectl.installed(), "kubectl is not installed");
    apply("environments.yaml");
    apply("access-matrix.yaml");
    await().atMost(Awaits.TIMEOUT).until(() -> bound("shop-dev", "stageline-developers-write")
        && bound("shop-staging", "stageline-developers-read") && bound("shop-staging", "stageline-qa-deploy")
        && bound("shop-prod", "stageline-release-managers-approve") && bound("shop-prod", "stageline-system-admins-admin"));
    for (String ns : List.of("shop-dev", "shop-staging", "shop-prod")) {
      op.client().secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName("db")
          .endMetadata().addToStringData("password", "s3cret").build()).create();
    }
    Path kubeconfig = dir.resolve("kubeconfig");
    op.api().writeKubeconfig(kubeconfig);
    kubectl = new Kubectl(kubeconfig);

    // nobody: no grant at all
    assertThat(as("mallory", null, null, "-n", "shop-dev", "get", "pods"))
        .contains(forbidden("mallory", "list", "pods", "", "shop-dev"));

    // read (developers in staging): sees workloads and promotions, no Secrets, requests nothing
    assertThat(as("carl", "shop-developers", null, "-n", "shop-staging", "get", "pods,deployments,promotions"))
        .isEqualTo("ok");
    assertThat(as("carl", "shop-developers", null, "-n", "shop-staging", "get", "secrets"))
        .contains(forbidden("carl", "list", "secrets", "", "shop-staging"));
    assertThat(as("carl", "shop-developers", promotion("shop-staging", "staging", "carl"), "create", "-f", "-"))
        .contains(forbidden("carl", "create", "promotions", "stageline.io", "shop-staging"));

    // write (developers in development): changes configuration, still no Secrets and no Promotions
    assertThat(as("carl", "shop-developers", configMap("shop-dev"), "create", "-f", "-")).isEqualTo("ok");
    assertThat(as("carl", "shop-developers", null, "-n", "shop-dev", "get", "secret", "db"))
        .contains("secrets \"db\" is forbidden: User \"carl\" cannot get resource \"secrets\" in API group \"\" "
            + "in the namespace \"shop-dev\"");
    assertThat(as("carl", "shop-developers", promotion("shop-dev", "development", "carl"), "create", "-f", "-"))
        .contains(forbidden("carl", "create", "promotions", "stageline.io", "shop-dev"));

    // deploy (qa in staging): requests a Promotion, cannot change configuration, cannot approve
    assertThat(as("dana", "shop-qa", promotion("shop-staging", "staging", "dana"), "create", "-f", "-"))
        .isEqualTo("ok");
    assertThat(as("dana", "shop-qa", configMap("shop-staging"), "create", "-f", "-"))
        .contains(forbidden("dana", "create", "configmaps", "", "shop-staging"));
    assertThat(kubectl.run("-n", "shop-staging", "auth", "can-i", "approve", "promotions", "--as", "dana",
        "--as-group", "shop-qa").out().trim()).isEqualTo("no");
    assertThat(as("dana", "shop-qa", promotion("shop-prod", "production", "dana"), "create", "-f", "-"))
        .as("qa reads production only").contains(forbidden("dana", "create", "promotions", "stageline.io", "shop-prod"));

    // approve (release managers in production): approves, reads, but no Secrets, no exec, no requests
    assertThat(kubectl.run("-n", "shop-prod", "auth", "can-i", "approve", "promotions", "--as", "rita", "--as-group",
        "release-managers").out().trim()).isEqualTo("yes");
    assertThat(as("rita", "release-managers", null, "-n", "shop-prod", "get", "pods,deployments,promotions"))
        .isEqualTo("ok");
    assertThat(as("rita", "release-managers", null, "-n", "shop-prod", "get", "secret", "db"))
        .contains("secrets \"db\" is forbidden: User \"rita\" cannot get resource \"secrets\"");
    assertThat(kubectl.run("-n", "shop-prod", "auth", "can-i", "create", "pods/exec", "--as", "rita", "--as-group",
        "release-managers").out().trim()).isEqualTo("no");
    assertThat(as("rita", "release-managers", promotion("shop-prod", "production", "rita"), "create", "-f", "-"))
        .contains(forbidden("rita", "create", "promotions", "stageline.io", "shop-prod"));

    // admin (system admins): Secrets and approvals, but never RoleBindings (access is what policies say)
    assertThat(as("root", "system-admins", null, "-n", "shop-prod", "get", "secret", "db")).isEqualTo("ok");
    assertThat(kubectl.run("-n", "shop-prod", "auth", "can-i", "approve", "promotions", "--as", "root", "--as-group",
        "system-admins").out().trim()).isEqualTo("yes");
    assertThat(as("root", "system-admins", """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: me-too, namespace: shop-prod}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: stageline-admin}
        subjects:
        - {apiGroup: rbac.authorization.k8s.io, kind: User, name: mallory}
        """, "create", "-f", "-"))
        .contains(forbidden("root", "create", "rolebindings", "rbac.authorization.k8s.io", "shop-prod"));
  }
}
