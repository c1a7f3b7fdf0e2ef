package io.stageline.embedded.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stageline.embedded.ApiException;
import io.stageline.embedded.Json;
import io.stageline.embedded.Store;

/**
 * kube-apiserver's NamespaceLifecycle plug-in plus the namespace controller's start: new
 * Namespaces are {@code Active} with the {@code kubernetes} finalizer and the label
 * {@code kubernetes.io/metadata.name}, and nothing new may be created in a namespace that does not
 * exist (404, {@code namespaces "x" not found}) or is being deleted ({@code Terminating}).
 *
 * <p>The refusal of a namespace that does not exist can be switched off
 * ({@link #requireExistingNamespaces(boolean)}): embedded mode and the tests that assert it have
 * it on; the other tests' API starts with it off, because many of their fixtures still create
 * objects before (or without) their namespace.
 */
public final class NamespaceLifecycle implements AdmissionStep {
  private final Store store;
  private volatile boolean requireExisting;

  public NamespaceLifecycle(Store store) {
    this.store = store;
  }

  /** Whether a create in a namespace that does not exist is refused, as on a real server. */
  public void requireExistingNamespaces(boolean require) {
    this.requireExisting = require;
  }

  @Override
  public ObjectNode admit(AdmissionRequest request) {
    ObjectNode object = request.object();
    if (object != null && request.type().kind().equals("Namespace") && request.type().group().isEmpty()) {
      ObjectNode status = Json.objectAt(object, "status");
      if (!status.hasNonNull("phase")) {
        status.put("phase", object.path("metadata").hasNonNull("deletionTimestamp") ? "Terminating" : "Active");
      }
      // kube-apiserver labels every namespace with its name (and puts it back if removed or changed)
      String name = object.path("metadata").path("name").asText(request.name() == null ? "" : request.name());
      if (!name.isEmpty()) {
        Json.objectAt(Json.objectAt(object, "metadata"), "labels").put("kubernetes.io/metadata.name", name);
      }
      ObjectNode spec = Json.objectAt(object, "spec");
      if (!spec.has("finalizers") && request.operation() == Operation.CREATE) {
        spec.putArray("finalizers").add("kubernetes");
      }
    }
    if (request.operation() == Operation.CREATE && request.type().namespaced() && request.namespace() != null) {
      var namespace = store.get("/api/v1/namespaces/" + request.namespace());
      if (namespace.isEmpty()) {
        if (requireExisting) {
          throw ApiException.notFound("", "namespaces", request.namespace());
        }
      } else if (namespace.get().path("metadata").has("deletionTimestamp")) {
        throw terminating(request);
      }
    }
    return object;
  }

  private static ApiException terminating(AdmissionRequest request) {
    String namespace = request.namespace();
    ObjectNode details = Json.object().put("name", request.name() == null ? "" : request.name())
        .put("group", request.type().group()).put("kind", request.type().plural());
    details.putArray("causes").addObject().put("reason", "NamespaceTerminating")
        .put("message", "namespace " + namespace + " is being terminated").put("field", "metadata.namespace");
    return new ApiException(403, "Forbidden", request.type().qualifiedPlural() + " \"" + (request.name() == null ? ""
        : request.name()) + "\" is forbidden: unable to create new content in namespace " + namespace
        + " because it is being terminated", details);
  }
}
