package io.stageline.embedded.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stageline.embedded.Json;

/** New Namespaces are {@code Active}, as the namespace controller makes them on a real cluster. */
public final class NamespaceLifecycle implements AdmissionStep {
  @Override
  public ObjectNode admit(AdmissionRequest request) {
    ObjectNode object = request.object();
    if (object != null && request.type().kind().equals("Namespace") && request.type().group().isEmpty()) {
      ObjectNode status = Json.objectAt(object, "status");
      if (!status.hasNonNull("phase")) {
        status.put("phase", object.path("metadata").hasNonNull("deletionTimestamp") ? "Terminating" : "Active");
      }
      ObjectNode spec = Json.objectAt(object, "spec");
      if (!spec.has("finalizers") && request.operation() == Operation.CREATE) {
        spec.putArray("finalizers").add("kubernetes");
      }
    }
    return object;
  }
}
