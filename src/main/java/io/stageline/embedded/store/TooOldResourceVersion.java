package io.stageline.embedded.store;

/** A read or watch from a resource version older than the retained event history (HTTP 410 Expired). */
public final class TooOldResourceVersion extends RuntimeException {
  private final long requested;
  private final long oldest;

  TooOldResourceVersion(long requested, long oldest) {
    super("too old resource version: " + requested + " (" + oldest + ")");
    this.requested = requested;
    this.oldest = oldest;
  }

  public long requested() {
    return requested;
  }

  public long oldest() {
    return oldest;
  }
}
