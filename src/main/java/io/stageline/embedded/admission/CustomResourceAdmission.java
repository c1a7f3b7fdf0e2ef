package io.stageline.embedded.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stageline.embedded.validation.CelEngine;
import io.stageline.embedded.validation.CustomResourceValidation;

/** Schema pruning, defaulting, validation and CEL rules for every write of a custom resource. */
public final class CustomResourceAdmission implements AdmissionStep {
  private final CustomResourceValidation validation = new CustomResourceValidation(CelEngine.forCrdRules());

  @Override
  public ObjectNode admit(AdmissionRequest request) {
    if (request.operation() == Operation.DELETE || !request.type().custom() || request.type().schema() == null
        || request.type().schema().isMissingNode()) {
      return request.object();
    }
    validation.admit(request.type().group(), request.type().kind(), request.object(), request.oldObject(),
        request.type().schema(), request.strictFields());
    return request.object();
  }
}
