package io.stageline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stageline.embedded.EmbeddedApiServer;
import io.stageline.testing.Awaits;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's start, run as a user runs it (its own process, configured by KUBECONFIG): it
 * says which API server it uses and as whom; an API it cannot reach is one line naming the
 * address, the cause and what to do, with no stack traces, and {@code /readyz} says why it is
 * not ready.
 */
class OperatorStartTest {
  private static final Pattern HTTP_PORT = Pattern.compile("readiness on port (\\d+)");
  private Process process;

  @AfterEach
  void stop() throws InterruptedException {
    if (process != null) {
      process.destroy();
      process.waitFor();
    }
  }

  private Process run(Path dir, Path kubeconfig, Path log, String... args) throws IOException {
    List<String> command = new java.util.ArrayList<>(List.of("java", "-cp", System.getProperty("java.class.path"),
        "io.stageline.cli.StagelineCommand", "--http-port", "0", "--http-host", "127.0.0.1", "--no-dashboard"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().put("HOME", dir.toString());
    builder.environment().remove("KUBERNETES_SERVICE_HOST");
    if (kubeconfig != null) {
      builder.environment().put("KUBECONFIG", kubeconfig.toString());
    } else {
      builder.environment().remove("KUBECONFIG");
    }
    return builder.start();
  }

  private static String log(Path log) throws IOException {
    return Files.exists(log) ? Files.readString(log) : "";
  }

  private static HttpResponse<String> readyz(Path log) throws Exception {
    Matcher port = HTTP_PORT.matcher(log(log));
    assertThat(port.find()).as("the operator logs its HTTP port").isTrue();
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port.group(1) + "/readyz")).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void anUnreachableApiIsOneLineWithAddressCauseAndRemedyAndReadyzSaysWhy(@TempDir Path dir) throws Exception {
    int deadPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      deadPort = socket.getLocalPort();
    }
    Path kubeconfig = dir.resolve("dead-kubeconfig");
    Files.writeString(kubeconfig, """
        apiVersion: v1
        kind: Config
        clusters:
        - name: old
          cluster: {server: "https://127.0.0.1:%d", insecure-skip-tls-verify: true}
        users:
        - name: admin
          user: {token: expired}
        contexts:
        - name: old
          context: {cluster: old, user: admin}
        current-context: old
        """.formatted(deadPort));
    Path log = dir.resolve("stageline.log");
    process = run(dir, kubeconfig, log);

    String expected = "cannot reach the Kubernetes API at https://127.0.0.1:" + deadPort + " (KUBECONFIG=" + kubeconfig
        + "): connection refused; start that cluster, point KUBECONFIG at one that runs, or run with --embedded";
    await().atMost(Awaits.PROCESS_START).until(() -> log(log).contains(expected));
    HttpResponse<String> ready = readyz(log);
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(ready.body()).isEqualTo("not ready: " + expected + "\n");
    String output = log(log);
    assertThat(output.lines().filter(l -> l.contains("cannot reach the Kubernetes API"))).hasSize(1);
    assertThat(output).doesNotContain("\tat ").doesNotContain("Exception");
    assertThat(process.isAlive()).as("the operator keeps waiting for its API").isTrue();
  }

  @Test
  void aReachableApiIsNamedWithTheIdentityAndTheOperatorBecomesReady(@TempDir Path dir) throws Exception {
    try (EmbeddedApiServer api = EmbeddedApiServer.start(0)) {
      Path kubeconfig = dir.resolve("kubeconfig");
      api.writeKubeconfig(kubeconfig);
      Path log = dir.resolve("stageline.log");
      process = run(dir, kubeconfig, log);
      await().atMost(Awaits.PROCESS_START).until(() -> log(log).contains("Stageline is running"));
      assertThat(log(log)).contains("Stageline uses the Kubernetes API at " + api.url() + " as admin");
      await().atMost(Awaits.TIMEOUT).until(() -> readyz(log).statusCode() == 200);
    }
  }

  @Test
  void embeddedModeRunsTheOperatorAsItsServiceAccount(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("stageline.log");
    process = run(dir, null, log, "--embedded", "--state-dir", dir.resolve("state").toString(),
        "--kubeconfig-out", dir.resolve("state/kubeconfig").toString());
    await().atMost(Awaits.PROCESS_START).until(() -> log(log).contains("Stageline is running"));
    assertThat(log(log)).containsPattern("Stageline uses the Kubernetes API at https://127\\.0\\.0\\.1:\\d+ as "
        + "system:serviceaccount:stageline-system:stageline-operator");
    assertThat(dir.resolve("state/ca.crt")).exists();
    assertThat(dir.resolve("state/ca.key")).exists();
  }
}
