package io.stageline.embedded.store;

/** A write the store refuses: the object exists already, is gone, or changed since the writer read it. */
public final class StoreConflict extends RuntimeException {
  public enum Kind { ALREADY_EXISTS, NOT_FOUND, STALE }

  private final Kind kind;

  StoreConflict(Kind kind, ObjectKey key) {
    super(kind + " " + key);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
