package io.stageline.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.stageline.api.v1alpha1.Promotion;
import io.stageline.testing.EmbeddedApi;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests carry an identity (impersonation acts as another user); access reviews are answered
 * from the stored RBAC objects; the shipped approval policy (deploy/approval-policy.yaml) is
 * enforced on writes with the requesting user.
 */
class UsersAndAccessTest {
  @TempDir
  static Path dir;
  @RegisterExtension static final EmbeddedApi api = EmbeddedApi.started();

  @BeforeAll
  static void start() throws IOException {
    apply("""
        apiVersion: v1
        kind: Namespace
        metadata: {name: shop}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: promotion-approver}
        rules:
        - apiGroups: [stageline.io]
          resources: [promotions]
          verbs: [get, patch, approve]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: aggregated-viewer}
        aggregationRule:
          clusterRoleSelectors:
          - matchLabels: {example.com/aggregate-to-view: "true"}
        rules: []
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: configmap-viewer
          labels: {example.com/aggregate-to-view: "true"}
        rules:
        - apiGroups: [""]
          resources: [configmaps]
          verbs: [get, list]
        - apiGroups: [""]
          resources: [secrets]
          resourceNames: [public]
          verbs: [get]
        - apiGroups: [apps]
          resources: [deployments/scale]
          verbs: [update]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: health-reader}
        rules:
        - nonResourceURLs: [/healthz, /metrics/*]
          verbs: [get]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: approvers, namespace: shop}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: promotion-approver}
        subjects:
        - {kind: Group, name: release-managers, apiGroup: rbac.authorization.k8s.io}
        - {kind: ServiceAccount, name: release-bot, namespace: tools}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: viewers}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: aggregated-viewer}
        subjects:
        - {kind: User, name: carol, apiGroup: rbac.authorization.k8s.io}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: health}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: health-reader}
        subjects:
        - {kind: Group, name: system:authenticated, apiGroup: rbac.authorization.k8s.io}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: promotion-editor}
        rules:
        - apiGroups: [stageline.io]
          resources: ["*"]
          verbs: ["*"]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: promotion-editors}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: promotion-editor}
        subjects:
        - {kind: Group, name: developers, apiGroup: rbac.authorization.k8s.io}
        """);
    try (InputStream policy = new FileInputStream("deploy/approval-policy.yaml")) {
      api.admin().load(policy).create();
    }
  }

