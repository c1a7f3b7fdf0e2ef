package io.stageline.embedded.table;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JSONPath subset that printer columns use: {@code .a.b}, {@code ['a.b']}, {@code [n]},
 * {@code [*]} and filters {@code [?(@.type=="Ready")]} (also {@code !=}). Hand-written because
 * the general JSONPath libraries do not follow kubectl's dialect (no leading {@code $}, filter
 * results flattened) and this subset is a few dozen lines.
 */
public final class JsonPath {
  private static final Pattern FILTER = Pattern.compile("\\?\\(@\\.([\\w.\\-]+)\\s*(==|!=)\\s*['\"]?([^'\"]*)['\"]?\\)");

  private sealed interface Step permits Field, Index, Wildcard, Filter {}

  private record Field(String name) implements Step {}

  private record Index(int index) implements Step {}

  private record Wildcard() implements Step {}

  private record Filter(String field, boolean equals, String value) implements Step {}

  private final List<Step> steps;

  private JsonPath(List<Step> steps) {
    this.steps = steps;
  }

  public static JsonPath compile(String expression) {
    String path = expression.trim();
    if (path.startsWith("{") && path.endsWith("}")) {
      path = path.substring(1, path.length() - 1);
    }
    if (path.startsWith("$")) {
      path = path.substring(1);
    }
    List<Step> steps = new ArrayList<>();
    int i = 0;
    while (i < path.length()) {
      char c = path.charAt(i);
      if (c == '.') {
        int end = i + 1;
        while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
          end++;
        }
        String name = path.substring(i + 1, end);
        if (!name.isEmpty()) {
          steps.add(name.equals("*") ? new Wildcard() : new Field(name));
        }
        i = end;
      } else if (c == '[') {
        int end = closingBracket(path, i);
        String inside = path.substring(i + 1, end).trim();
        steps.add(bracket(inside, expression));
        i = end + 1;
      } else {
        int end = i;
        while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
          end++;
        }
        steps.add(new Field(path.substring(i, end)));
        i = end;
      }
    }
    return new JsonPath(steps);
  }

  private static int closingBracket(String path, int open) {
    boolean quoted = false;
    for (int i = open + 1; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '"' || c == '\'') {
        quoted = !quoted;
      } else if (c == ']' && !quoted) {
        return i;
      }
    }
    throw new IllegalArgumentException("unclosed [ in JSONPath");
  }

  private static Step bracket(String inside, String expression) {
    if (inside.equals("*")) {
      return new Wildcard();
    }
    if ((inside.startsWith("'") && inside.endsWith("'")) || (inside.startsWith("\"") && inside.endsWith("\""))) {
      return new Field(inside.substring(1, inside.length() - 1));
    }
    Matcher filter = FILTER.matcher(inside);
    if (filter.matches()) {
      return new Filter(filter.group(1), filter.group(2).equals("=="), filter.group(3));
    }
    try {
      return new Index(Integer.parseInt(inside));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("unsupported JSONPath " + expression);
    }
  }

  /** Every value the path selects, in document order. */
  public List<JsonNode> evaluate(JsonNode root) {
    List<JsonNode> current = List.of(root);
    for (Step step : steps) {
      List<JsonNode> next = new ArrayList<>();
      for (JsonNode node : current) {
        apply(step, node, next);
      }
      current = next;
    }
    return current;
  }

  private static void apply(Step step, JsonNode node, List<JsonNode> out) {
    if (step instanceof Field field) {
      JsonNode child = node.get(field.name());
      if (child != null && !child.isNull()) {
        out.add(child);
      }
    } else if (step instanceof Index index) {
      int i = index.index() < 0 ? node.size() + index.index() : index.index();
      if (node.isArray() && i >= 0 && i < node.size()) {
        out.add(node.get(i));
      }
    } else if (step instanceof Wildcard) {
      node.elements().forEachRemaining(out::add);
    } else if (step instanceof Filter filter) {
      for (JsonNode element : node) {
        JsonNode value = element;
        for (String part : filter.field().split("\\.")) {
          value = value.path(part);
        }
        boolean matches = value.isValueNode() && value.asText().equals(filter.value());
        if (matches == filter.equals()) {
          out.add(element);
        }
      }
    }
  }

  public JsonNode first(JsonNode root) {
    List<JsonNode> values = evaluate(root);
    return values.isEmpty() ? null : values.get(0);
  }

  /** The cell value: a scalar as itself, several values joined with commas, nothing as null. */
  public Object render(JsonNode root) {
    List<JsonNode> values = evaluate(root);
    if (values.isEmpty()) {
      return null;
    }
    if (values.size() == 1) {
      return scalar(values.get(0));
    }
    return String.join(",", values.stream().map(v -> String.valueOf(scalar(v))).toList());
  }

  private static Object scalar(JsonNode value) {
    if (value.isTextual()) {
      return value.asText();
    }
    if (value.isIntegralNumber()) {
      return value.asLong();
    }
    if (value.isNumber()) {
      return value.asDouble();
    }
    if (value.isBoolean()) {
      return value.asBoolean();
    }
    return value.toString();
  }
}
