package io.stageline.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.stageline.cli.ManifestApplier;
import io.stageline.server.OperatorHttpServer;
import io.stageline.testing.Awaits;
import io.stageline.testing.OperatorExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What Prometheus scrapes from a running operator passes {@code promtool check metrics}. */
class MetricsExpositionTest {
  @RegisterExtension
  final OperatorExtension op = OperatorExtension.running();

  @Test
  void metricsOfARunningOperatorPassPromtool() throws Exception {
    assumeTrue(Promtool.installed(), "promtool is not installed (Debian package prometheus; .ci/run installs it)");
    new ManifestApplier(op.client()).apply(Path.of("examples"));

    try (OperatorHttpServer http = OperatorHttpServer.start("127.0.0.1", 0, op.operator().context().metrics()::scrape,
        () -> true, op.operator()::isReady)) {
      HttpClient client = HttpClient.newHttpClient();
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + "/metrics")).build();
      // once the operator has reconciled, the exposition carries its reconcile metrics too
      String body = await().atMost(Awaits.TIMEOUT).until(
          () -> client.send(request, HttpResponse.BodyHandlers.ofString()).body(),
          b -> b.contains("stageline_environments"));

      Kubectl.Result check = Promtool.checkMetrics(body);

      assertThat(check.ok()).as("promtool check metrics\n%s", check).isTrue();
      assertThat(body).contains("jvm_memory_used_bytes");
    }
  }
}
