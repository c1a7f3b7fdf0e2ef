package io.stageline.cli;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.stageline.runtime.OperatorContext;
import io.stageline.runtime.OperatorSettings;
import io.stageline.StagelineOperator;
import io.stageline.dashboard.Dashboard;
import io.stageline.embedded.EmbeddedApiServer;
import io.stageline.embedded.Installation;
import io.stageline.embedded.store.SqlitePersistence;
import io.stageline.server.OperatorHttpServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar stageline.jar}: runs the operator against a cluster, or against an embedded API. */
@Command(
    name = "stageline",
    mixinStandardHelpOptions = true,
    versionProvider = StagelineCommand.Version.class,
    subcommands = MaskDbCommand.class,
    description = {
      "Runs the Stageline operator: Environments, Promotions and AccessPolicies.",
      "Uses the usual kubeconfig or in-cluster configuration. With no cluster configured, or with",
      "--embedded, it starts an embedded Kubernetes API on localhost and writes a kubeconfig for kubectl."
    })
public class StagelineCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(StagelineCommand.class);

  @Option(names = "--embedded", description = "Start an embedded Kubernetes API even if a cluster is configured.")
  boolean embedded;

  @Option(names = "--embedded-port", defaultValue = "0", description = "Port of the embedded API (default: a free port).")
  int embeddedPort;

  @Option(names = "--kubeconfig-out", defaultValue = ".stageline/kubeconfig",
      description = "Where to write the kubeconfig of the embedded API (default: ${DEFAULT-VALUE}).")
  Path kubeconfigOut;

  @Option(names = "--state-dir", defaultValue = ".stageline",
      description = "Where the embedded API keeps its objects and its CA across restarts (default: ${DEFAULT-VALUE}).")
  Path stateDir;

  @Option(names = "--fresh-state",
      description = "Start the embedded API empty, discarding the objects an earlier run left in --state-dir.")
  boolean freshState;

  @Option(names = "--apply", paramLabel = "DIR",
      description = "Apply the manifests in DIR (files or directories) once the operator runs.")
  List<Path> apply;

  @Option(names = "--http-port", defaultValue = "8080", description = "Port of /metrics, /healthz and /readyz (default: ${DEFAULT-VALUE}).")
  int httpPort;

  @Option(names = "--http-host",
      description = "Address the HTTP server (metrics, probes, dashboard) listens on (default: 127.0.0.1 with the "
          + "embedded API, so a laptop's dashboard is not on the network; 0.0.0.0 against a cluster, for probes).")
  String httpHost;

  @Option(names = "--config-namespace", defaultValue = "stageline-config",
      description = "Namespace of the ConfigMaps Environments layer their configuration from (default: ${DEFAULT-VALUE}).")
  String configNamespace;

  @Option(names = "--vault-namespace", defaultValue = "stageline-vault",
      description = "Namespace of the Secrets Environments copy from (default: ${DEFAULT-VALUE}).")
  String vaultNamespace;

  @Option(names = "--velero-namespace", defaultValue = "velero",
      description = "Namespace Velero runs in, where Environments' backup Schedules and Restores are kept "
          + "(default: ${DEFAULT-VALUE}).")
  String veleroNamespace;

  @Option(names = "--operator-namespace", defaultValue = "${env:POD_NAMESPACE:-stageline-system}",
      description = "Namespace the operator runs in, for its Lease (default: $POD_NAMESPACE or stageline-system).")
  String operatorNamespace;

  @Option(names = "--service-account", defaultValue = "${env:POD_SERVICE_ACCOUNT:-stageline-operator}",
      description = "ServiceAccount the operator runs as, in its namespace: the requester of the Promotions it "
          + "creates (default: $POD_SERVICE_ACCOUNT or stageline-operator).")
  String serviceAccount;

  @Option(names = "--leader-election", description = "Take a Lease before reconciling (for more than one replica).")
  boolean leaderElection;

  @Option(names = "--leader-identity", defaultValue = "${env:POD_NAME:-${env:HOSTNAME:-stageline}}",
      description = "This replica's identity in leader election (default: $POD_NAME or the host name).")
  String leaderIdentity;

  @Option(names = "--prometheus-url", paramLabel = "URL",
      description = "Prometheus that metric gates query, e.g. http://prometheus.monitoring:9090 (default: none; "
          + "metric gates are then inconclusive).")
  URI prometheusUrl;

  @Option(names = "--prometheus-token-file", paramLabel = "FILE",
      description = "Bearer token for --prometheus-url, read at each query so that a rotated token is used.")
  Path prometheusTokenFile;

  @Option(names = "--no-dashboard", description = "Do not serve the read-only dashboard at / on the HTTP port.")
  boolean noDashboard;

  private static final Duration API_RETRY = Duration.ofSeconds(10);
  private final CountDownLatch stopped = new CountDownLatch(1);

  /** Loopback for the embedded API on a laptop; every address in a pod, where the kubelet probes the pod IP. */
  String httpHost(boolean embeddedApi) {
    return httpHost != null ? httpHost : embeddedApi ? "127.0.0.1" : "0.0.0.0";
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new StagelineCommand()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    boolean useEmbedded = embedded || !ClusterDetection.clusterConfigured(System.getenv(), Path.of(System.getProperty("user.home")));
    EmbeddedApiServer api = null;
    KubernetesClient admin = null;
    KubernetesClient client;
    ApiServerCheck check;
    if (useEmbedded) {
      api = EmbeddedApiServer.start(embeddedPort, SqlitePersistence.open(stateDir, freshState), stateDir)
          .requireExistingNamespaces();
      LOG.info("Embedded Kubernetes API keeps its state in {}{}", stateDir.toAbsolutePath(),
          freshState ? " (started fresh)" : "");
      api.writeKubeconfig(kubeconfigOut);
      admin = api.newClient();
      // installed as kubectl apply -k deploy/ would, by the administrator; the operator then runs as its ServiceAccount
      prepareEmbeddedCluster(admin);
      api.install(Installation.Part.OPERATOR_IDENTITY, Installation.Part.NAMESPACES, Installation.Part.ACCESS_ROLES,
          Installation.Part.APPROVAL_POLICY);
      client = api.newOperatorClient();
      check = new ApiServerCheck(client.getConfiguration(), "embedded, kubeconfig " + kubeconfigOut.toAbsolutePath());
    } else {
      client = new KubernetesClientBuilder().build();
      check = new ApiServerCheck(client.getConfiguration(),
          ApiServerCheck.sourceOf(System.getenv(), Path.of(System.getProperty("user.home"))));
    }

    OperatorSettings settings = new OperatorSettings(configNamespace, vaultNamespace, operatorNamespace, false, null,
        Duration.ofSeconds(15), prometheusUrl, prometheusTokenFile, serviceAccount, veleroNamespace);
    if (leaderElection) {
      settings = settings.withLeaderElection(leaderIdentity, Duration.ofSeconds(15));
    }
    StagelineOperator operator = StagelineOperator.create(OperatorContext.create(client, Clock.systemUTC(), settings));
    AtomicReference<String> notReady = new AtomicReference<>("starting");
    OperatorHttpServer http = OperatorHttpServer.start(httpHost(useEmbedded), httpPort,
        operator.context().metrics()::scrape, () -> true,
        () -> notReady.get() != null ? notReady.get() : operator.isReady() ? null : "informers not ready");
    LOG.info("Stageline: metrics, health and readiness on port {}", http.port());
    awaitApi(check, notReady);
    LOG.info("Stageline uses the Kubernetes API at {} as {}", check.server(), check.identity());

    Dashboard dashboard = noDashboard ? null
        : Dashboard.start(client, operator.context().auditor(), Clock.systemUTC()).routeOn(http);
    operator.start();
    notReady.set(null);
    LOG.info("Stageline is running; metrics, health and readiness on port {}", http.port());

    if (apply != null) {
      ManifestApplier applier = new ManifestApplier(admin != null ? admin : client);
      apply.forEach(applier::apply);
    }
    if (api != null) {
      System.out.println("Embedded Kubernetes API at " + api.url() + ". Point kubectl at it with:");
      System.out.println("  export KUBECONFIG=" + kubeconfigOut.toAbsolutePath());
    }

    EmbeddedApiServer embeddedApi = api;
    KubernetesClient adminClient = admin;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      operator.close();
      if (dashboard != null) {
        dashboard.close();
      }
      http.close();
      client.close();
      if (adminClient != null) {
        adminClient.close();
      }
      if (embeddedApi != null) {
        embeddedApi.close();
      }
      stopped.countDown();
    }, "stageline-shutdown"));
    stopped.await();
    return 0;
  }

  /**
   * Waits until the API answers before starting anything that watches it: an unreachable API is
   * one log line (again only when the cause changes) and the reason {@code /readyz} gives, not a
   * loop of informer stack traces.
   */
  private void awaitApi(ApiServerCheck check, AtomicReference<String> notReady) throws InterruptedException {
    String last = null;
    for (String problem = check.problem(); problem != null; problem = check.problem()) {
      notReady.set(problem);
      if (!problem.equals(last)) {
        LOG.warn("{}; retrying every {} s", problem, API_RETRY.toSeconds());
        last = problem;
      }
      Thread.sleep(API_RETRY.toMillis());
    }
    if (last != null) {
      LOG.info("the Kubernetes API at {} answers now", check.server());
    }
    notReady.set("starting");
  }

  /**
   * The embedded API starts with a cluster's system namespaces; create the ones the operator reads
   * from (as deploy/ would) so that examples and kubectl behave as on a real cluster.
   */
  private void prepareEmbeddedCluster(KubernetesClient client) {
    for (String ns : List.of(operatorNamespace, configNamespace, vaultNamespace)) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .createOr(NonDeletingOperation::update);
    }
  }

  /** The version from the jar's manifest. */
  static class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = StagelineCommand.class.getPackage().getImplementationVersion();
      return new String[] {"stageline " + (v == null ? "dev" : v)};
    }
  }
}
