package io.stageline.embedded.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stageline.embedded.ApiException;
import io.stageline.embedded.FieldError;
import java.util.ArrayList;
import java.util.List;

/**
 * What kube-apiserver does to a custom resource on every write, in its order: prune unknown
 * fields (or reject them under {@code fieldValidation=Strict}), apply defaults, validate against
 * the structural schema, then evaluate the CEL rules (unless a schema error blocks them). Any
 * error is one 422 {@code Invalid}.
 */
public final class CustomResourceValidation {
  private static final java.util.Set<String> BLOCKING = java.util.Set.of("FieldValueNotSupported",
      "FieldValueRequired", "FieldValueTooLong", "FieldValueTooMany", "FieldValueTypeInvalid");
  private final CelRuleValidator rules;

  public CustomResourceValidation(CelEngine engine) {
    this.rules = new CelRuleValidator(engine);
  }

  /** Prepares and validates {@code object} in place against {@code schema}; {@code old} is null on create. */
  public void admit(String group, String kind, ObjectNode object, JsonNode old, JsonNode schema, boolean strict) {
    List<String> unknown = Pruner.prune(object, schema);
    if (strict && !unknown.isEmpty()) {
      String fields = String.join(", ", unknown.stream().map(f -> "unknown field \"" + f + "\"").toList());
      throw ApiException.badRequest("strict decoding error: " + fields);
    }
    Defaulter.apply(object, schema);
    String name = object.path("metadata").path("name").asText("");
    List<FieldError> errors = new ArrayList<>(metadataErrors(object));
    errors.addAll(SchemaValidator.validate(object, schema, ""));
    // as kube-apiserver: type, required, enum, maxLength and maxItems errors skip the CEL rules, and say so
    if (errors.stream().noneMatch(e -> BLOCKING.contains(e.type()))) {
      errors.addAll(rules.validate(object, old, schema));
    } else if (hasRules(schema)) {
      errors.add(FieldError.invalid("<nil>", "null", "some validation rules were not checked because the object "
          + "was invalid; correct the existing errors to complete validation"));
    }
    if (!errors.isEmpty()) {
      throw ApiException.invalid(group, kind, name, errors);
    }
  }

  private static boolean hasRules(JsonNode schema) {
    return !schema.findValues("x-kubernetes-validations").isEmpty();
  }

  private static List<FieldError> metadataErrors(ObjectNode object) {
    String name = object.path("metadata").path("name").asText("");
    if (!name.isEmpty() && (name.length() > 253 || !name.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*"))) {
      return List.of(FieldError.invalid("metadata.name", name, "a lowercase RFC 1123 subdomain must consist of lower "
          + "case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character"));
    }
    return List.of();
  }
}
