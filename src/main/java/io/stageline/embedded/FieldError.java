package io.stageline.embedded;

/**
 * One field error of a 422 answer; {@code type} is the cause reason kube-apiserver uses
 * (FieldValueRequired, FieldValueInvalid, FieldValueNotSupported, FieldValueTypeInvalid,
 * FieldValueForbidden, FieldValueDuplicate, FieldValueTooLong).
 */
public record FieldError(String type, String field, String detail, String summary) {

  public static FieldError required(String field) {
    return new FieldError("FieldValueRequired", field, "Required value", "Required value");
  }

  public static FieldError required(String field, String detail) {
    return new FieldError("FieldValueRequired", field, detail, "Required value: " + detail);
  }

  public static FieldError invalid(String field, Object value, String detail) {
    return new FieldError("FieldValueInvalid", field, detail, "Invalid value: " + render(value) + ": " + detail);
  }

  public static FieldError typeInvalid(String field, Object value, String detail) {
    return new FieldError("FieldValueTypeInvalid", field, detail, "Invalid value: " + render(value) + ": " + detail);
  }

  public static FieldError notSupported(String field, Object value, java.util.List<String> allowed) {
    String quoted = String.join(", ", allowed.stream().map(v -> "\"" + v + "\"").toList());
    String detail = "supported values: " + quoted;
    return new FieldError("FieldValueNotSupported", field, detail,
        "Unsupported value: " + render(value) + ": " + detail);
  }

  public static FieldError unknownField(String field) {
    return new FieldError("FieldValueInvalid", field, "field not declared in schema",
        "field not declared in schema");
  }

  /** A failed CEL rule: kube-apiserver names the value's type, not the value. */
  public static FieldError rule(String field, String typeName, String message) {
    return new FieldError("FieldValueInvalid", field, message, "Invalid value: \"" + typeName + "\": " + message);
  }

  public static FieldError forbidden(String field, String detail) {
    return new FieldError("FieldValueForbidden", field, detail, "Forbidden: " + detail);
  }

  private static String render(Object value) {
    if (value instanceof com.fasterxml.jackson.databind.JsonNode node) {
      if (node.isTextual()) {
        return "\"" + node.asText() + "\"";
      }
      return node.isContainerNode() ? (node.isArray() ? "\"array\"" : "\"object\"") : node.toString();
    }
    return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
  }

  @Override
  public String toString() {
    return field + ": " + summary;
  }
}
