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
 * a rule that does not compile (see {@link CrdSchemaValidation}).
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
    return request.object();
  }
}
