package io.stageline.embedded.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stageline.embedded.ApiException;
import io.stageline.embedded.FieldError;
import io.stageline.embedded.validation.CelEngine;
import io.stageline.embedded.validation.CrdSchemaValidation;
import java.util.List;

/**
 * Refuses a CustomResourceDefinition whose validation rules kube-apiserver would refuse: over the
 * CEL cost budget, {@code oldSelf} where values do not correlate, a multi-line rule without a message,
 * a rule that does not compile (see {@link CrdSchemaValidation}); an accepted one is established at once.
 */
public final class CustomResourceDefinitionAdmission implements AdmissionStep {
  private final CrdSchemaValidation validation = new CrdSchemaValidation(CelEngine.forCrdRules());

  @Override
  public ObjectNode admit(AdmissionRequest request) {
    if ((request.operation() != Operation.CREATE && request.operation() != Operation.UPDATE)
        || request.subresource() != null || !request.type().group().equals("apiextensions.k8s.io")
        || !request.type().kind().equals("CustomResourceDefinition")) {
      return request.object();
    }
    List<FieldError> errors = validation.validate(request.object());
    if (!errors.isEmpty()) {
      throw ApiException.invalid("apiextensions.k8s.io", "CustomResourceDefinition", request.name(), errors);
    }
    return established(request.object(), request.oldObject());
  }

  /**
   * What kube-apiserver's naming and establishing controllers write into a CRD's status moments after
   * it is accepted: the accepted names, the stored versions and the NamesAccepted and Established
   * conditions (tools wait for Established; condition gates may too). Kept as they were on an update
   * that changes nothing they depend on, so their transition times stay.
   */
  private static ObjectNode established(ObjectNode crd, ObjectNode old) {
    ObjectNode spec = crd.path("spec") instanceof ObjectNode s ? s : null;
    if (spec == null) {
      return crd;
    }
    ObjectNode status = crd.putObject("status");
    status.set("acceptedNames", spec.path("names").deepCopy());
    var stored = status.putArray("storedVersions");
    if (old != null && old.path("status").path("storedVersions").isArray()) {
      old.path("status").path("storedVersions").forEach(v -> stored.add(v.asText()));
    }
    spec.path("versions").forEach(v -> {
      if (v.path("storage").asBoolean(false) && !contains(stored, v.path("name").asText())) {
        stored.add(v.path("name").asText());
      }
    });
    var previous = old == null ? null : old.path("status").path("conditions");
    if (previous != null && previous.isArray() && previous.size() > 0
        && old.path("spec").path("names").equals(spec.path("names"))) {
      status.set("conditions", previous.deepCopy());
      return crd;
    }
    String now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    var conditions = status.putArray("conditions");
    conditions.addObject().put("type", "NamesAccepted").put("status", "True").put("lastTransitionTime", now)
        .put("reason", "NoConflicts").put("message", "no conflicts found");
    conditions.addObject().put("type", "Established").put("status", "True").put("lastTransitionTime", now)
        .put("reason", "InitialNamesAccepted").put("message", "the initial names have been accepted");
    return crd;
  }

  private static boolean contains(com.fasterxml.jackson.databind.node.ArrayNode array, String value) {
    for (var v : array) {
      if (v.asText().equals(value)) {
        return true;
      }
    }
    return false;
  }
}
