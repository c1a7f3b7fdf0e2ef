package io.stageline.embedded.store;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One change in the event log: {@code ADDED}, {@code MODIFIED} or {@code DELETED} at a resource
 * version. {@code object} is the state after the change (for a deletion the last state, carrying
 * the deletion's resource version), {@code previous} the state before (null for an addition).
 * Both are shared and must never be modified.
 */
public record StoreEvent(String type, long resourceVersion, ObjectKey key, ObjectNode object, ObjectNode previous) {
  public static final String ADDED = "ADDED";
  public static final String MODIFIED = "MODIFIED";
  public static final String DELETED = "DELETED";

  /** The state after this event, or null when the object was removed. */
  ObjectNode after() {
    return type.equals(DELETED) ? null : object;
  }
}
