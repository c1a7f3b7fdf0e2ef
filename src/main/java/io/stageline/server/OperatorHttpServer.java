package io.stageline.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The operator's small HTTP server: {@code /metrics} (Prometheus text format), {@code /healthz}
 * and {@code /readyz}; further read-only pages can be added with {@link #route}.
 *
 * <p>The JDK's built-in server is enough for a handful of read-only endpoints scraped every few
 * seconds, and adds no dependency to the operator image. It reads a request's headers on a worker
 * thread, so a client that sends half a request holds a worker: requests must arrive whole within
 * {@value #REQUEST_SECONDS}s (the server's {@code sun.net.httpserver.maxReqTime}), idle keep-alive
 * connections close after {@value #IDLE_SECONDS}s, and up to {@value #MAX_WORKERS} workers run, so the
 * probes answer while dozens of connections stall.
 */
public final class OperatorHttpServer implements AutoCloseable {
  static final int REQUEST_SECONDS = 10;
  static final int IDLE_SECONDS = 30;
  static final int MAX_WORKERS = 128;

  static {
    // read once, when the JDK's server classes load; an operator may still set them on the command line
    System.getProperties().putIfAbsent("sun.net.httpserver.maxReqTime", Integer.toString(REQUEST_SECONDS));
    System.getProperties().putIfAbsent("sun.net.httpserver.idleInterval", Integer.toString(IDLE_SECONDS));
    System.getProperties().putIfAbsent("sun.net.httpserver.maxReqHeaders", "100");
  }

  private final HttpServer server;
  private final java.util.concurrent.ExecutorService workers;

  private OperatorHttpServer(HttpServer server, java.util.concurrent.ExecutorService workers) {
    this.server = server;
    this.workers = workers;
  }

  /**
   * Starts on the port (0 picks a free one).
   *
   * @param metrics the Prometheus exposition
   * @param live whether the process works at all (liveness)
   * @param ready whether the operator has started and its informers are healthy (readiness)
   */
  public static OperatorHttpServer start(String host, int port, Supplier<String> metrics, BooleanSupplier live,
      BooleanSupplier ready) {
    return start(host, port, metrics, live, () -> ready.getAsBoolean() ? null : "not ready");
  }

  /**
   * Starts on the port (0 picks a free one), with {@code /readyz} answering 503 and the reason
   * while {@code notReadyReason} gives one (null when ready).
   */
  public static OperatorHttpServer start(String host, int port, Supplier<String> metrics, BooleanSupplier live,
      Supplier<String> notReadyReason) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
      // threads only while busy (none queue behind a stalled one); beyond MAX_WORKERS a connection is refused
      var workers = new java.util.concurrent.ThreadPoolExecutor(2, MAX_WORKERS, 30, TimeUnit.SECONDS,
          new java.util.concurrent.SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "stageline-http");
            t.setDaemon(true);
            return t;
          });
      server.setExecutor(workers);
      server.createContext("/metrics", exchange -> respond(exchange, 200,
          "text/plain; version=0.0.4; charset=utf-8", metrics.get()));
      server.createContext("/healthz", probe(live));
      server.createContext("/readyz", exchange -> {
        String reason = notReadyReason.get();
        respond(exchange, reason == null ? 200 : 503, "text/plain; charset=utf-8",
            reason == null ? "ok\n" : "not ready: " + reason + "\n");
      });
      server.start();
      return new OperatorHttpServer(server, workers);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + host + ":" + port, e);
    }
  }

  /** Serves another path (e.g. the dashboard) on the same port. */
  public void route(String path, HttpHandler handler) {
    server.createContext(path, handler);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static HttpHandler probe(BooleanSupplier check) {
    return exchange -> {
      boolean ok = check.getAsBoolean();
      respond(exchange, ok ? 200 : 503, "text/plain; charset=utf-8", ok ? "ok\n" : "not ready\n");
    };
  }

  /** Writes a whole text response (no body for HEAD) and closes the exchange. */
  public static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    boolean head = "HEAD".equals(exchange.getRequestMethod());
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
    workers.shutdownNow();
  }
}
