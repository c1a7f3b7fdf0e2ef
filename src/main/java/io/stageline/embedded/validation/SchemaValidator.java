package io.stageline.embedded.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.stageline.embedded.FieldError;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Checks a value against an OpenAPI v3 structural schema the way kube-apiserver does for custom
 * resources (types, required, enum, pattern, minimum/maximum, length and item limits, formats),
 * with its error texts.
 */
public final class SchemaValidator {
  private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

  private SchemaValidator() {}

  public static List<FieldError> validate(JsonNode value, JsonNode schema, String path) {
    List<FieldError> errors = new ArrayList<>();
    validate(value, schema, path, errors);
    return errors;
  }

  private static void validate(JsonNode value, JsonNode schema, String path, List<FieldError> errors) {
    if (schema == null || schema.isMissingNode() || value == null) {
      return;
    }
    if (value.isNull()) {
      if (!schema.path("nullable").asBoolean(false)) {
        errors.add(FieldError.typeInvalid(path, "null", path + " in body must be of type "
            + schema.path("type").asText("object") + ": \"null\""));
      }
      return;
    }
    String type = schema.path("type").asText("");
    if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
      if (!value.isTextual() && !value.isIntegralNumber()) {
        errors.add(FieldError.typeInvalid(path, typeName(value), path + " in body must be of type integer or "
            + "string: \"" + typeName(value) + "\""));
      } else if (value.isTextual()) {
        checkString(value.asText(), schema, path, errors); // value validations apply to the matching form
      } else {
        checkNumber(value, schema, path, errors);
      }
      return;
    }
    if (!type.isEmpty() && !hasType(value, type)) {
      errors.add(FieldError.typeInvalid(path, typeName(value), path + " in body must be of type " + type + ": \""
          + typeName(value) + "\""));
      return;
    }
    checkEnum(value, schema, path, errors);
    if (value.isTextual()) {
      checkString(value.asText(), schema, path, errors);
    } else if (value.isNumber()) {
      checkNumber(value, schema, path, errors);
    } else if (value.isArray()) {
      checkArray(value, schema, path, errors);
    } else if (value.isObject()) {
      checkObject(value, schema, path, errors);
    }
  }

  private static boolean hasType(JsonNode value, String type) {
    return switch (type) {
      case "object" -> value.isObject();
      case "array" -> value.isArray();
      case "string" -> value.isTextual();
      case "integer" -> value.isIntegralNumber() || (value.isNumber() && value.asDouble() == Math.rint(value.asDouble()));
      case "number" -> value.isNumber();
      case "boolean" -> value.isBoolean();
      default -> true;
    };
  }

  static String typeName(JsonNode value) {
    if (value.isObject()) {
      return "object";
    } else if (value.isArray()) {
      return "array";
    } else if (value.isTextual()) {
      return "string";
    } else if (value.isIntegralNumber()) {
      return "integer";
    } else if (value.isNumber()) {
      return "number";
    } else if (value.isBoolean()) {
      return "boolean";
    }
    return "null";
  }

  private static void checkEnum(JsonNode value, JsonNode schema, String path, List<FieldError> errors) {
    JsonNode allowed = schema.path("enum");
    if (!allowed.isArray() || allowed.isEmpty()) {
      return;
    }
    for (JsonNode option : allowed) {
      if (option.equals(value) || (option.isNumber() && value.isNumber() && option.asDouble() == value.asDouble())) {
        return;
      }
    }
    List<String> options = new ArrayList<>();
    allowed.forEach(o -> options.add(o.asText()));
    errors.add(FieldError.notSupported(path, value, options));
  }

  private static void checkString(String text, JsonNode schema, String path, List<FieldError> errors) {
    if (schema.has("pattern")) {
      String pattern = schema.get("pattern").asText();
      if (!PATTERNS.computeIfAbsent(pattern, Pattern::compile).matcher(text).find()) {
        errors.add(FieldError.invalid(path, text, path + " in body should match '" + pattern + "'"));
      }
    }
    int length = text.codePointCount(0, text.length());
    if (schema.has("minLength") && length < schema.get("minLength").asInt()) {
      errors.add(FieldError.invalid(path, text, path + " in body should be at least "
          + schema.get("minLength").asInt() + " chars long"));
    }
    if (schema.has("maxLength") && length > schema.get("maxLength").asInt()) {
      errors.add(new FieldError("FieldValueTooLong", path, "may not be more than "
          + schema.get("maxLength").asInt() + " bytes", "Too long: may not be more than "
          + schema.get("maxLength").asInt() + " bytes"));
    }
    String format = schema.path("format").asText("");
    if (!format.isEmpty() && !validFormat(format, text)) {
      errors.add(FieldError.invalid(path, text, path + " in body must be of type " + format + ": \"" + text + "\""));
    }
  }

  private static boolean validFormat(String format, String text) {
    switch (format) {
      case "date-time":
        try {
          OffsetDateTime.parse(text);
          return true;
        } catch (DateTimeParseException e) {
          return false;
        }
      case "date":
        return text.matches("\\d{4}-\\d{2}-\\d{2}");
      case "email":
        return text.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
      case "uri":
        return text.matches("[a-zA-Z][a-zA-Z0-9+.-]*:.*");
      case "uuid":
        return text.matches("(?i)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
      default:
        return true;
    }
  }

  private static void checkNumber(JsonNode value, JsonNode schema, String path, List<FieldError> errors) {
    double number = value.asDouble();
    Object shown = value.isIntegralNumber() ? (Object) value.asLong() : number;
    if (schema.has("minimum")) {
      double minimum = schema.get("minimum").asDouble();
      boolean exclusive = schema.path("exclusiveMinimum").asBoolean(false);
      if (exclusive ? number <= minimum : number < minimum) {
        errors.add(FieldError.invalid(path, shown, path + " in body should be greater than "
            + (exclusive ? "" : "or equal to ") + render(minimum)));
      }
    }
    if (schema.has("maximum")) {
      double maximum = schema.get("maximum").asDouble();
      boolean exclusive = schema.path("exclusiveMaximum").asBoolean(false);
      if (exclusive ? number >= maximum : number > maximum) {
        errors.add(FieldError.invalid(path, shown, path + " in body should be less than "
            + (exclusive ? "" : "or equal to ") + render(maximum)));
      }
    }
  }

  private static String render(double value) {
    return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
  }

  private static void checkArray(JsonNode value, JsonNode schema, String path, List<FieldError> errors) {
    if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
      errors.add(FieldError.invalid(path, value.size(), path + " in body should have at least "
          + schema.get("minItems").asInt() + " items"));
    }
    if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
      errors.add(new FieldError("FieldValueTooMany", path, "must have at most " + schema.get("maxItems").asInt()
          + " items", "Too many: " + value.size() + ": must have at most " + schema.get("maxItems").asInt()
          + " items"));
    }
    for (int i = 0; i < value.size(); i++) {
      validate(value.get(i), schema.path("items"), SchemaPath.index(path, i), errors);
    }
  }

  private static void checkObject(JsonNode value, JsonNode schema, String path, List<FieldError> errors) {
    // kube-apiserver answers maxProperties as it answers maxItems (field.TooMany)
    if (schema.has("maxProperties") && value.size() > schema.get("maxProperties").asInt()) {
      errors.add(new FieldError("FieldValueTooMany", path, "must have at most " + schema.get("maxProperties").asInt()
          + " items", "Too many: " + value.size() + ": must have at most " + schema.get("maxProperties").asInt()
          + " items"));
    }
    for (JsonNode required : schema.path("required")) {
      if (!value.has(required.asText()) || value.get(required.asText()).isNull()) {
        errors.add(FieldError.required(SchemaPath.child(path, required.asText())));
      }
    }
    JsonNode properties = schema.path("properties");
    JsonNode additional = schema.path("additionalProperties");
    value.fields().forEachRemaining(e -> {
      if (properties.has(e.getKey())) {
        validate(e.getValue(), properties.get(e.getKey()), SchemaPath.child(path, e.getKey()), errors);
      } else if (additional.isObject()) {
        validate(e.getValue(), additional, SchemaPath.child(path, e.getKey()), errors);
      }
    });
  }
}
