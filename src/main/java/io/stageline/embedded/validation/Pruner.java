package io.stageline.embedded.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Removes fields a structural schema does not declare, as kube-apiserver prunes custom resources,
 * and reports them (so that {@code fieldValidation=Strict} can reject instead). Fields under
 * {@code x-kubernetes-preserve-unknown-fields} stay.
 */
public final class Pruner {
  private static final Set<String> ROOT_FIELDS = Set.of("apiVersion", "kind", "metadata");

  private Pruner() {}

  /** Prunes {@code object} in place; returns the paths of the removed fields. */
  public static List<String> prune(JsonNode object, JsonNode schema) {
    List<String> removed = new ArrayList<>();
    prune(object, schema, "", true, removed);
    return removed;
  }

  private static void prune(JsonNode value, JsonNode schema, String path, boolean root, List<String> removed) {
    if (schema == null || schema.isMissingNode() || value == null) {
      return;
    }
    if (value instanceof ObjectNode object) {
      JsonNode properties = schema.path("properties");
      JsonNode additional = schema.path("additionalProperties");
      boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
      Iterator<String> names = object.fieldNames();
      List<String> unknown = new ArrayList<>();
      while (names.hasNext()) {
        String name = names.next();
        if (root && ROOT_FIELDS.contains(name)) {
          continue;
        }
        if (properties.has(name)) {
          prune(object.get(name), properties.get(name), SchemaPath.child(path, name), false, removed);
        } else if (additional.isObject()) {
          prune(object.get(name), additional, SchemaPath.child(path, name), false, removed);
        } else if (!preserve && !additional.asBoolean(false)) {
          unknown.add(name);
        }
      }
      for (String name : unknown) {
        object.remove(name);
        removed.add(SchemaPath.child(path, name));
      }
    } else if (value.isArray()) {
      for (int i = 0; i < value.size(); i++) {
        prune(value.get(i), schema.path("items"), SchemaPath.index(path, i), false, removed);
      }
    }
  }
}
