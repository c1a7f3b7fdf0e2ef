package io.stageline.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.stageline.testing.EmbeddedApi;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Base64;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded API authenticates and authorizes like a cluster: HTTPS verified against the CA in
 * the kubeconfig, tokens it issued, anonymous requests limited to health and version,
 * impersonation only with the {@code impersonate} verb, every request decided by RBAC with
 * kube-apiserver's Forbidden, and RBAC's escalation prevention.
 */
class ApiSecurityTest {
  @TempDir
  static Path dir;
  @RegisterExtension static final EmbeddedApi api = EmbeddedApi.started();

  @BeforeAll
  static void start() {
    apply("""
        apiVersion: v1
        kind: Namespace
        metadata: {name: tools}
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: shop}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: configmap-reader}
        rules:
        - apiGroups: [""]
          resources: [configmaps]
          verbs: [get, list]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: rbac-writer}
        rules:
        - apiGroups: [rbac.authorization.k8s.io]
          resources: [roles, rolebindings]
          verbs: [create, get, update]
        - apiGroups: [rbac.authorization.k8s.io]
          resources: [clusterroles]
          verbs: [bind]
          resourceNames: [configmap-reader]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: bot, namespace: shop}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: rbac-writer}
        subjects:
        - {kind: ServiceAccount, name: bot, namespace: tools}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: bot-reads, namespace: shop}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: configmap-reader}
        subjects:
        - {kind: ServiceAccount, name: bot, namespace: tools}
        """);
  }

