package io.stageline.embedded;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import io.stageline.embedded.admission.AdmissionChain;
import io.stageline.embedded.admission.Admissions;
import io.stageline.embedded.admission.NamespaceLifecycle;
import io.stageline.embedded.authz.AccessReviews;
import io.stageline.embedded.authz.Authenticator;
import io.stageline.embedded.authz.RbacAuthorizer;
import io.stageline.embedded.authz.RequestAuthorizer;
import io.stageline.embedded.authz.UserInfo;
import io.stageline.embedded.tls.ClusterCertificates;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import io.stageline.embedded.discovery.ResourceCatalog;
import io.stageline.embedded.controllers.Controllers;
import io.stageline.embedded.server.ApiHttpServer;
import io.stageline.embedded.store.ObjectStore;
import io.stageline.embedded.store.Persistence;
import io.stageline.embedded.validation.CelEngine;
import io.stageline.embedded.validation.CelRuleValidator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;


/**
 * An in-process Kubernetes API on localhost that kubectl uses fully and that admits like
 * kube-apiserver: an indexed object store with an event log (watches) behind {@link ApiDispatcher}
 * (discovery, tables, OpenAPI, patches, schema and CEL validation, users, RBAC answers, admission
 * policies), served over HTTPS with its own CA, authenticating and authorizing every request with
 * RBAC, with kube-apiserver's default RBAC objects and the Stageline CRDs installed. Used by
 * embedded mode and by the tests; see
 * docs/embedded-api.md.
 */
public final class EmbeddedApiServer implements AutoCloseable {
  /** The CRDs the build generates from the model, shipped in the jar. */
  public static final List<String> CRD_RESOURCES = List.of(
      "/META-INF/fabric8/environments.stageline.io-v1.yml",
      "/META-INF/fabric8/promotions.stageline.io-v1.yml",
      "/META-INF/fabric8/accesspolicies.stageline.io-v1.yml");

  private final ApiHttpServer server;
  private final ObjectStore objects;
  private final Controllers controllers;
  private final int port;
  private final AtomicLong writes;
  private final AtomicReference<ApiFault> fault;
  private final ClusterCertificates certificates;
  private final Authenticator authenticator;
  private final String adminToken;
  private NamespaceLifecycle namespaceLifecycle;

  /** The identity the operator runs as, as deploy/ names it. */
  public static final String OPERATOR_NAMESPACE = "stageline-system";
  public static final String OPERATOR_SERVICE_ACCOUNT = "stageline-operator";

  private EmbeddedApiServer(ApiHttpServer server, ObjectStore objects, Controllers controllers, AtomicLong writes,
      AtomicReference<ApiFault> fault, ClusterCertificates certificates, Authenticator authenticator,
      String adminToken) {
    this.controllers = controllers;
    this.fault = fault;
    this.certificates = certificates;
    this.authenticator = authenticator;
    this.adminToken = adminToken;
    this.server = server;
    this.objects = objects;
    this.port = server.port();
    this.writes = writes;
  }

  /**
   * Makes a create in a namespace that does not exist fail with 404 ({@code namespaces "x" not
   * found}) as kube-apiserver's NamespaceLifecycle admission does. Embedded mode turns it on; it
   * is off by default only because many tests' fixtures still create objects before their namespace.
   */
  public EmbeddedApiServer requireExistingNamespaces() {
    namespaceLifecycle.requireExistingNamespaces(true);
    return this;
  }

  /** Starts the API on the given port (0 picks a free one) and installs the Stageline CRDs. */
  public static EmbeddedApiServer start(int port) {
    return start(port, Persistence.NONE);
  }

  /** Starts the API on the given port with its objects kept in (and first loaded from) {@code persistence}. */
  public static EmbeddedApiServer start(int port, Persistence persistence) {
    return start(port, persistence, null);
  }

  /**
   * Starts the API on the given port (0 picks a free one) with its objects kept in
   * {@code persistence}, serving HTTPS with a certificate of its CA, which is kept in
   * {@code stateDir} (in memory when null), with kube-apiserver's default RBAC objects and the
   * Stageline CRDs installed.
   */
  public static EmbeddedApiServer start(int port, Persistence persistence, Path stateDir) {
    routeJavaUtilLoggingToSlf4j();
    ClusterCertificates certificates = stateDir == null ? ClusterCertificates.inMemory()
        : ClusterCertificates.inDirectory(stateDir);
    AtomicLong writes = new AtomicLong();
    ObjectStore objects = ObjectStore.open(persistence);
    Store store = new Store(objects);
    ResourceCatalog catalog = new ResourceCatalog(store);
    RbacAuthorizer rbac = new RbacAuthorizer(store);
    NamespaceLifecycle namespaces = new NamespaceLifecycle(store);
    AdmissionChain admission = Admissions.standard(namespaces, catalog, rbac, store);
    Authenticator authenticator = new Authenticator(rbac);
    String adminToken = authenticator.issue(UserInfo.ADMIN);
    ApiDispatcher dispatcher = new ApiDispatcher(store, catalog, admission, authenticator,
        new RequestAuthorizer(rbac), rbac, new AccessReviews(rbac), writes);
    var fault = new AtomicReference<ApiFault>();
    ApiHttpServer server;
    try {
      server = ApiHttpServer.start(new ApiFault.Front(dispatcher, fault), port, certificates.keyCertOptions());
    } catch (RuntimeException e) {
      objects.close();
      throw e;
    }
    EmbeddedApiServer api = new EmbeddedApiServer(server, objects, Controllers.start(objects), writes, fault,
        certificates, authenticator, adminToken);
    api.namespaceLifecycle = namespaces;
    try (KubernetesClient client = api.newClient()) {
      Installation.bootstrap(client);
      api.installCrds(client);
    }
    CelRuleValidator.precompile(catalog.all(), CelEngine.forCrdRules());
    writes.set(0);
    return api;
  }

