package io.stageline.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.audit.Auditor;
import io.stageline.server.OperatorHttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;

/**
 * The read-only delivery-path dashboard, served on the operator's HTTP server: the page at {@code /},
 * its snapshot as JSON at {@code /api/dashboard} and live updates at {@code /api/events}. It reads
 * only Environments, Promotions, AccessPolicies and the audit trail, from its own informer caches.
 */
public final class Dashboard implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ASSETS = "/io/stageline/dashboard/";
  /** The files of the page, shipped in the jar; anything else under {@code /} is a 404. */
  private static final Map<String, Asset> PAGES = Map.of(
      "/", new Asset("index.html", "text/html; charset=utf-8"),
      "/index.html", new Asset("index.html", "text/html; charset=utf-8"),
      "/dashboard.css", new Asset("dashboard.css", "text/css; charset=utf-8"),
      "/dashboard.js", new Asset("dashboard.js", "text/javascript; charset=utf-8"),
      "/favicon.svg", new Asset("favicon.svg", "image/svg+xml"));
  /** The page loads only its own files and talks only to its own origin. */
  private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
      + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private final DashboardCache cache;
  private final Auditor auditor;
  private final Clock clock;
  private final SnapshotStream stream;

  private Dashboard(KubernetesClient client, Auditor auditor, Clock clock) {
    this.auditor = auditor;
    this.clock = clock;
    this.stream = new SnapshotStream(this::snapshotJson);
    this.cache = new DashboardCache(client, stream::changed);
  }

  /** Starts the informers; the page is served once {@link #routeOn} adds it to an HTTP server. */
  public static Dashboard start(KubernetesClient client, Auditor auditor, Clock clock) {
    Dashboard dashboard = new Dashboard(client, auditor, clock);
    auditor.addListener(event -> dashboard.stream.changed());
    dashboard.cache.start();
    return dashboard;
  }

  /** Serves the page, the JSON snapshot and the event stream on the server's port. */
  public Dashboard routeOn(OperatorHttpServer server) {
    server.route("/", readOnly(this::serveAsset));
    server.route("/api/dashboard", readOnly(exchange -> respond(exchange, 200, "application/json", snapshotJson(),
        Map.of("Cache-Control", "no-store"))));
    server.route("/api/events", readOnly(stream.handler()));
    return this;
  }

  public DashboardSnapshot snapshot() {
    return new SnapshotBuilder(clock.instant()).build(cache.environments(), cache.promotions(), cache.policies(),
        auditor.recent(), cache.synced());
  }

  /** Whether every informer has listed its kind. */
  public boolean synced() {
    return cache.synced();
  }

  String snapshotJson() {
    try {
      return JSON.writeValueAsString(snapshot());
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void serveAsset(HttpExchange exchange) throws IOException {
    Asset asset = PAGES.get(exchange.getRequestURI().getPath());
    if (asset == null) {
      respond(exchange, 404, "text/plain; charset=utf-8", "not found\n", Map.of());
      return;
    }
    try (InputStream in = Dashboard.class.getResourceAsStream(ASSETS + asset.file())) {
      if (in == null) {
        throw new IOException("missing dashboard asset " + asset.file());
      }
      respond(exchange, 200, asset.contentType(), new String(in.readAllBytes(), StandardCharsets.UTF_8),
          Map.of("Content-Security-Policy", CSP, "Cache-Control", "no-cache"));
    }
  }

  /** Only GET and HEAD: the dashboard changes nothing. */
  private static HttpHandler readOnly(HttpHandler handler) {
    return exchange -> {
      String method = exchange.getRequestMethod();
      if (!"GET".equals(method) && !"HEAD".equals(method)) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        respond(exchange, 405, "text/plain; charset=utf-8", "the dashboard is read-only\n", Map.of());
        return;
      }
      exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
      exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
      handler.handle(exchange);
    };
  }

  private static void respond(HttpExchange exchange, int status, String contentType, String body,
      Map<String, String> headers) throws IOException {
    headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
    OperatorHttpServer.respond(exchange, status, contentType, body);
  }

  @Override
  public void close() {
    stream.close();
    cache.close();
  }

  private record Asset(String file, String contentType) {}
}
