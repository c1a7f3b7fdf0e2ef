package io.stageline.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.stageline.api.v1alpha1.Promotion;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What embedded mode installs, as {@code kubectl apply -k deploy/} would (operator identity and
 * RBAC, access ClusterRoles, approval policy), seen through kubectl: the operator's
 * ServiceAccount gets exactly deploy/operator-rbac.yaml, and approvals are signatures.
 */
class ClusterInstallTest {
  private static final String OPERATOR = "system:serviceaccount:stageline-system:stageline-operator";
  @TempDir
  static Path dir;
  static EmbeddedApiServer api;
  static Kubectl kubectl;

  @BeforeAll
  static void start() {
    assumeTrue(Kubectl.installed(), "kubectl is not installed");
    api = EmbeddedApiServer.start(0);
    api.install(Installation.Part.OPERATOR_IDENTITY, Installation.Part.NAMESPACES, Installation.Part.ACCESS_ROLES,
        Installation.Part.APPROVAL_POLICY);
    Path kubeconfig = dir.resolve("kubeconfig");
    api.writeKubeconfig(kubeconfig);
    kubectl = new Kubectl(kubeconfig);
    try (KubernetesClient admin = api.newClient()) {
      admin.load(new ByteArrayInputStream("""
          apiVersion: v1
          kind: Namespace
          metadata: {name: shop}
          ---
          apiVersion: rbac.authorization.k8s.io/v1
          kind: RoleBinding
          metadata: {name: requesters, namespace: shop}
          roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: stageline-deploy}
          subjects:
          - {apiGroup: rbac.authorization.k8s.io, kind: User, name: alice}
          ---
          apiVersion: rbac.authorization.k8s.io/v1
          kind: RoleBinding
          metadata: {name: approvers, namespace: shop}
          roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: stageline-admin}
          subjects:
          - {apiGroup: rbac.authorization.k8s.io, kind: User, name: bob}
          - {apiGroup: rbac.authorization.k8s.io, kind: User, name: carol}
          """.getBytes(StandardCharsets.UTF_8))).create();
    }
  }

  @AfterAll
  static void stop() {
    if (api != null) {
      api.close();
    }
  }

  @Test
  void theDeployManifestsThatNeedNoKubeletAreInstalled() {
    assertThat(kubectl.ok("get", "clusterroles", "stageline-operator", "stageline-read", "stageline-write",
        "stageline-deploy", "stageline-admin", "-o", "name")).hasLineCount(5);
    assertThat(kubectl.ok("get", "validatingadmissionpolicies,validatingadmissionpolicybindings", "-o", "name"))
        .contains("validatingadmissionpolicy.admissionregistration.k8s.io/stageline-promotion-approvals")
        .contains("validatingadmissionpolicybinding.admissionregistration.k8s.io/stageline-promotion-approvals");
    assertThat(kubectl.ok("-n", "stageline-system", "get", "serviceaccount", "stageline-operator", "-o", "name"))
        .isEqualTo("serviceaccount/stageline-operator\n");
    assertThat(kubectl.ok("get", "namespaces", "stageline-system", "stageline-config", "stageline-vault", "-o", "name"))
        .hasLineCount(3);
  }

  @Test
  void theOperatorServiceAccountHasExactlyTheShippedRules() {
    assertThat(canI("create", "rolebindings", "-n", "shop")).isEqualTo("yes");
    assertThat(canI("bind", "clusterroles/stageline-admin")).isEqualTo("yes");
    assertThat(canI("bind", "clusterroles/cluster-admin")).isEqualTo("no");
    assertThat(canI("escalate", "clusterroles")).isEqualTo("no");
    assertThat(canI("create", "clusterrolebindings")).isEqualTo("no");
    assertThat(canI("impersonate", "users")).isEqualTo("no");
    assertThat(canI("create", "leases", "-n", "stageline-system")).isEqualTo("yes");
    assertThat(canI("create", "leases", "-n", "shop")).isEqualTo("no");
  }

  private static String canI(String... args) {
    String[] command = new String[args.length + 4];
    command[0] = "auth";
    command[1] = "can-i";
    System.arraycopy(args, 0, command, 2, args.length);
    command[args.length + 2] = "--as";
    command[args.length + 3] = OPERATOR;
    return kubectl.run(command).out().trim();
  }

  private static String promotion(String name, String requestedBy) {
    return """
        apiVersion: stageline.io/v1alpha1
        kind: Promotion
        metadata: {name: %s, namespace: shop}
        spec: {environment: production, requestedBy: %s}
        """.formatted(name, requestedBy);
  }

  private static String approvalBy(String user) {
    return "[{\"op\":\"add\",\"path\":\"/spec/approvals/-\",\"value\":{\"by\":\"" + user
        + "\",\"at\":\"2026-12-01T10:00:00Z\"}}]";
  }

  @Test
  void oneUserCannotApproveOrRequestInAnothersName() {
    assertThat(kubectl.runWithInput(promotion("forged", "bob"), "create", "--as", "alice", "-f", "-").err())
        .contains("spec.requestedBy must name the user who creates the promotion: alice");
    assertThat(kubectl.okWithInput(promotion("release", "alice"), "create", "--as", "alice", "-f", "-"))
        .contains("promotion.stageline.io/release created");
    kubectl.ok("-n", "shop", "patch", "promotion", "release", "--as", "bob", "--type", "json", "-p",
        "[{\"op\":\"add\",\"path\":\"/spec/approvals\",\"value\":[]}]");

    assertThat(kubectl.run("-n", "shop", "patch", "promotion", "release", "--as", "bob", "--type", "json", "-p",
        approvalBy("carol")).err())
        .contains("an approval can only be added in your own name: by must be bob");
    assertThat(kubectl.run("-n", "shop", "patch", "promotion", "release", "--as", "alice", "--type", "json", "-p",
        approvalBy("alice")).err())
        .contains("promotions.stageline.io \"release\" is forbidden: User \"alice\" cannot patch resource "
            + "\"promotions\" in API group \"stageline.io\" in the namespace \"shop\"");
    assertThat(kubectl.ok("-n", "shop", "patch", "promotion", "release", "--as", "bob", "--type", "json", "-p",
        approvalBy("bob"))).contains("promotion.stageline.io/release patched");

    try (KubernetesClient admin = api.newClient()) {
      assertThat(admin.resources(Promotion.class).inNamespace("shop").withName("release").get().getSpec()
          .getApprovals()).extracting("by").containsExactly("bob");
      assertThat(admin.resources(Promotion.class).inNamespace("shop").withName("forged").get()).isNull();
    }
  }
}
