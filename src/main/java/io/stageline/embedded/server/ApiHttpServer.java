package io.stageline.embedded.server;

import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.KeyCertOptions;
import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The embedded API's HTTP server (Vert.x, HTTP/1.1): hands each request to a {@link Dispatcher}
 * on a worker thread and sends its answer; a {@link WatchResponse} is streamed, as a chunked
 * response or, for a WebSocket upgrade (the fabric8 client), as text messages. Replaces the
 * fabric8 mock web server, which can answer a request only with a complete body.
 */
public final class ApiHttpServer implements AutoCloseable {
  /**
   * How much a watch may have queued for a slow client before it is cut off (it then re-watches
   * from its last version): room for the initial events of a few thousand objects.
   */
  private static final int WATCH_QUEUE_BYTES = 32 * 1024 * 1024;
  private final Vertx vertx;
  private final HttpServer server;
  private final Dispatcher dispatcher;
  private final AtomicLong requests = new AtomicLong();

  private ApiHttpServer(Vertx vertx, HttpServer server, Dispatcher dispatcher) {
    this.vertx = vertx;
    this.server = server;
    this.dispatcher = dispatcher;
  }

  /** Listens on the loopback interface; port 0 picks a free one. */
  public static ApiHttpServer start(Dispatcher dispatcher, int port) {
    return start(dispatcher, port, null);
  }

  /** Listens on the loopback interface, with TLS when {@code tls} (the serving certificate and key) is given. */
  public static ApiHttpServer start(Dispatcher dispatcher, int port, KeyCertOptions tls) {
    Vertx vertx = Vertx.vertx(new VertxOptions().setWorkerPoolSize(32));
    HttpServerOptions options = new HttpServerOptions()
        .setHost(InetAddress.getLoopbackAddress().getHostAddress())
        .setPort(port)
        .setHandle100ContinueAutomatically(true)
        .setMaxWebSocketMessageSize(64 * 1024 * 1024)
        .setMaxWebSocketFrameSize(64 * 1024 * 1024);
    if (tls != null) {
      options.setSsl(true).setKeyCertOptions(tls);
    }
    HttpServer server = vertx.createHttpServer(options);
    ApiHttpServer api = new ApiHttpServer(vertx, server, dispatcher);
    server.requestHandler(api::handle);
    await(server.listen().toCompletionStage().toCompletableFuture(), "cannot listen on port " + port);
    return api;
  }

  public int port() {
    return server.actualPort();
  }

  /** Requests received since start. */
  public long requestCount() {
    return requests.get();
  }

  private void handle(HttpServerRequest request) {
    requests.incrementAndGet();
    boolean upgrade = "websocket".equalsIgnoreCase(request.getHeader("Upgrade"));
    if (upgrade) {
      // the upgrade completes on the request's end, which pausing keeps for toWebSocket
      request.pause();
      dispatch(request, null);
    } else if (hasBody(request)) {
      request.body().onSuccess(body -> dispatch(request, body))
          .onFailure(e -> request.response().setStatusCode(400).end());
    } else {
      dispatch(request, null);
    }
  }

  private void dispatch(HttpServerRequest request, Buffer body) {
    RecordedRequest recorded = new RecordedRequest("HTTP/1.1", HttpMethod.fromVertx(request.method()), request.uri(),
        Headers.builder().addAll(request.headers()).build(),
        new io.fabric8.mockwebserver.http.Buffer(body == null ? null : body.getBytes()));
    vertx.executeBlocking(() -> dispatcher.dispatch(recorded), false)
        .onSuccess(answer -> answer(request, answer))
        .onFailure(e -> {
          if (!request.response().headWritten()) {
            request.response().setStatusCode(500).end();
          }
        });
  }

  private void answer(HttpServerRequest request, MockResponse answer) {
    if (answer instanceof WatchResponse watch) {
      if ("websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
        request.toWebSocket().onSuccess(socket -> streamOver(socket, watch))
            .onFailure(e -> request.response().setStatusCode(400).end());
      } else {
        streamOver(request.response(), watch);
      }
      return;
    }
    HttpServerResponse response = request.response();
    response.setStatusCode(answer.code());
    answer.getHeaders().toMultimap().forEach((name, values) -> response.headers().add(name, values));
    byte[] body = answer.getBody() == null ? new byte[0] : answer.getBody().getBytes();
    Runnable send = () -> response.end(Buffer.buffer(body));
    if (answer.getBodyDelay() != null && !answer.getBodyDelay().isZero()) {
      vertx.setTimer(answer.getBodyDelay().toMillis(), id -> send.run());
    } else {
      send.run();
    }
  }

  private void streamOver(HttpServerResponse response, WatchResponse watch) {
    response.setStatusCode(200).setChunked(true).setWriteQueueMaxSize(WATCH_QUEUE_BYTES);
    watch.getHeaders().toMultimap().forEach((name, values) -> response.headers().add(name, values));
    response.writeHead();
    WatchTransport transport = new WatchTransport(vertx, event -> response.write(event + "\n"),
        response::writeQueueFull, response::end);
    response.closeHandler(v -> transport.closedByClient());
    transport.start(watch);
  }

  private void streamOver(ServerWebSocket socket, WatchResponse watch) {
    socket.setWriteQueueMaxSize(WATCH_QUEUE_BYTES);
    WatchTransport transport = new WatchTransport(vertx, socket::writeTextMessage, socket::writeQueueFull,
        () -> socket.close((short) 1000));
    socket.closeHandler(v -> transport.closedByClient());
    socket.exceptionHandler(e -> transport.closedByClient());
    // the client says nothing on a watch; reading keeps close frames flowing
    socket.handler(buffer -> { });
    transport.start(watch);
  }

  private static boolean hasBody(HttpServerRequest request) {
    String length = request.getHeader("Content-Length");
    if (length != null && !length.isBlank()) {
      return Long.parseLong(length.trim()) > 0;
    }
    return request.getHeader("Content-Type") != null || request.getHeader("Transfer-Encoding") != null;
  }

  @Override
  public void close() {
    dispatcher.shutdown();
    await(server.close().toCompletionStage().toCompletableFuture(), "cannot stop the embedded API");
    await(vertx.close().toCompletionStage().toCompletableFuture(), "cannot stop the embedded API");
  }

  private static void await(CompletableFuture<?> future, String message) {
    try {
      future.get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(message, e);
    } catch (Exception e) {
      throw new IllegalStateException(message, e);
    }
  }
}
