package io.stageline.embedded.store;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Receives a watch's events, in resource version order, already translated for the watch's
 * filter (an object leaving the selection is DELETED for it). Called with the store's write
 * lock held: it must only hand the event on (serialize and queue), never block.
 */
public interface WatchListener {
  /**
   * @param object shared and immutable: copy before changing
   * @return false when the receiver cannot keep up; the watch is then closed
   */
  boolean onEvent(String type, ObjectNode object);

  /** The store closed the watch (the receiver was too slow, or the store stopped). */
  default void onClosed() {}
}
