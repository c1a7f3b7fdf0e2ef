package io.stageline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.testing.Awaits;
import java.io.IOException;
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

/** The README's run command, end to end: the packaged jar in embedded mode with the examples applied. */
class StagelineJarIT {
  private static final Pattern HTTP_PORT = Pattern.compile("health and readiness on port (\\d+)");
  private Process process;

  @AfterEach
  void stop() throws InterruptedException {
    if (process != null) {
      process.destroy();
      process.waitFor();
    }
  }

  @Test
  void embeddedModeRunsTheExamplePathToFourReadyStages(@TempDir Path dir) throws Exception {
    Path kubeconfig = dir.resolve("kubeconfig");
    Path log = dir.resolve("stageline.log");
    process = new ProcessBuilder("java", "-jar", Path.of("target/stageline.jar").toAbsolutePath().toString(),
        "--embedded", "--apply", Path.of("examples").toAbsolutePath().toString(),
        "--kubeconfig-out", kubeconfig.toString(), "--http-port", "0", "--http-host", "127.0.0.1")
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();

    // a cold JVM starting the API, the operator and applying examples/: 15 s idle, minutes on a loaded machine
    await().atMost(Awaits.PROCESS_START).until(() -> Files.exists(kubeconfig) && logContains(log, "export KUBECONFIG="));
    assertThat(Files.readString(log)).contains("export KUBECONFIG=" + kubeconfig.toAbsolutePath());

    Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      await().atMost(Awaits.PROCESS_START).untilAsserted(() -> {
        List<Environment> envs = client.resources(Environment.class).list().getItems();
        assertThat(envs).extracting(e -> e.getMetadata().getName())
            .containsExactlyInAnyOrder("development", "test", "staging", "production");
        assertThat(envs).allSatisfy(e -> assertThat(e.getStatus() != null && e.getStatus().isReady())
            .as("%s is Ready", e.getMetadata().getName()).isTrue());
      });
      assertThat(client.namespaces().withName("shop-prod").get().getMetadata().getLabels())
          .containsEntry("app.kubernetes.io/managed-by", "stageline")
          .containsEntry("pod-security.kubernetes.io/enforce", "restricted");
    }

    Matcher port = HTTP_PORT.matcher(Files.readString(log));
    assertThat(port.find()).as("the operator logs its HTTP port").isTrue();
    HttpClient http = HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + port.group(1);
    assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/readyz")).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body()).contains("stageline_environments");
  }

  private static boolean logContains(Path log, String text) throws IOException {
    return Files.exists(log) && Files.readString(log).contains(text);
  }
}
