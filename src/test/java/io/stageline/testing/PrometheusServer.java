package io.stageline.testing;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * A real Prometheus server (Debian's {@code prometheus} package) on loopback, scraping every second a
 * small exporter whose gauges the test sets. Started per test class and stopped by {@link #close()}.
 */
public final class PrometheusServer implements AutoCloseable {
  public static final Path BINARY = Path.of("/usr/bin/prometheus");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, Double> gauges = new ConcurrentHashMap<>();
  private final HttpServer exporter;
  private final Process prometheus;
  private final Path dir;
  private final URI url;
  private final HttpClient http = HttpClient.newHttpClient();

  private PrometheusServer() throws IOException {
    exporter = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    exporter.createContext("/metrics", exchange -> {
      StringBuilder body = new StringBuilder();
      gauges.forEach((name, value) -> body.append("# TYPE ").append(name).append(" gauge\n")
          .append(name).append(' ').append(value).append('\n'));
      byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
      exchange.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    exporter.start();
    dir = Files.createTempDirectory("stageline-prometheus");
    Files.writeString(dir.resolve("prometheus.yml"), """
        global: {scrape_interval: 1s, evaluation_interval: 1s}
        scrape_configs:
        - job_name: shop
          static_configs: [{targets: ["127.0.0.1:%d"]}]
        """.formatted(exporter.getAddress().getPort()));
    int port = freePort();
    url = URI.create("http://127.0.0.1:" + port);
    prometheus = new ProcessBuilder(BINARY.toString(), "--config.file=" + dir.resolve("prometheus.yml"),
        "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
        "--storage.tsdb.retention.time=1h")
        .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
  }

  /** Starts Prometheus and waits until it answers; fails with its log when the binary is missing or it will not start. */
  public static PrometheusServer start() {
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException(BINARY + " is missing: install Debian's prometheus package (.ci/run does)");
    }
    try {
      PrometheusServer server = new PrometheusServer();
      await().atMost(Awaits.TIMEOUT).ignoreExceptions().until(() -> server.get("/-/ready").statusCode() == 200);
      return server;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start Prometheus", e);
    }
  }

  public URI url() {
    return url;
  }

  /** Sets a gauge and waits until Prometheus has scraped it, so that the next query sees the value. */
  public void set(String gauge, double value) {
    gauges.put(gauge, value);
    await().atMost(Awaits.TIMEOUT).ignoreExceptions().until(() -> {
      JsonNode answer = JSON.readTree(get("/api/v1/query?query=" + URLEncoder.encode(gauge, StandardCharsets.UTF_8)).body());
      JsonNode result = answer.path("data").path("result");
      return result.size() == 1 && Double.parseDouble(result.path(0).path("value").path(1).asText()) == value;
    });
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(url.resolve(path)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() throws IOException {
    prometheus.destroy();
    try {
      if (!prometheus.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        prometheus.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    exporter.stop(0);
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
