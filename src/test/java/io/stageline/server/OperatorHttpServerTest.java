package io.stageline.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class OperatorHttpServerTest {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(30)).build();

  @Test
  void servesMetricsInPrometheusTextFormat() throws Exception {
    try (OperatorHttpServer server = OperatorHttpServer.start("127.0.0.1", 0, () -> "# TYPE up gauge\nup 1\n",
        () -> true, () -> true)) {
      HttpResponse<String> response = get(server, "/metrics");
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
          ct -> assertThat(ct).startsWith("text/plain; version=0.0.4"));
      assertThat(response.body()).contains("up 1");
    }
  }

  @Test
  void readinessFollowsTheOperatorWhileLivenessStaysUp() throws Exception {
    AtomicBoolean ready = new AtomicBoolean(false);
    try (OperatorHttpServer server = OperatorHttpServer.start("127.0.0.1", 0, () -> "", () -> true, ready::get)) {
      assertThat(get(server, "/healthz").statusCode()).isEqualTo(200);
      assertThat(get(server, "/readyz").statusCode()).isEqualTo(503);
      ready.set(true);
      assertThat(get(server, "/readyz").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void probesAnswerWhileFiftyConnectionsStallInTheirHeadersAndStalledOnesAreDropped() throws Exception {
    java.util.List<java.net.Socket> stalled = new java.util.ArrayList<>();
    try (OperatorHttpServer server = OperatorHttpServer.start("127.0.0.1", 0, () -> "up 1\n", () -> true, () -> true)) {
      for (int i = 0; i < 50; i++) {
        java.net.Socket s = new java.net.Socket("127.0.0.1", server.port());
        s.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes());
        s.getOutputStream().flush();
        stalled.add(s);
      }
      for (String path : java.util.List.of("/healthz", "/readyz", "/metrics")) {
        assertThat(get(server, path).statusCode()).as(path).isEqualTo(200);
      }
      // the request timeout closes a connection that never finishes its headers
      java.net.Socket first = stalled.get(0);
      first.setSoTimeout((int) java.time.Duration.ofMinutes(2).toMillis());
      assertThat(first.getInputStream().read()).as("closed by the server").isEqualTo(-1);
    } finally {
      for (java.net.Socket s : stalled) {
        s.close();
      }
    }
  }

  private HttpResponse<String> get(OperatorHttpServer server, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