  private static synchronized void routeJavaUtilLoggingToSlf4j() {
    if (!org.slf4j.bridge.SLF4JBridgeHandler.isInstalled()) {
      org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
      org.slf4j.bridge.SLF4JBridgeHandler.install();
    }
  }

  public String url() {
    return "https://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /**
   * Write requests (POST, PUT, PATCH, DELETE of resources) received since start, so that tests
   * and the benchmark can prove a no-op reconcile writes nothing. Access reviews are questions,
   * not writes, and are not counted; neither is the installation of the CRDs at start.
   */
  public long writeRequestCount() {
    return writes.get();
  }

  /** Test hook (reliability suite): answers requests with a fault first; null removes it. */
  public void injectFault(ApiFault fault) {
    this.fault.set(fault);
  }

  /** HTTP requests received since start (tests prove that a page or a reconcile asked nothing). */
  public long requestCount() {
    return server.requestCount();
  }

  /** The object store (tests look at its open watches). */
  public ObjectStore objects() {
    return objects;
  }

  /** Client configuration for this API as the administrator ({@code system:masters}). */
  public Config clientConfig() {
    return clientConfig(adminToken);
  }

  /**
   * Client configuration that authenticates as a ServiceAccount with a token this API issued, as
   * a pod's mounted token would on a cluster: its requests get exactly the RBAC bound to it.
   */
  public Config serviceAccountConfig(String namespace, String name) {
    return clientConfig(authenticator.issue(UserInfo.serviceAccount(namespace, name)));
  }

  /** Client configuration of the operator's ServiceAccount ({@link #install} the operator identity first). */
  public Config operatorConfig() {
    return serviceAccountConfig(OPERATOR_NAMESPACE, OPERATOR_SERVICE_ACCOUNT);
  }

  private Config clientConfig(String token) {
    return new ConfigBuilder(Config.empty())
        .withMasterUrl(url())
        .withCaCertData(Base64.getEncoder().encodeToString(certificates.caPem().getBytes(StandardCharsets.US_ASCII)))
        .withOauthToken(token)
        .withHttp2Disable(true)
        // Config.empty() has no timeouts at all: a request the server drops would block forever
        .withConnectionTimeout(10_000)
        .withRequestTimeout(30_000)
        .withNamespace("default")
        .build();
  }

  public KubernetesClient newClient() {
    return new KubernetesClientBuilder().withConfig(clientConfig()).build();
  }

  /** A client of the operator's ServiceAccount. */
  public KubernetesClient newOperatorClient() {
    return new KubernetesClientBuilder().withConfig(operatorConfig()).build();
  }

  /**
   * A client that acts as another user through impersonation headers, as
   * {@code kubectl --as USER --as-group GROUP} does; the API authorizes its requests, answers
   * access reviews and admits its writes as that user.
   */
  public KubernetesClient newClient(String user, String... groups) {
    Config config = clientConfig();
    config.setImpersonateUsername(user);
    config.setImpersonateGroups(groups);
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /** Installs parts of deploy/ as the administrator, as {@code kubectl apply -k deploy/} would. */
  public void install(Installation.Part... parts) {
    try (KubernetesClient client = newClient()) {
      for (Installation.Part part : parts) {
        Installation.install(client, part);
      }
    }
  }

  /** The CA that signed the serving certificate, PEM. */
  public String caPem() {
    return certificates.caPem();
  }

  /**
   * Writes a kubeconfig that points kubectl (and any client) at this API: its CA as
   * {@code certificate-authority-data}, the administrator's token. The file is readable by its
   * owner only, as it holds a credential.
   */
  public void writeKubeconfig(Path file) {
    String kubeconfig = """
        apiVersion: v1
        kind: Config
        clusters:
        - name: stageline-embedded
          cluster:
            server: %s
            certificate-authority-data: %s
        users:
        - name: admin
          user:
            token: %s
        contexts:
        - name: stageline-embedded
          context:
            cluster: stageline-embedded
            user: admin
            namespace: default
        current-context: stageline-embedded
        """.formatted(url(), Base64.getEncoder().encodeToString(certificates.caPem().getBytes(StandardCharsets.US_ASCII)),
        adminToken);
    try {
      Path target = file.toAbsolutePath();
      if (target.getParent() != null) {
        Files.createDirectories(target.getParent());
      }
      Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
      Files.deleteIfExists(tmp);
      try {
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) {
        Files.createFile(tmp);
      }
      Files.writeString(tmp, kubeconfig);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write kubeconfig " + file, e);
    }
  }

  private void installCrds(KubernetesClient client) {
    for (String resource : CRD_RESOURCES) {
      try (InputStream in = EmbeddedApiServer.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("CRD " + resource + " is not on the class path; build with mvn package");
        }
        // on a kept state the CRD exists: replace it with this build's, as kubectl apply would
        CustomResourceDefinition crd = Serialization.unmarshal(in, CustomResourceDefinition.class);
        if (client.resource(crd).get() == null) {
          client.resource(crd).create();
        } else {
          client.resource(crd).update();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } finally {
      controllers.close();
      objects.close();
    }
  }
}
