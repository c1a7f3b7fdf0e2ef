package io.stageline.embedded.controllers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stageline.embedded.store.ObjectKey;
import io.stageline.embedded.store.ObjectStore;
import io.stageline.embedded.store.StoreConflict;
import java.util.Optional;

/**
 * What kube-controller-manager's garbage collector does in background propagation: an object
 * whose every owner reference names an owner (by uid) that no longer exists is deleted, and its
 * own dependents follow in turn. Objects with an owner left, and objects without owner
 * references, are kept.
 */
final class GarbageCollector {
  private final ObjectStore store;

  GarbageCollector(ObjectStore store) {
    this.store = store;
  }

  void ownerGone(String uid) {
    store.dependentsOf(uid).forEach(this::check);
  }

  /** After a start: collect what an earlier run did not get to. */
  void sweep() {
    store.objectsWithOwners().forEach(this::check);
  }

  /** Deletes the object if every owner it names is gone. */
  void check(ObjectKey key) {
    Optional<ObjectNode> object = store.get(key);
    if (object.isEmpty() || object.get().path("metadata").has("deletionTimestamp")) {
      return;
    }
    JsonNode owners = object.get().path("metadata").path("ownerReferences");
    if (owners.isEmpty()) {
      return;
    }
    for (JsonNode owner : owners) {
      if (store.existsWithUid(owner.path("uid").asText())) {
        return;
      }
    }
    try {
      store.delete(key);
    } catch (StoreConflict gone) {
      // deleted meanwhile
    }
  }
}
