package io.stageline.embedded.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stageline.embedded.ApiException;
import io.stageline.embedded.Json;
import java.util.Iterator;
import java.util.Map;

/**
 * The part of strategic merge patch (what {@code kubectl apply} sends for built-in kinds) the
 * embedded API can apply honestly without the built-in types' patch metadata: objects merge,
 * {@code null} deletes, lists of scalars replace, lists of objects merge by {@code name} (the
 * merge key of containers, env, volumes and most named lists), {@code $setElementOrder} is
 * ignored and {@code $patch: delete} on a named element removes it. Anything else (other merge
 * keys, {@code $retainKeys}, {@code $patch: replace}) answers 415 rather than guessing.
 */
public final class StrategicMergePatch {
  /**
   * Lists of objects the built-in types declare without a patch strategy, which a strategic merge patch
   * therefore replaces whole: LimitRange's {@code spec.limits} (kubectl sends it whole on a second apply
   * once the server has filled in the items' defaults).
   */
  private static final java.util.Set<String> REPLACED_LISTS = java.util.Set.of("limits");

  private StrategicMergePatch() {}

  public static JsonNode apply(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch.deepCopy();
    }
    ObjectNode result = target != null && target.isObject() ? (ObjectNode) target.deepCopy() : Json.object();
    Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String key = field.getKey();
      JsonNode value = field.getValue();
      if (key.startsWith("$setElementOrder/")) {
        continue;
      }
      if (key.startsWith("$deleteFromPrimitiveList/")) {
        String list = key.substring("$deleteFromPrimitiveList/".length());
        if (result.get(list) instanceof ArrayNode existing) {
          ArrayNode kept = Json.array();
          existing.forEach(e -> {
            boolean removed = false;
            for (JsonNode v : value) {
              removed |= v.equals(e);
            }
            if (!removed) {
              kept.add(e);
            }
          });
          result.set(list, kept);
        }
        continue;
      }
      if (key.startsWith("$")) {
        throw unsupported("the directive " + key);
      }
      if (value.isNull()) {
        result.remove(key);
      } else if (value.isArray()) {
        result.set(key, mergeList(result.get(key), (ArrayNode) value, key));
      } else {
        result.set(key, apply(result.get(key), value));
      }
    }
    return result;
  }

  private static JsonNode mergeList(JsonNode target, ArrayNode patch, String field) {
    boolean objects = false;
    for (JsonNode element : patch) {
      objects |= element.isObject();
    }
    if (!objects || REPLACED_LISTS.contains(field)) {
      return patch.deepCopy();
    }
    ArrayNode result = target instanceof ArrayNode existing ? existing.deepCopy() : Json.array();
    for (JsonNode element : patch) {
      if (!element.isObject() || !element.hasNonNull("name")) {
        throw unsupported("the list \"" + field + "\" (its elements have no name to merge by)");
      }
      String directive = element.path("$patch").asText("");
      if (!directive.isEmpty() && !directive.equals("delete")) {
        throw unsupported("$patch: " + directive);
      }
      int index = indexByName(result, element.get("name").asText());
      if (directive.equals("delete")) {
        if (index >= 0) {
          result.remove(index);
        }
      } else if (index >= 0) {
        result.set(index, apply(result.get(index), element));
      } else {
        result.add(apply(null, element));
      }
    }
    return result;
  }

  private static int indexByName(ArrayNode list, String name) {
    for (int i = 0; i < list.size(); i++) {
      if (name.equals(list.get(i).path("name").asText(null))) {
        return i;
      }
    }
    return -1;
  }

  private static ApiException unsupported(String what) {
    return ApiException.unsupportedMediaType("the embedded API applies strategic merge patches only where "
        + "they need no type metadata, and " + what + " does; use 'kubectl patch --type merge' or "
        + "'--type json', or 'kubectl replace -f'");
  }
}