  private static void apply(String yaml) {
    api.admin().load(new java.io.ByteArrayInputStream(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8))).create();
  }

  private static boolean sar(String user, List<String> groups, String verb, String group, String resource,
      String subresource, String namespace, String name) {
    SubjectAccessReview review = api.admin().authorization().v1().subjectAccessReview().create(new SubjectAccessReviewBuilder()
        .withNewSpec().withUser(user).withGroups(groups).withNewResourceAttributes().withVerb(verb).withGroup(group)
        .withResource(resource).withSubresource(subresource).withNamespace(namespace).withName(name)
        .endResourceAttributes().endSpec().build());
    return review.getStatus().getAllowed();
  }

  @Test
  void subjectAccessReviewsFollowRoleBindingsInTheirNamespaceOnly() {
    assertThat(sar("dave", List.of("release-managers"), "approve", "stageline.io", "promotions", null, "shop", "p1"))
        .isTrue();
    assertThat(sar("dave", List.of("release-managers"), "approve", "stageline.io", "promotions", null, "other", "p1"))
        .isFalse();
    assertThat(sar("dave", List.of("qa"), "approve", "stageline.io", "promotions", null, "shop", "p1")).isFalse();
    assertThat(sar("system:serviceaccount:tools:release-bot", List.of(), "approve", "stageline.io", "promotions",
        null, "shop", null)).isTrue();
    assertThat(sar("dave", List.of("release-managers"), "create", "stageline.io", "promotions", null, "shop", "p1"))
        .isFalse();
  }

  @Test
  void aggregatedClusterRolesResourceNamesAndSubresourcesAreHonoured() {
    assertThat(sar("carol", List.of(), "list", "", "configmaps", null, "any", null)).isTrue();
    assertThat(sar("carol", List.of(), "delete", "", "configmaps", null, "any", "x")).isFalse();
    assertThat(sar("carol", List.of(), "get", "", "secrets", null, "any", "public")).isTrue();
    assertThat(sar("carol", List.of(), "get", "", "secrets", null, "any", "private")).isFalse();
    assertThat(sar("carol", List.of(), "update", "apps", "deployments", "scale", "any", "web")).isTrue();
    assertThat(sar("carol", List.of(), "update", "apps", "deployments", null, "any", "web")).isFalse();
    assertThat(sar("erin", List.of("developers"), "patch", "stageline.io", "environments", "status", null, "dev"))
        .isTrue();
    assertThat(sar("erin", List.of("system:masters"), "delete", "", "nodes", null, null, "n1")).isTrue();
  }

  @Test
  void nonResourceUrlsAreMatchedWithWildcards() {
    SubjectAccessReview review = api.admin().authorization().v1().subjectAccessReview().create(new SubjectAccessReviewBuilder()
        .withNewSpec().withUser("frank").withGroups("system:authenticated").withNewNonResourceAttributes()
        .withPath("/metrics/cluster").withVerb("get").endNonResourceAttributes().endSpec().build());
    assertThat(review.getStatus().getAllowed()).isTrue();
    assertThat(review.getStatus().getReason()).contains("ClusterRoleBinding \"health\"");
  }

  @Test
  void impersonatedClientsAreAnsweredAsTheirUser() {
    try (KubernetesClient dave = api.newClient("dave", "release-managers")) {
      var review = dave.authorization().v1().selfSubjectAccessReview().create(new SelfSubjectAccessReviewBuilder()
          .withNewSpec().withNewResourceAttributes().withVerb("approve").withGroup("stageline.io")
          .withResource("promotions").withNamespace("shop").endResourceAttributes().endSpec().build());
      assertThat(review.getStatus().getAllowed()).isTrue();
    }
    try (KubernetesClient mallory = api.newClient("mallory")) {
      var review = mallory.authorization().v1().selfSubjectAccessReview().create(new SelfSubjectAccessReviewBuilder()
          .withNewSpec().withNewResourceAttributes().withVerb("approve").withGroup("stageline.io")
          .withResource("promotions").withNamespace("shop").endResourceAttributes().endSpec().build());
      assertThat(review.getStatus().getAllowed()).isFalse();
    }
  }

  private static GenericKubernetesResource promotion(String name, String requestedBy) {
    return Serialization.unmarshal("""
        apiVersion: stageline.io/v1alpha1
        kind: Promotion
        metadata: {name: %s, namespace: shop}
        spec: {environment: production, requestedBy: %s}
        """.formatted(name, requestedBy), GenericKubernetesResource.class);
  }

  private static KubernetesClientException rejected(Runnable write) {
    return catchThrowableOfType(KubernetesClientException.class, write::run);
  }

  @Test
  void approvalPolicyMakesRequestedByTheCreator() {
    try (KubernetesClient alice = api.newClient("alice", "developers")) {
      alice.resource(promotion("by-alice", "alice")).create();
      KubernetesClientException e = rejected(() -> alice.resource(promotion("pretending", "bob")).create());
      assertThat(e.getCode()).isEqualTo(403);
      assertThat(e.getStatus().getMessage()).isEqualTo("ValidatingAdmissionPolicy 'stageline-promotion-approvals' "
          + "with binding 'stageline-promotion-approvals' denied request: spec.requestedBy must name the user who "
          + "creates the promotion: alice");
    }
    assertThat(api.admin().resources(Promotion.class).inNamespace("shop").withName("pretending").get()).isNull();
  }

  @Test
  void approvalPolicyAcceptsApprovalsOnlyInTheApproversOwnName() {
    try (KubernetesClient alice = api.newClient("alice", "developers");
        KubernetesClient bob = api.newClient("bob", "release-managers")) {
      alice.resource(promotion("to-approve", "alice")).create();
      var asBob = bob.resources(Promotion.class).inNamespace("shop").withName("to-approve");
      asBob.patch(PatchContext.of(PatchType.JSON), "[{\"op\":\"add\",\"path\":\"/spec/approvals\",\"value\":"
          + "[{\"by\":\"bob\",\"at\":\"2026-11-24T12:00:00Z\"}]}]");
      KubernetesClientException forged = rejected(() -> asBob.patch(PatchContext.of(PatchType.JSON),
          "[{\"op\":\"add\",\"path\":\"/spec/approvals/-\",\"value\":{\"by\":\"carol\",\"at\":\"2026-11-24T12:01:00Z\"}}]"));
      assertThat(forged.getCode()).isEqualTo(403);
      assertThat(forged.getStatus().getMessage()).contains("an approval can only be added in your own name: by must be bob");
      assertThat(api.admin().resources(Promotion.class).inNamespace("shop").withName("to-approve").get().getSpec()
          .getApprovals()).extracting("by").containsExactly("bob");
      api.admin().resources(Promotion.class).inNamespace("shop").withName("to-approve").subresource("status")
          .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"phase\":\"WaitingForGates\"}}");
    }
  }

  @Test
  void kubectlActsAsAnotherUserWithAs() throws IOException {
    assumeTrue(Kubectl.installed(), "kubectl is not installed");
    Path kubeconfig = dir.resolve("kubeconfig");
    api.server().writeKubeconfig(kubeconfig);
    Kubectl kubectl = new Kubectl(kubeconfig);
    String manifest = """
        apiVersion: stageline.io/v1alpha1
        kind: Promotion
        metadata: {name: NAME, namespace: shop}
        spec: {environment: production, requestedBy: alice}
        """;
    assertThat(kubectl.runWithInput(manifest.replace("NAME", "no-rights"), "create", "--as", "alice", "-f", "-").err())
        .contains("Error from server (Forbidden): error when creating \"STDIN\": promotions.stageline.io is forbidden: "
            + "User \"alice\" cannot create resource \"promotions\" in API group \"stageline.io\" in the namespace "
            + "\"shop\"");
    assertThat(kubectl.okWithInput(manifest.replace("NAME", "via-kubectl"), "create", "--as", "alice",
        "--as-group", "developers", "-f", "-"))
        .contains("promotion.stageline.io/via-kubectl created");
    assertThat(kubectl.runWithInput(manifest.replace("NAME", "as-bob"), "create", "--as", "bob", "--as-group", "developers",
        "-f", "-").err())
        .contains("spec.requestedBy must name the user who creates the promotion: bob");
    assertThat(kubectl.ok("auth", "can-i", "approve", "promotions", "-n", "shop", "--as", "dave",
        "--as-group", "release-managers").trim()).isEqualTo("yes");
    assertThat(kubectl.run("auth", "can-i", "approve", "promotions", "-n", "shop", "--as", "mallory").out().trim())
        .isEqualTo("no");
    assertThat(kubectl.ok("auth", "can-i", "--list", "--as", "carol"))
        .containsPattern("configmaps\\s+\\[\\]\\s+\\[\\]\\s+\\[get list\\]")
        .containsPattern("secrets\\s+\\[\\]\\s+\\[public\\]\\s+\\[get\\]");
  }
}
