package io.stageline.reliability;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.stageline.testing.Awaits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stageline as a user runs it ({@code java -jar stageline.jar --embedded}), in its own JVM with
 * the test's class path, on a state directory: so that a test can stop it, or kill it with
 * {@code kill -9}, and start it again on the same state.
 */
final class EmbeddedProcess implements AutoCloseable {
  private static final Pattern SERVER = Pattern.compile("server: (http\\S+)");
  private final Process process;
  private final String url;
  private final Path kubeconfig;

  private EmbeddedProcess(Process process, String url, Path kubeconfig) {
    this.process = process;
    this.url = url;
    this.kubeconfig = kubeconfig;
  }

  /** Starts Stageline with the embedded API on {@code state} and waits until its API answers. */
  static EmbeddedProcess start(Path state) {
    Path kubeconfig = state.resolve("kubeconfig");
    try {
      Files.createDirectories(state);
      Files.deleteIfExists(kubeconfig);
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process process = new ProcessBuilder(List.of(java, "-Xmx384m", "-cp", System.getProperty("java.class.path"),
          "io.stageline.cli.StagelineCommand", "--embedded", "--state-dir", state.toString(),
          "--kubeconfig-out", kubeconfig.toString(), "--http-port", "0", "--no-dashboard"))
          .redirectOutput(ProcessBuilder.Redirect.appendTo(state.resolve("stageline.log").toFile()))
          .redirectErrorStream(true)
          .start();
      String url = await().atMost(Awaits.PROCESS_START).until(() -> server(kubeconfig), u -> u != null);
      return new EmbeddedProcess(process, url, kubeconfig);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String server(Path kubeconfig) throws IOException {
    if (!Files.exists(kubeconfig)) {
      return null;
    }
    Matcher matcher = SERVER.matcher(Files.readString(kubeconfig));
    return matcher.find() ? matcher.group(1) : null;
  }

  /** The administrator, from the kubeconfig this run wrote (its CA and token are this run's). */
  KubernetesClient client() {
    try {
      Config config = new ConfigBuilder(Config.fromKubeconfig(Files.readString(kubeconfig)))
          .withHttp2Disable(true).withConnectionTimeout(10_000).withRequestTimeout(30_000)
          .withRequestRetryBackoffLimit(0).withNamespace("default").build();
      return new KubernetesClientBuilder().withConfig(config).build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops it as Ctrl-C or {@code kill} would: its shutdown hooks run. */
  void stop() {
    process.destroy();
    awaitExit();
  }

  /** {@code kill -9}: nothing of it runs after this. */
  void kill() {
    process.destroyForcibly();
    awaitExit();
  }

  private void awaitExit() {
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(60, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }
}
