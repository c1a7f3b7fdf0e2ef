package io.stageline.embedded.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** Where the store keeps its objects across restarts; {@link #NONE} keeps nothing (tests). */
public interface Persistence extends AutoCloseable {
  /** The persisted state: the last resource version handed out and every object. */
  record State(long resourceVersion, Map<ObjectKey, ObjectNode> objects) {}

  State load();

  /**
   * Durably records one change before the store acknowledges it: the object's new state, or its
   * removal when {@code object} is null, and the store's resource version.
   */
  void write(long resourceVersion, ObjectKey key, ObjectNode object);

  @Override
  void close();

  Persistence NONE = new Persistence() {
    @Override
    public State load() {
      return new State(0, Map.of());
    }

    @Override
    public void write(long resourceVersion, ObjectKey key, ObjectNode object) {
      // kept in memory only
    }

    @Override
    public void close() {
      // nothing to release
    }
  };
}
