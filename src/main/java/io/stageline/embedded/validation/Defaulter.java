package io.stageline.embedded.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/** Applies the schema's {@code default} values to absent fields of present objects, as kube-apiserver does. */
public final class Defaulter {
  private Defaulter() {}

  public static void apply(JsonNode value, JsonNode schema) {
    if (schema == null || schema.isMissingNode() || value == null) {
      return;
    }
    if (value instanceof ObjectNode object) {
      Iterator<Map.Entry<String, JsonNode>> properties = schema.path("properties").fields();
      while (properties.hasNext()) {
        Map.Entry<String, JsonNode> property = properties.next();
        JsonNode defaultValue = property.getValue().get("default");
        if (!object.has(property.getKey()) && defaultValue != null) {
          object.set(property.getKey(), defaultValue.deepCopy());
        }
        if (object.has(property.getKey())) {
          apply(object.get(property.getKey()), property.getValue());
        }
      }
      JsonNode additional = schema.path("additionalProperties");
      if (additional.isObject()) {
        object.fields().forEachRemaining(e -> {
          if (!schema.path("properties").has(e.getKey())) {
            apply(e.getValue(), additional);
          }
        });
      }
    } else if (value.isArray()) {
      value.forEach(element -> apply(element, schema.path("items")));
    }
  }
}
