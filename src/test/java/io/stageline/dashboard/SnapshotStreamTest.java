package io.stageline.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A dashboard viewer that stops reading (a stalled browser, or someone holding connections open on
 * purpose) never delays the others, and is dropped once a write to it has hung for
 * {@value SnapshotStream#SLOW_VIEWER_SECONDS} seconds.
 */
class SnapshotStreamTest {
  private final AtomicInteger version = new AtomicInteger();

  @Test
  void aViewerThatNeverReadsDelaysNoOtherViewerAndIsDroppedOnceItsWriteHangs() {
    try (SnapshotStream stream = new SnapshotStream(() -> "{\"version\":" + version.incrementAndGet() + "}")) {
      FakeExchange stalled = new FakeExchange(true);
      FakeExchange reading = new FakeExchange(false);
      stream.handler().handle(stalled);
      stream.handler().handle(reading);
      await().until(() -> reading.received().contains("event: snapshot"));
      assertThat(stream.viewers()).isEqualTo(2);

      for (int change = 0; change < 5; change++) {
        int seen = reading.snapshots();
        stream.changed();
        await().until(() -> reading.snapshots() > seen);
      }
      assertThat(stalled.writesStarted()).isEqualTo(1); // stuck in its first write all along

      // the next offers after the limit drop it; its hung write ends with the connection
      await().atMost(Duration.ofSeconds(SnapshotStream.SLOW_VIEWER_SECONDS * 3)).pollInterval(Duration.ofSeconds(1))
          .until(() -> {
            stream.changed();
            return stream.viewers() == 1;
          });
      assertThat(stalled.closed()).isTrue();
      int seen = reading.snapshots();
      stream.changed();
      await().until(() -> reading.snapshots() > seen);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** An exchange whose response body either collects what is written or, like a viewer that stopped reading, hangs. */
  private static final class FakeExchange extends HttpExchange {
    private final boolean hangs;
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private final CountDownLatch closedLatch = new CountDownLatch(1);
    private final AtomicInteger writes = new AtomicInteger();
    private final Headers responseHeaders = new Headers();

    FakeExchange(boolean hangs) {
      this.hangs = hangs;
    }

    synchronized String received() {
      return written.toString(StandardCharsets.UTF_8);
    }

    int snapshots() {
      return received().split("event: snapshot", -1).length - 1;
    }

    int writesStarted() {
      return writes.get();
    }

    boolean closed() {
      return closedLatch.getCount() == 0;
    }

    private final OutputStream body = new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        writes.incrementAndGet();
        if (hangs) {
          try {
            closedLatch.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          throw new IOException("connection closed");
        }
        synchronized (FakeExchange.this) {
          written.write(b, off, len);
        }
      }
    };

    @Override
    public OutputStream getResponseBody() {
      return body;
    }

    @Override
    public Headers getResponseHeaders() {
      return responseHeaders;
    }

    @Override
    public void sendResponseHeaders(int code, long length) {
    }

    @Override
    public void close() {
      closedLatch.countDown();
    }

    @Override
    public Headers getRequestHeaders() {
      return new Headers();
    }

    @Override
    public URI getRequestURI() {
      return URI.create("/api/events");
    }

    @Override
    public String getRequestMethod() {
      return "GET";
    }

    @Override
    public HttpContext getHttpContext() {
      return null;
    }

    @Override
    public InputStream getRequestBody() {
      return InputStream.nullInputStream();
    }

    @Override
    public InetSocketAddress getRemoteAddress() {
      return new InetSocketAddress("127.0.0.1", 40000);
    }

    @Override
    public int getResponseCode() {
      return 200;
    }

    @Override
    public InetSocketAddress getLocalAddress() {
      return new InetSocketAddress("127.0.0.1", 8080);
    }

    @Override
    public String getProtocol() {
      return "HTTP/1.1";
    }

    @Override
    public Object getAttribute(String name) {
      return null;
    }

    @Override
    public void setAttribute(String name, Object value) {
    }

    @Override
    public void setStreams(InputStream in, OutputStream out) {
    }

    @Override
    public HttpPrincipal getPrincipal() {
      return null;
    }
  }
}
