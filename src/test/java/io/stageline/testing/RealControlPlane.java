package io.stageline.testing;

import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A real Kubernetes control plane for tests: etcd, kube-apiserver and kube-controller-manager, built from
 * Go modules by {@code tools/control-plane/build.sh} (see docs/testing.md), started once per JVM on
 * loopback ports with its data in a temporary directory, and stopped when the JVM exits.
 *
 * <p>The API server authorizes with RBAC and runs its default admission chain (NamespaceLifecycle,
 * ServiceAccount, LimitRanger, ResourceQuota, Pod Security, ValidatingAdmissionPolicy, ...); it signs
 * service-account tokens, so a test can act as a ServiceAccount with a real token. The controller manager
 * runs the controllers a test relies on: garbage collection, namespace termination, Jobs, service
 * accounts and quota status. There is no kubelet and no scheduler: pods stay Pending.
 *
 * <p>fabric8's kube-api-test starts etcd and kube-apiserver only; this harness exists because the tests
 * also need kube-controller-manager (garbage collection, namespace termination, the Job controller).
 */
public final class RealControlPlane implements AutoCloseable {
  /** Names the directory with the binaries, overriding {@code build.sh --check}. */
  public static final String DIR_PROPERTY = "stageline.controlPlane.dir";
  public static final String DIR_ENV = "STAGELINE_CONTROL_PLANE_DIR";
  public static final String OPERATOR_NAMESPACE = "stageline-system";
  public static final String OPERATOR_SERVICE_ACCOUNT = "stageline-operator";
  private static final Duration STARTUP = Duration.ofMinutes(4);
  private static final List<String> CONTROLLERS = List.of("garbage-collector-controller",
      "namespace-controller", "job-controller", "serviceaccount-controller", "resourcequota-controller");

  private static RealControlPlane shared;
  private static RuntimeException sharedFailure;

  private final Path binaries;
  private final Path work;
  private final String adminToken;
  private final List<Process> processes = new ArrayList<>();
  private String url;
  private Path adminKubeconfig;

  private RealControlPlane(Path binaries, Path work) {
    this.binaries = binaries;
    this.work = work;
    this.adminToken = randomToken();
  }

  /** The control plane of this JVM, started by the first caller; a failed start fails every caller alike. */
  public static synchronized RealControlPlane shared() {
    if (sharedFailure != null) {
      throw sharedFailure;
    }
    if (shared == null) {
      try {
        RealControlPlane plane = new RealControlPlane(locateBinaries(),
            Files.createTempDirectory("stageline-control-plane"));
        Runtime.getRuntime().addShutdownHook(new Thread(plane::close, "stop-control-plane"));
        plane.start();
        shared = plane;
      } catch (IOException e) {
        sharedFailure = new IllegalStateException("cannot prepare the control plane's directory", e);
        throw sharedFailure;
      } catch (RuntimeException e) {
        sharedFailure = e;
        throw e;
      }
    }
    return shared;
  }

