package io.stageline.embedded.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.stageline.embedded.FieldError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates a structural schema's {@code x-kubernetes-validations} rules at every level of an
 * object, with {@code self} and (for transition rules, on update, where an old value exists at the
 * same path) {@code oldSelf}. Old values are correlated through object properties and map keys,
 * not through list items, as kube-apiserver correlates atomic lists.
 */
public final class CelRuleValidator {
  private final CelEngine engine;

  public CelRuleValidator(CelEngine engine) {
    this.engine = engine;
  }

  /** One rule as it applies at one place in an object. */
  public record Rule(String path, String rule, String message, String messageExpression, String fieldPath,
      String reason, String typeName) {

    public boolean isTransition() {
      return rule.contains("oldSelf");
    }
  }

  public List<FieldError> validate(JsonNode value, JsonNode oldValue, JsonNode schema) {
    List<FieldError> errors = new ArrayList<>();
    walk(value, oldValue, schema, "", errors);
    return errors;
  }

  private void walk(JsonNode value, JsonNode oldValue, JsonNode schema, String path, List<FieldError> errors) {
    if (schema == null || schema.isMissingNode() || value == null || value.isNull()) {
      return;
    }
    for (JsonNode validation : schema.path("x-kubernetes-validations")) {
      Rule rule = rule(validation, path, SchemaValidator.typeName(value));
      if (rule.isTransition() && (oldValue == null || oldValue.isNull() || oldValue.isMissingNode())) {
        continue;
      }
      FieldError error = evaluate(rule, value, oldValue);
      if (error != null) {
        errors.add(error);
      }
    }
    if (value.isObject()) {
      JsonNode properties = schema.path("properties");
      JsonNode additional = schema.path("additionalProperties");
      value.fields().forEachRemaining(e -> {
        JsonNode old = oldValue == null ? null : oldValue.get(e.getKey());
        if (properties.has(e.getKey())) {
          walk(e.getValue(), old, properties.get(e.getKey()), SchemaPath.child(path, e.getKey()), errors);
        } else if (additional.isObject()) {
          walk(e.getValue(), old, additional, SchemaPath.key(path, e.getKey()), errors);
        }
      });
    } else if (value.isArray()) {
      for (int i = 0; i < value.size(); i++) {
        walk(value.get(i), null, schema.path("items"), SchemaPath.index(path, i), errors);
      }
    }
  }

  private static Rule rule(JsonNode validation, String path, String typeName) {
    return new Rule(path, validation.path("rule").asText(), validation.path("message").asText(null),
        validation.path("messageExpression").asText(null), validation.path("fieldPath").asText(null),
        validation.path("reason").asText(null), typeName);
  }

  /** Evaluates one rule; null when it holds, else the error kube-apiserver reports. */
  public FieldError evaluate(Rule rule, JsonNode value, JsonNode oldValue) {
    Map<String, Object> variables = new HashMap<>();
    variables.put("self", CelValues.of(value, true));
    if (oldValue != null && !oldValue.isMissingNode()) {
      variables.put("oldSelf", CelValues.of(oldValue, true));
    }
    String field = SchemaPath.display(rule.fieldPath() == null ? rule.path()
        : SchemaPath.child(rule.path(), rule.fieldPath().replaceFirst("^\\.", "")));
    try {
      Object result = engine.evaluate(rule.rule(), variables);
      if (Boolean.TRUE.equals(result)) {
        return null;
      }
      return FieldError.rule(field, rule.typeName(), message(rule, variables));
    } catch (IllegalArgumentException e) {
      return FieldError.invalid(field, rule.typeName(), "rule evaluation failed for '" + rule.rule() + "': "
          + e.getMessage());
    }
  }

  private String message(Rule rule, Map<String, Object> variables) {
    if (rule.messageExpression() != null) {
      try {
        Object message = engine.evaluate(rule.messageExpression(), variables);
        if (message instanceof String text && !text.isBlank()) {
          return text;
        }
      } catch (IllegalArgumentException e) {
        // kube-apiserver falls back to the static message when messageExpression fails
      }
    }
    return rule.message() != null ? rule.message() : "failed rule: " + rule.rule();
  }

  /** Compiles the rules of every custom kind ahead of the first write (compiled programs are cached). */
  public static void precompile(List<io.stageline.embedded.discovery.ResourceType> types, CelEngine engine) {
    for (var type : types) {
      if (type.custom() && type.schema() != null) {
        rulesOf(type.schema()).forEach(rule -> engine.compile(rule.rule()));
      }
    }
  }

  /** Every rule in a schema with the path it applies at (list items as {@code [*]}), for tests and docs. */
  public static List<Rule> rulesOf(JsonNode schema) {
    List<Rule> rules = new ArrayList<>();
    collect(schema, "", rules);
    return rules;
  }

  private static void collect(JsonNode schema, String path, List<Rule> rules) {
    for (JsonNode validation : schema.path("x-kubernetes-validations")) {
      rules.add(rule(validation, path, schema.path("type").asText("object")));
    }
    schema.path("properties").fields().forEachRemaining(e -> collect(e.getValue(), SchemaPath.child(path, e.getKey()),
        rules));
    if (schema.path("items").isObject()) {
      collect(schema.path("items"), path + "[*]", rules);
    }
    if (schema.path("additionalProperties").isObject()) {
      collect(schema.path("additionalProperties"), path + "[*]", rules);
    }
  }
}
