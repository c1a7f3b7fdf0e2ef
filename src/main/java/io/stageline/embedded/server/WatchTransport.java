package io.stageline.embedded.server;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs one watch over a transport (a chunked HTTP response or a WebSocket): opens the stream,
 * ends it after its timeout, sends bookmarks every minute when asked, and closes the store's
 * watch when either side ends.
 */
final class WatchTransport implements WatchResponse.Sink {
  static final Duration BOOKMARK_INTERVAL = Duration.ofSeconds(60);
  private final Vertx vertx;
  private final Consumer<String> write;
  private final Supplier<Boolean> full;
  private final Runnable endTransport;
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile WatchResponse.Stream stream;
  private long timer = -1;
  private long bookmarkTimer = -1;

  WatchTransport(Vertx vertx, Consumer<String> write, Supplier<Boolean> full, Runnable endTransport) {
    this.vertx = vertx;
    this.write = write;
    this.full = full;
    this.endTransport = endTransport;
  }

  void start(WatchResponse watch) {
    timer = vertx.setTimer(Math.max(1, watch.timeout().toMillis()), id -> end());
    if (watch.bookmarks()) {
      bookmarkTimer = vertx.setPeriodic(BOOKMARK_INTERVAL.toMillis(), id -> {
        WatchResponse.Stream open = stream;
        if (open != null && !ended.get()) {
          open.bookmark();
        }
      });
    }
    stream = watch.open(this);
    if (ended.get()) {
      stream.close();
    }
  }

  @Override
  public boolean send(String event) {
    if (ended.get()) {
      return false;
    }
    try {
      write.accept(event);
      return !full.get();
    } catch (IllegalStateException closed) {
      closedByClient();
      return false;
    }
  }

  @Override
  public void end() {
    if (finish()) {
      try {
        endTransport.run();
      } catch (IllegalStateException alreadyClosed) {
        // the client went first
      }
    }
  }

  /** The client closed the connection. */
  void closedByClient() {
    finish();
  }

  private boolean finish() {
    if (!ended.compareAndSet(false, true)) {
      return false;
    }
    vertx.cancelTimer(timer);
    if (bookmarkTimer >= 0) {
      vertx.cancelTimer(bookmarkTimer);
    }
    WatchResponse.Stream open = stream;
    if (open != null) {
      open.close();
    }
    return true;
  }
}
