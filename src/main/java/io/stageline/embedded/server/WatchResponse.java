package io.stageline.embedded.server;

import io.fabric8.mockwebserver.http.MockResponse;
import java.time.Duration;
import java.util.function.Function;

/**
 * The answer to a watch request: not a body but a stream of watch events, one JSON object per
 * event, that {@link ApiHttpServer} sends as a chunked HTTP response or as WebSocket text
 * messages, as kube-apiserver does. The stream is opened only once the transport is ready.
 */
public final class WatchResponse extends MockResponse {
  /** Where a watch writes its events. */
  public interface Sink {
    /** Sends one event; false when the client cannot keep up or is gone. */
    boolean send(String event);

    /** Ends the watch from the server's side. */
    void end();
  }

  /** An open watch as the transport controls it. */
  public interface Stream {
    void bookmark();

    void close();
  }

  private final Function<Sink, Stream> opener;
  private final Duration timeout;
  private final boolean bookmarks;

  /**
   * @param opener opens the watch and starts sending to the sink
   * @param timeout when the server ends the watch ({@code timeoutSeconds}, else a random 30-60 minutes)
   * @param bookmarks whether the client asked for bookmarks ({@code allowWatchBookmarks=true})
   */
  public WatchResponse(Function<Sink, Stream> opener, Duration timeout, boolean bookmarks) {
    this.opener = opener;
    this.timeout = timeout;
    this.bookmarks = bookmarks;
    setResponseCode(200);
    setHeader("Content-Type", "application/json");
  }

  Stream open(Sink sink) {
    return opener.apply(sink);
  }

  Duration timeout() {
    return timeout;
  }

  boolean bookmarks() {
    return bookmarks;
  }
}
