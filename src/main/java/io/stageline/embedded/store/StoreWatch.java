package io.stageline.embedded.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Predicate;

/**
 * One open watch on a resource, optionally one namespace, with a filter (selectors, name).
 * Translates the store's events as kube-apiserver's watch cache does: an object that starts
 * matching the filter is ADDED, one that stops matching is DELETED.
 */
public final class StoreWatch implements AutoCloseable {
  private final ObjectStore store;
  private final String resource;
  private final String namespace;
  private final Predicate<ObjectNode> filter;
  private final WatchListener listener;
  private volatile boolean open = true;

  StoreWatch(ObjectStore store, String resource, String namespace, Predicate<ObjectNode> filter,
      WatchListener listener) {
    this.store = store;
    this.resource = resource;
    this.namespace = namespace;
    this.filter = filter;
    this.listener = listener;
  }

  boolean covers(ObjectKey key) {
    return key.resource().equals(resource) && (namespace == null || namespace.equals(key.namespace()));
  }

  boolean matches(ObjectNode object) {
    return object != null && filter.test(object);
  }

  /** Hands one store event on; false when the listener gave up. */
  boolean deliver(StoreEvent event) {
    if (!open || !covers(event.key())) {
      return true;
    }
    boolean before = matches(event.previous());
    boolean after = matches(event.after());
    String type;
    if (event.type().equals(StoreEvent.DELETED)) {
      type = before || matches(event.object()) ? StoreEvent.DELETED : null;
    } else if (before && after) {
      type = StoreEvent.MODIFIED;
    } else if (after) {
      type = StoreEvent.ADDED;
    } else if (before) {
      type = StoreEvent.DELETED;
    } else {
      type = null;
    }
    return type == null || listener.onEvent(type, event.object());
  }

  boolean send(String type, ObjectNode object) {
    return listener.onEvent(type, object);
  }

  /**
   * Sends a BOOKMARK carrying the store's current resource version: every change up to it has
   * been delivered, so a client may resume from it.
   */
  public void bookmark(java.util.function.LongFunction<ObjectNode> bookmarkObject) {
    store.bookmark(this, bookmarkObject);
  }

  boolean isOpen() {
    return open;
  }

  void closedByStore() {
    if (open) {
      open = false;
      listener.onClosed();
    }
  }

  @Override
  public void close() {
    open = false;
    store.remove(this);
  }
}
