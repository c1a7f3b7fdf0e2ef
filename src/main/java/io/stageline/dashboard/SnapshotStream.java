package io.stageline.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server-sent events at {@code /api/events}: each viewer gets the snapshot on connecting and again
 * whenever a watched resource or an audit decision changes. Bursts of changes (a reconcile touches
 * several objects) are coalesced into one push; a comment line every few seconds keeps proxies from
 * closing idle streams and finds viewers that went away.
 *
 * <p>The handler returns at once and keeps the response open, so streams do not hold the HTTP
 * server's workers. Each viewer is written on a writer thread of its own while it has something to
 * write, and only the newest message waits for it (a snapshot is the whole state), so a viewer that
 * stops reading delays nobody else; one still busy with a write after {@value #SLOW_VIEWER_SECONDS}s is
 * dropped, never waited for (its browser reconnects).
 */
final class SnapshotStream implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotStream.class);
  static final int MAX_VIEWERS = 64;
  private static final long COALESCE_MILLIS = 200;
  private static final long HEARTBEAT_SECONDS = 15;
  static final long SLOW_VIEWER_SECONDS = 20;

  private final Supplier<String> snapshotJson;
  private final Set<Viewer> viewers = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean pushScheduled = new AtomicBoolean();
  private final ScheduledExecutorService pusher = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "stageline-dashboard-push");
    t.setDaemon(true);
    return t;
  });
  private final java.util.concurrent.ExecutorService writers = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "stageline-dashboard-write");
    t.setDaemon(true);
    return t;
  });
  private volatile boolean closed;

  SnapshotStream(Supplier<String> snapshotJson) {
    this.snapshotJson = snapshotJson;
    pusher.scheduleAtFixedRate(() -> sendToAll(": keep-alive\n\n"), HEARTBEAT_SECONDS, HEARTBEAT_SECONDS,
        TimeUnit.SECONDS);
  }

  /** Something the page shows changed: push a new snapshot soon. */
  void changed() {
    if (!closed && !viewers.isEmpty() && pushScheduled.compareAndSet(false, true)) {
      pusher.schedule(this::push, COALESCE_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  int viewers() {
    return viewers.size();
  }

  HttpHandler handler() {
    return exchange -> {
      if (closed || viewers.size() >= MAX_VIEWERS) {
        exchange.getResponseHeaders().set("Retry-After", "10");
        exchange.sendResponseHeaders(503, -1);
        exchange.close();
        return;
      }
      exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      exchange.getResponseHeaders().set("X-Accel-Buffering", "no");
      exchange.sendResponseHeaders(200, 0);
      Viewer viewer = new Viewer(exchange);
      viewers.add(viewer);
      pusher.execute(() -> viewer.offer("retry: 3000\n" + event(snapshotJson.get())));
    };
  }

  private void push() {
    pushScheduled.set(false);
    if (viewers.isEmpty()) {
      return;
    }
    try {
      sendToAll(event(snapshotJson.get()));
    } catch (RuntimeException e) {
      LOG.warn("cannot build the dashboard snapshot: {}", e.getMessage());
    }
  }

  private void sendToAll(String message) {
    viewers.forEach(v -> v.offer(message));
  }

  private static String event(String json) {
    return "event: snapshot\ndata: " + json + "\n\n";
  }

  @Override
  public void close() {
    closed = true;
    pusher.shutdownNow();
    writers.shutdownNow();
    viewers.forEach(Viewer::close);
    viewers.clear();
  }

  /** One open stream; a failed write means the viewer left. */
  private final class Viewer {
    private final HttpExchange exchange;
    private final OutputStream out;
    /** The newest message not yet written; older ones it replaces are never needed. */
    private final java.util.concurrent.atomic.AtomicReference<String> pending =
        new java.util.concurrent.atomic.AtomicReference<>();
    /** When the running write started (System.nanoTime), or 0 while none runs. */
    private volatile long writingSince;

    Viewer(HttpExchange exchange) {
      this.exchange = exchange;
      this.out = exchange.getResponseBody();
    }

    /** Never blocks the caller. */
    void offer(String message) {
      String replaced = pending.getAndSet(message);
      long since = writingSince;
      if (since != 0) {
        if (System.nanoTime() - since > TimeUnit.SECONDS.toNanos(SLOW_VIEWER_SECONDS)) {
          close(); // it stopped reading: dropping it unblocks its writer
        }
        return;
      }
      if (replaced == null) {
        try {
          writers.execute(this::drain);
        } catch (java.util.concurrent.RejectedExecutionException e) {
          close();
        }
      }
    }

    private void drain() {
      String message;
      while ((message = pending.getAndSet(null)) != null) {
        writingSince = System.nanoTime();
        try {
          synchronized (this) { // two drains may overlap for a moment; their writes must not interleave
            out.write(message.getBytes(StandardCharsets.UTF_8));
            out.flush();
          }
        } catch (IOException e) {
          close();
          return;
        } finally {
          writingSince = 0;
        }
      }
    }

    void close() {
      viewers.remove(this);
      try {
        exchange.close();
      } catch (RuntimeException e) {
        // already gone
      }
    }
  }
}