  private static void apply(String yaml) {
    api.admin().load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).create();
  }

  private static KubernetesClient bot() {
    return new KubernetesClientBuilder().withConfig(api.server().serviceAccountConfig("tools", "bot")).build();
  }

  private static HttpResponse<String> get(HttpClient http, String path, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.server().url() + path));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpClient trustingTheKubeconfigCa() {
    return ApiHttp.client(api.server());
  }

  @Test
  void kubeconfigNamesAnHttpsServerAndItsCaAndClientsVerifyTheCertificate() throws Exception {
    Path kubeconfig = dir.resolve("kubeconfig");
    api.server().writeKubeconfig(kubeconfig);
    String text = Files.readString(kubeconfig);
    assertThat(text).contains("server: https://127.0.0.1:" + api.server().port())
        .contains("certificate-authority-data: " + Base64.getEncoder().encodeToString(
            api.server().caPem().getBytes(StandardCharsets.US_ASCII)))
        .doesNotContain("insecure-skip-tls-verify");
    assertThat(Files.getPosixFilePermissions(kubeconfig))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    try (KubernetesClient fromKubeconfig = new KubernetesClientBuilder()
        .withConfig(Config.fromKubeconfig(text)).build()) {
      assertThat(fromKubeconfig.namespaces().withName("shop").get()).isNotNull();
    }
    assertThat(get(trustingTheKubeconfigCa(), "/version", null).statusCode()).isEqualTo(200);
    assertThatThrownBy(() -> get(HttpClient.newHttpClient(), "/version", null))
        .as("a client that does not trust the embedded CA refuses the server")
        .isInstanceOf(SSLHandshakeException.class);
  }

  @Test
  void anonymousRequestsSeeHealthAndVersionOnlyAndUnknownTokensAreUnauthorized() throws Exception {
    HttpClient http = trustingTheKubeconfigCa();
    assertThat(get(http, "/readyz", null).statusCode()).isEqualTo(200);
    assertThat(get(http, "/version", null).statusCode()).isEqualTo(200);
    HttpResponse<String> namespaces = get(http, "/api/v1/namespaces", null);
    assertThat(namespaces.statusCode()).isEqualTo(403);
    assertThat(Serialization.unmarshal(namespaces.body(), io.fabric8.kubernetes.api.model.Status.class).getMessage())
        .isEqualTo("namespaces is forbidden: User \"system:anonymous\" cannot list resource \"namespaces\" in API "
            + "group \"\" at the cluster scope");
    HttpResponse<String> discovery = get(http, "/apis", null);
    assertThat(discovery.statusCode()).isEqualTo(403);
    assertThat(discovery.body()).contains("forbidden: User \\\"system:anonymous\\\" cannot get path \\\"/apis\\\"");
    assertThat(get(http, "/api/v1/namespaces", "stageline-admin").statusCode()).isEqualTo(401);
  }

  @Test
  void serviceAccountTokensGetExactlyTheirRbacWithKubeApiserversForbidden() {
    api.admin().configMaps().inNamespace("shop").resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
        .withNewMetadata().withName("settings").endMetadata().addToData("a", "1").build()).create();
    try (KubernetesClient bot = bot()) {
      assertThat(bot.configMaps().inNamespace("shop").withName("settings").get().getData()).containsEntry("a", "1");
      KubernetesClientException otherNamespace = catchThrowableOfType(KubernetesClientException.class,
          () -> bot.configMaps().inNamespace("tools").list());
      assertThat(otherNamespace.getCode()).isEqualTo(403);
      assertThat(otherNamespace.getStatus().getMessage()).isEqualTo("configmaps is forbidden: User "
          + "\"system:serviceaccount:tools:bot\" cannot list resource \"configmaps\" in API group \"\" in the namespace "
          + "\"tools\"");
      KubernetesClientException delete = catchThrowableOfType(KubernetesClientException.class,
          () -> bot.configMaps().inNamespace("shop").withName("settings").delete());
      assertThat(delete.getStatus().getMessage()).isEqualTo("configmaps \"settings\" is forbidden: User "
          + "\"system:serviceaccount:tools:bot\" cannot delete resource \"configmaps\" in API group \"\" in the "
          + "namespace \"shop\"");
      assertThat(delete.getStatus().getDetails().getName()).isEqualTo("settings");
      KubernetesClientException namespace = catchThrowableOfType(KubernetesClientException.class,
          () -> bot.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("mine").endMetadata()
              .build()).create());
      assertThat(namespace.getStatus().getMessage()).isEqualTo("namespaces is forbidden: User "
          + "\"system:serviceaccount:tools:bot\" cannot create resource \"namespaces\" in API group \"\" at the "
          + "cluster scope");
    }
    assertThat(api.admin().configMaps().inNamespace("shop").withName("settings").get()).isNotNull();
    assertThat(api.admin().namespaces().withName("mine").get()).isNull();
  }

  @Test
  void impersonationNeedsTheImpersonateVerbOnTheUserAndEachGroup() {
    Config config = api.server().serviceAccountConfig("tools", "bot");
    config.setImpersonateUsername("alice");
    config.setImpersonateGroups("release-managers");
    try (KubernetesClient asAlice = new KubernetesClientBuilder().withConfig(config).build()) {
      KubernetesClientException denied = catchThrowableOfType(KubernetesClientException.class,
          () -> asAlice.configMaps().inNamespace("shop").list());
      assertThat(denied.getCode()).isEqualTo(403);
      assertThat(denied.getStatus().getMessage()).isEqualTo("users \"alice\" is forbidden: User "
          + "\"system:serviceaccount:tools:bot\" cannot impersonate resource \"users\" in API group \"\" at the "
          + "cluster scope");
      apply("""
          apiVersion: rbac.authorization.k8s.io/v1
          kind: ClusterRole
          metadata: {name: impersonate-alice}
          rules:
          - apiGroups: [""]
            resources: [users]
            verbs: [impersonate]
            resourceNames: [alice]
          ---
          apiVersion: rbac.authorization.k8s.io/v1
          kind: ClusterRoleBinding
          metadata: {name: bot-impersonates-alice}
          roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: impersonate-alice}
          subjects:
          - {kind: ServiceAccount, name: bot, namespace: tools}
          """);
      KubernetesClientException group = catchThrowableOfType(KubernetesClientException.class,
          () -> asAlice.configMaps().inNamespace("shop").list());
      assertThat(group.getStatus().getMessage()).isEqualTo("groups \"release-managers\" is forbidden: User "
          + "\"system:serviceaccount:tools:bot\" cannot impersonate resource \"groups\" in API group \"\" at the "
          + "cluster scope");
    }
    config.setImpersonateGroups();
    try (KubernetesClient asAlice = new KubernetesClientBuilder().withConfig(config).build()) {
      KubernetesClientException asHerself = catchThrowableOfType(KubernetesClientException.class,
          () -> asAlice.configMaps().inNamespace("shop").list());
      assertThat(asHerself.getStatus().getMessage()).as("impersonated, the request has alice's rights, not the bot's")
          .isEqualTo("configmaps is forbidden: User \"alice\" cannot list resource \"configmaps\" in API group \"\" "
              + "in the namespace \"shop\"");
    }
  }

  private static GenericKubernetesResource object(String yaml) {
    return Serialization.unmarshal(yaml, GenericKubernetesResource.class);
  }

  @Test
  void rolesAndBindingsCannotGrantMoreThanTheWriterHolds() {
    try (KubernetesClient bot = bot()) {
      KubernetesClientException secrets = catchThrowableOfType(KubernetesClientException.class,
          () -> bot.resource(object("""
              apiVersion: rbac.authorization.k8s.io/v1
              kind: Role
              metadata: {name: secret-reader, namespace: shop}
              rules:
              - apiGroups: [""]
                resources: [secrets]
                verbs: [get]
              """)).create());
      assertThat(secrets.getCode()).isEqualTo(403);
      assertThat(secrets.getStatus().getMessage()).isEqualTo("roles.rbac.authorization.k8s.io \"secret-reader\" is "
          + "forbidden: user \"system:serviceaccount:tools:bot\" (groups=[\"system:serviceaccounts\" "
          + "\"system:serviceaccounts:tools\" \"system:authenticated\"]) is attempting to grant RBAC permissions not "
          + "currently held:\n{APIGroups:[\"\"], Resources:[\"secrets\"], Verbs:[\"get\"]}");
      bot.resource(object("""
          apiVersion: rbac.authorization.k8s.io/v1
          kind: Role
          metadata: {name: configmap-getter, namespace: shop}
          rules:
          - apiGroups: [""]
            resources: [configmaps]
            verbs: [get]
          """)).create();
      KubernetesClientException clusterAdmin = catchThrowableOfType(KubernetesClientException.class,
          () -> bot.resource(object("""
              apiVersion: rbac.authorization.k8s.io/v1
              kind: RoleBinding
              metadata: {name: take-over, namespace: shop}
              roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
              subjects:
              - {kind: ServiceAccount, name: bot, namespace: tools}
              """)).create());
      assertThat(clusterAdmin.getCode()).isEqualTo(403);
      assertThat(clusterAdmin.getStatus().getMessage()).startsWith("rolebindings.rbac.authorization.k8s.io "
          + "\"take-over\" is forbidden: user \"system:serviceaccount:tools:bot\"")
          .contains("is attempting to grant RBAC permissions not currently held");
      bot.resource(object("""
          apiVersion: rbac.authorization.k8s.io/v1
          kind: RoleBinding
          metadata: {name: readers, namespace: shop}
          roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: configmap-reader}
          subjects:
          - {kind: User, name: carol}
          """)).create();
    }
    assertThat(api.admin().rbac().roleBindings().inNamespace("shop").withName("take-over").get()).isNull();
    assertThat(api.admin().rbac().roles().inNamespace("shop").withName("secret-reader").get()).isNull();
    try (KubernetesClient carol = api.newClient("carol")) {
      assertThat(carol.configMaps().inNamespace("shop").list().getItems()).isNotNull();
    }
  }

  @Test
  void theCaPersistsInTheStateDirectoryWithAnOwnerOnlyKey() throws Exception {
    Path state = dir.resolve("state");
    String first;
    try (EmbeddedApiServer one = EmbeddedApiServer.start(0, io.stageline.embedded.store.Persistence.NONE, state)) {
      first = one.caPem();
    }
    try (EmbeddedApiServer two = EmbeddedApiServer.start(0, io.stageline.embedded.store.Persistence.NONE, state)) {
      assertThat(two.caPem()).isEqualTo(first);
    }
    assertThat(Files.readString(state.resolve("ca.crt"))).isEqualTo(first);
    assertThat(Files.getPosixFilePermissions(state.resolve("ca.key")))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    assertThat(api.server().caPem()).as("without a state directory each API has its own CA").isNotEqualTo(first);
  }
}