  /**
   * A control plane of the caller's own, apart from the JVM's shared one, which the caller closes (the
   * benchmark starts one per run, so that each run meets an empty server). Fails, with how to build them,
   * when the binaries are not built.
   */
  public static RealControlPlane startOwn() {
    Path binaries = locateBinaries();
    try {
      RealControlPlane plane = new RealControlPlane(binaries, Files.createTempDirectory("stageline-control-plane"));
      // close() is idempotent: the hook only matters when the JVM ends before its owner closed it
      Runtime.getRuntime().addShutdownHook(new Thread(plane::close, "stop-control-plane"));
      plane.start();
      return plane;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** CPU time the control plane's processes (etcd, kube-apiserver, kube-controller-manager) have used so far. */
  public synchronized Duration cpuTime() {
    return processes.stream().map(p -> p.info().totalCpuDuration().orElse(Duration.ZERO))
        .reduce(Duration.ZERO, Duration::plus);
  }

  /** Resident memory of the control plane's processes now, in bytes (Linux: VmRSS of /proc/PID/status; else 0). */
  public synchronized long residentBytes() {
    long total = 0;
    for (Process process : processes) {
      try {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
          if (line.startsWith("VmRSS:")) {
            total += Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
          }
        }
      } catch (IOException | NumberFormatException e) {
        // not Linux, or the process is gone: it holds no memory to report
      }
    }
    return total;
  }

  /** Where the binaries are: the property, the environment variable, else what {@code build.sh --check} says. */
  public static Path locateBinaries() {
    String configured = System.getProperty(DIR_PROPERTY, System.getenv(DIR_ENV));
    Path dir;
    if (configured != null && !configured.isBlank()) {
      dir = Path.of(configured);
    } else {
      Path script = projectRoot().resolve("tools/control-plane/build.sh");
      ExecResult check = exec(List.of("bash", script.toString(), "--check"), Duration.ofMinutes(1));
      if (check.exitCode() != 0) {
        throw new IllegalStateException("No real control plane is built: " + check.stderr().strip()
            + "\nBuild it once with tools/control-plane/build.sh (docs/testing.md), or point -D" + DIR_PROPERTY
            + " at a directory holding etcd, kube-apiserver and kube-controller-manager.");
      }
      dir = Path.of(check.stdout().strip());
    }
    for (String binary : List.of("etcd", "kube-apiserver", "kube-controller-manager")) {
      if (!Files.isExecutable(dir.resolve(binary))) {
        throw new IllegalStateException("The control-plane directory " + dir + " has no executable " + binary
            + "; build it with tools/control-plane/build.sh (docs/testing.md)");
      }
    }
    return dir;
  }

  private static Path projectRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("tools/control-plane/build.sh"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("tools/control-plane/build.sh not found above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }

  private void start() {
    try {
      int etcdPort = freePort();
      int peerPort = freePort();
      int apiPort = freePort();
      String etcdUrl = "http://127.0.0.1:" + etcdPort;
      String peerUrl = "http://127.0.0.1:" + peerPort;
      url = "https://127.0.0.1:" + apiPort;
      launch("etcd", List.of(
          "--name=stageline", "--data-dir=" + work.resolve("etcd"),
          "--listen-client-urls=" + etcdUrl, "--advertise-client-urls=" + etcdUrl,
          "--listen-peer-urls=" + peerUrl, "--initial-advertise-peer-urls=" + peerUrl,
          "--initial-cluster=stageline=" + peerUrl,
          // A test cluster's data is thrown away: skipping fsync saves the loaded disk much work.
          "--unsafe-no-fsync=true", "--quota-backend-bytes=" + (2L << 30)));

      Path key = writeServiceAccountKey();
      Path tokens = work.resolve("tokens.csv");
      Files.writeString(tokens, adminToken + ",admin,admin,\"system:masters\"\n");
      launch("kube-apiserver", List.of(
          "--etcd-servers=" + etcdUrl,
          "--bind-address=127.0.0.1", "--advertise-address=127.0.0.1", "--secure-port=" + apiPort,
          "--cert-dir=" + work.resolve("certs"),
          "--authorization-mode=RBAC",
          "--token-auth-file=" + tokens,
          "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
          "--service-account-key-file=" + key, "--service-account-signing-key-file=" + key,
          "--service-cluster-ip-range=10.96.0.0/16",
          "--allow-privileged=true",
          // No endpoints for the kubernetes Service: loopback addresses are refused there, and nothing needs it.
          "--endpoint-reconciler-type=none",
          "--profiling=false"));
      awaitReady();

      adminKubeconfig = work.resolve("admin.kubeconfig");
      Files.writeString(adminKubeconfig, kubeconfig(adminToken));
      launch("kube-controller-manager", List.of(
          "--kubeconfig=" + adminKubeconfig,
          "--controllers=" + String.join(",", CONTROLLERS),
          "--leader-elect=false", "--secure-port=0",
          "--service-account-private-key-file=" + key,
          "--concurrent-gc-syncs=5", "--concurrent-namespace-syncs=5"));
    } catch (IOException e) {
      close();
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private void launch(String binary, List<String> args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(binaries.resolve(binary).toString());
    command.addAll(args);
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log(binary).toFile())
        .start();
    processes.add(process);
  }

  private Path log(String binary) {
    return work.resolve(binary + ".log");
  }

  /** Waits for {@code /readyz}, failing at once with the log's tail when a process exits. */
  private void awaitReady() {
    HttpClient http = HttpClient.newBuilder().sslContext(trustAll()).connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/readyz"))
        .header("Authorization", "Bearer " + adminToken).timeout(Duration.ofSeconds(10)).build();
    Instant deadline = Instant.now().plus(STARTUP);
    String last = "no answer";
    while (Instant.now().isBefore(deadline)) {
      for (int i = 0; i < processes.size(); i++) {
        if (!processes.get(i).isAlive()) {
          String name = i == 0 ? "etcd" : "kube-apiserver";
          throw new IllegalStateException(name + " exited with " + processes.get(i).exitValue() + ":\n" + tail(name));
        }
      }
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return;
        }
        last = response.statusCode() + " " + response.body();
      } catch (IOException e) {
        last = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for kube-apiserver", e);
      }
      // Startup takes seconds to minutes on a loaded machine; wait on the process rather than a bare sleep.
      try {
        processes.get(processes.size() - 1).waitFor(500, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for kube-apiserver", e);
      }
    }
    throw new IllegalStateException("kube-apiserver was not ready within " + STARTUP + " (last: " + last + "):\n"
        + tail("kube-apiserver"));
  }

  private String tail(String binary) {
    try {
      List<String> lines = Files.readAllLines(log(binary), StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** The control plane's logs, for a failing test's message. */
  public String logTail(String binary) {
    return tail(binary);
  }

  private Path writeServiceAccountKey() throws IOException {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      byte[] pkcs8 = generator.generateKeyPair().getPrivate().getEncoded();
      String pem = "-----BEGIN PRIVATE KEY-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pkcs8)
          + "\n-----END PRIVATE KEY-----\n";
      Path key = work.resolve("service-account.key");
      Files.writeString(key, pem);
      return key;
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private String kubeconfig(String token) {
    return """
        apiVersion: v1
        kind: Config
        clusters:
        - name: stageline-test
          cluster:
            server: %s
            insecure-skip-tls-verify: true
        users:
        - name: admin
          user:
            token: %s
        contexts:
        - name: stageline-test
          context:
            cluster: stageline-test
            user: admin
        current-context: stageline-test
        """.formatted(url, token);
  }

  /** The API server's address. */
  public String url() {
    return url;
  }

  /** The bearer token of user {@code admin} in {@code system:masters} (as the embedded API's admin is named). */
  public String adminToken() {
    return adminToken;
  }

  /** A kubeconfig acting as the cluster administrator (for kubectl). */
  public Path adminKubeconfig() {
    return adminKubeconfig;
  }

  /** A new client acting as the cluster administrator ({@code system:masters}). */
  public KubernetesClient adminClient() {
    return client(base().withOauthToken(adminToken).build());
  }

  /** A new client acting as {@code user} in {@code groups}, through the administrator's impersonation. */
  public KubernetesClient clientAs(String user, String... groups) {
    List<String> all = new ArrayList<>(List.of(groups));
    all.add("system:authenticated");
    return client(base().withOauthToken(adminToken)
        .withImpersonateUsername(user).withImpersonateGroups(all.toArray(String[]::new)).build());
  }

  /**
   * A new client with a real token of the ServiceAccount, as a pod running under it would have; the
   * ServiceAccount must exist.
   */
  public KubernetesClient serviceAccountClient(String namespace, String name) {
    try (KubernetesClient admin = adminClient()) {
      TokenRequest request = new TokenRequestBuilder().withNewSpec().withExpirationSeconds(24 * 3600L).endSpec().build();
      TokenRequest issued = admin.serviceAccounts().inNamespace(namespace).withName(name).tokenRequest(request);
      return client(base().withOauthToken(issued.getStatus().getToken()).build());
    }
  }

  /** The operator's ServiceAccount as deploy/ installs it. */
  public KubernetesClient operatorClient() {
    return serviceAccountClient(OPERATOR_NAMESPACE, OPERATOR_SERVICE_ACCOUNT);
  }

  private ConfigBuilder base() {
    return new ConfigBuilder(Config.empty())
        .withMasterUrl(url)
        .withTrustCerts(true)
        .withDisableHostnameVerification(true)
        .withRequestTimeout(60_000)
        .withConnectionTimeout(20_000);
  }

  private static KubernetesClient client(Config config) {
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  @Override
  public synchronized void close() {
    // Stop in reverse order: the controller manager, the API server, then etcd.
    for (int i = processes.size() - 1; i >= 0; i--) {
      Process process = processes.get(i);
      process.destroy();
      try {
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
    processes.clear();
    if (System.getProperty("stageline.controlPlane.keep") == null) {
      deleteRecursively(work);
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A leftover temp directory is harmless.
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  private static String randomToken() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** The API server's certificate is self-signed on each start; tests trust it. */
  private static SSLContext trustAll() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
          return new X509Certificate[0];
        }
      }}, new SecureRandom());
      return context;
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** What a finished command printed and returned. */
  public record ExecResult(int exitCode, String stdout, String stderr) {
    public boolean ok() {
      return exitCode == 0;
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
    }
  }

  /** Runs Debian's kubectl as the administrator against this control plane. */
  public ExecResult kubectl(String... args) {
    List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig=" + adminKubeconfig));
    command.addAll(List.of(args));
    return exec(command, Duration.ofMinutes(3));
  }

  static ExecResult exec(List<String> command, Duration timeout) {
    try {
      Path out = Files.createTempFile("exec", ".out");
      Path err = Files.createTempFile("exec", ".err");
      try {
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
          throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout);
        }
        return new ExecResult(process.exitValue(), Files.readString(out), Files.readString(err));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
