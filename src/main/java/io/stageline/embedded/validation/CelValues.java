package io.stageline.embedded.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.values.NullValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Converts JSON into the values cel-java evaluates (maps, lists, Long, Double, String, Boolean,
 * null). For CRD rules, property names are escaped as Kubernetes does: a CEL reserved word such as
 * {@code namespace} becomes {@code __namespace__}, and {@code _ . - /} inside names become
 * {@code __underscores__}, {@code __dot__}, {@code __dash__}, {@code __slash__}.
 */
public final class CelValues {
  private static final Set<String> RESERVED = Set.of("true", "false", "null", "in", "as", "break", "const",
      "continue", "else", "for", "function", "if", "import", "let", "loop", "package", "namespace", "return",
      "var", "void", "while");

  private CelValues() {}

  public static Object of(JsonNode node, boolean escapeNames) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return NullValue.NULL_VALUE;
    }
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      node.fields().forEachRemaining(e -> map.put(escapeNames ? escape(e.getKey()) : e.getKey(),
          of(e.getValue(), escapeNames)));
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      node.forEach(element -> list.add(of(element, escapeNames)));
      return list;
    }
    if (node.isIntegralNumber()) {
      return node.asLong();
    }
    if (node.isNumber()) {
      return node.asDouble();
    }
    if (node.isBoolean()) {
      return node.asBoolean();
    }
    return node.asText();
  }

  public static String escape(String name) {
    if (RESERVED.contains(name)) {
      return "__" + name + "__";
    }
    return name.replace("__", "__underscores__").replace(".", "__dot__").replace("-", "__dash__")
        .replace("/", "__slash__");
  }
}
