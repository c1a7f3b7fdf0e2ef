package io.stageline.embedded.controllers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stageline.embedded.store.ObjectKey;
import io.stageline.embedded.store.ObjectStore;
import io.stageline.embedded.store.StoreConflict;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What kube-controller-manager's garbage collector does with owner references. An owner
 * reference is dangling when no object has its uid, waiting when its owner is being deleted in
 * the foreground (the {@code foregroundDeletion} finalizer), solid otherwise. An object with a
 * solid owner is kept, its dangling and waiting references removed; one without is deleted (in the
 * foreground when a waiting owner wants it gone and it has dependents of its own). An owner
 * deleted in the foreground keeps its finalizer until no dependent with
 * {@code blockOwnerDeletion: true} is left; one deleted with the {@code orphan} finalizer first has
 * its reference removed from every dependent.
 */
final class GarbageCollector {
  static final String FOREGROUND = "foregroundDeletion";
  static final String ORPHAN = "orphan";
  private final ObjectStore store;

  GarbageCollector(ObjectStore store) {
    this.store = store;
  }

  void ownerGone(String uid) {
    store.dependentsOf(uid).forEach(this::check);
  }

  /** After a start: collect and finalize what an earlier run did not get to. */
  void sweep() {
    for (String resource : store.resources()) {
      for (ObjectNode object : store.list(resource, null).items()) {
        if (object.path("metadata").has("deletionTimestamp")) {
          deleting(keyOf(resource, object));
        }
      }
    }
    store.objectsWithOwners().forEach(this::check);
  }

  /**
   * An object being deleted: finishes the garbage collector's part for its {@code orphan} or
   * {@code foregroundDeletion} finalizer.
   */
  void deleting(ObjectKey key) {
    Optional<ObjectNode> found = store.get(key);
    if (found.isEmpty() || !found.get().path("metadata").has("deletionTimestamp")) {
      return;
    }
    ObjectNode owner = found.get();
    String uid = owner.path("metadata").path("uid").asText();
    if (ObjectStore.hasFinalizer(owner, ORPHAN)) {
      for (ObjectKey dependent : store.dependentsOf(uid)) {
        removeOwnerReferences(dependent, Set.of(uid));
      }
      removeFinalizer(key, ORPHAN);
    } else if (ObjectStore.hasFinalizer(owner, FOREGROUND)) {
      store.dependentsOf(uid).forEach(this::check);
      foregroundDone(key);
    }
  }

  /** Removes the owner's {@code foregroundDeletion} finalizer once no dependent blocks it. */
  void foregroundDone(ObjectKey key) {
    if (key == null) {
      return;
    }
    Optional<ObjectNode> owner = store.get(key);
    if (owner.isEmpty() || !ObjectStore.hasFinalizer(owner.get(), FOREGROUND)) {
      return;
    }
    String uid = owner.get().path("metadata").path("uid").asText();
    for (ObjectKey dependentKey : store.dependentsOf(uid)) {
      Optional<ObjectNode> dependent = store.get(dependentKey);
      if (dependent.isPresent() && blocks(dependent.get(), uid)) {
        return;
      }
    }
    removeFinalizer(key, FOREGROUND);
  }

  /** Deletes the object if no solid owner is left; else removes its dangling and waiting references. */
  void check(ObjectKey key) {
    Optional<ObjectNode> object = store.get(key);
    if (object.isEmpty() || object.get().path("metadata").has("deletionTimestamp")) {
      return;
    }
    JsonNode owners = object.get().path("metadata").path("ownerReferences");
    if (owners.isEmpty()) {
      return;
    }
    boolean solid = false;
    boolean waiting = false;
    Set<String> stale = new java.util.HashSet<>();
    for (JsonNode reference : owners) {
      String uid = reference.path("uid").asText();
      Optional<ObjectNode> owner = store.keyOf(uid).flatMap(store::get);
      if (owner.isEmpty()) {
        stale.add(uid);
      } else if (owner.get().path("metadata").has("deletionTimestamp")
          && ObjectStore.hasFinalizer(owner.get(), FOREGROUND)) {
        stale.add(uid);
        waiting = true;
      } else {
        solid = true;
      }
    }
    if (solid) {
      if (!stale.isEmpty()) {
        removeOwnerReferences(key, stale);
      }
      return;
    }
    String uid = object.get().path("metadata").path("uid").asText();
    boolean hasDependents = !store.dependentsOf(uid).isEmpty();
    try {
      store.delete(key, waiting && hasDependents ? FOREGROUND : null);
    } catch (StoreConflict gone) {
      // deleted meanwhile
    }
  }

  private static boolean blocks(JsonNode dependent, String ownerUid) {
    for (JsonNode reference : dependent.path("metadata").path("ownerReferences")) {
      if (reference.path("uid").asText().equals(ownerUid) && reference.path("blockOwnerDeletion").asBoolean(false)) {
        return true;
      }
    }
    return false;
  }

  private void removeOwnerReferences(ObjectKey key, Set<String> uids) {
    Optional<ObjectNode> object = store.get(key);
    if (object.isEmpty()) {
      return;
    }
    ObjectNode next = object.get();
    ObjectNode metadata = (ObjectNode) next.get("metadata");
    ArrayNode kept = metadata.arrayNode();
    for (JsonNode reference : metadata.path("ownerReferences")) {
      if (!uids.contains(reference.path("uid").asText())) {
        kept.add(reference);
      }
    }
    if (kept.size() == metadata.path("ownerReferences").size()) {
      return;
    }
    if (kept.isEmpty()) {
      metadata.remove("ownerReferences");
    } else {
      metadata.set("ownerReferences", kept);
    }
    update(key, next);
  }

  private void removeFinalizer(ObjectKey key, String finalizer) {
    Optional<ObjectNode> object = store.get(key);
    if (object.isEmpty() || !ObjectStore.hasFinalizer(object.get(), finalizer)) {
      return;
    }
    ObjectNode next = object.get();
    ObjectNode metadata = (ObjectNode) next.get("metadata");
    ArrayNode kept = metadata.arrayNode();
    metadata.path("finalizers").forEach(f -> {
      if (!f.asText().equals(finalizer)) {
        kept.add(f);
      }
    });
    metadata.set("finalizers", kept);
    update(key, next);
  }

  /** A write at the version read; a conflict means a newer change, whose event brings the work back. */
  private void update(ObjectKey key, ObjectNode next) {
    try {
      store.update(key, next);
    } catch (StoreConflict changed) {
      // changed or gone meanwhile
    }
  }

  /** A dependent changed or went: the owners it names that are deleted in the foreground may be done. */
  void dependentChanged(JsonNode... states) {
    Set<String> owners = new java.util.HashSet<>();
    for (JsonNode state : states) {
      if (state != null) {
        state.path("metadata").path("ownerReferences").forEach(r -> owners.add(r.path("uid").asText()));
      }
    }
    for (String uid : owners) {
      store.keyOf(uid).ifPresent(this::foregroundDone);
    }
  }

  private static ObjectKey keyOf(String resource, JsonNode object) {
    return new ObjectKey(resource, object.path("metadata").path("namespace").asText(""),
        object.path("metadata").path("name").asText());
  }
}
