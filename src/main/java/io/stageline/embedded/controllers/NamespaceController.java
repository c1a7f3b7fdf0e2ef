package io.stageline.embedded.controllers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stageline.embedded.store.ObjectKey;
import io.stageline.embedded.store.ObjectStore;
import io.stageline.embedded.store.StoreConflict;
import java.util.Optional;

/**
 * What kube-controller-manager's namespace controller does: a namespace marked for deletion
 * ({@code Terminating}) has its contents deleted; once nothing is left in it (objects with
 * finalizers stay until those are removed), its {@code kubernetes} finalizer goes and with it the
 * namespace.
 */
final class NamespaceController {
  private static final String NAMESPACES = "/namespaces";
  private final ObjectStore store;

  NamespaceController(ObjectStore store) {
    this.store = store;
  }

  void resumeAll() {
    for (ObjectNode namespace : store.list(NAMESPACES, null).items()) {
      if (namespace.path("metadata").has("deletionTimestamp")) {
        finalizeNamespace(namespace.path("metadata").path("name").asText());
      }
    }
  }

  /** An object in {@code namespace} went: if the namespace is terminating, it may be empty now. */
  void contentGone(String namespace) {
    if (terminating(namespace).isPresent() && isEmpty(namespace)) {
      removeFinalizer(namespace);
    }
  }

  void finalizeNamespace(String namespace) {
    if (terminating(namespace).isEmpty()) {
      return;
    }
    for (String resource : store.resources()) {
      for (ObjectNode object : store.list(resource, namespace).items()) {
        if (!object.path("metadata").has("deletionTimestamp")) {
          try {
            store.delete(new ObjectKey(resource, namespace, object.path("metadata").path("name").asText()));
          } catch (StoreConflict gone) {
            // deleted meanwhile
          }
        }
      }
    }
    if (isEmpty(namespace)) {
      removeFinalizer(namespace);
    }
  }

  private Optional<ObjectNode> terminating(String namespace) {
    return store.get(new ObjectKey(NAMESPACES, "", namespace))
        .filter(ns -> ns.path("metadata").has("deletionTimestamp"));
  }

  private boolean isEmpty(String namespace) {
    return store.resources().stream().allMatch(resource -> store.list(resource, namespace).items().isEmpty());
  }

  private void removeFinalizer(String namespace) {
    Optional<ObjectNode> current = terminating(namespace);
    if (current.isEmpty() || current.get().path("spec").path("finalizers").isEmpty()) {
      return;
    }
    ObjectNode next = current.get();
    ((ObjectNode) next.get("spec")).putArray("finalizers");
    try {
      store.update(new ObjectKey(NAMESPACES, "", namespace), next);
    } catch (StoreConflict changed) {
      // changed meanwhile; the change that did it brings us back
    }
  }
}
