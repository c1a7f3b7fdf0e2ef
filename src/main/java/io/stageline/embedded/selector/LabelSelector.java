package io.stageline.embedded.selector;

import com.fasterxml.jackson.databind.JsonNode;
import io.stageline.embedded.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Kubernetes label selectors with the full grammar: {@code k=v}, {@code k==v}, {@code k!=v},
 * {@code k in (a,b)}, {@code k notin (a,b)}, {@code k}, {@code !k}, {@code k>n}, {@code k<n};
 * and the structured form ({@code matchLabels}, {@code matchExpressions}).
 */
public final class LabelSelector implements Predicate<Map<String, String>> {
  private final List<Predicate<Map<String, String>>> requirements;

  private LabelSelector(List<Predicate<Map<String, String>>> requirements) {
    this.requirements = requirements;
  }

  public static LabelSelector everything() {
    return new LabelSelector(List.of());
  }

  public static LabelSelector parse(String selector) {
    List<Predicate<Map<String, String>>> requirements = new ArrayList<>();
    if (selector == null || selector.isBlank()) {
      return new LabelSelector(requirements);
    }
    for (String term : splitTerms(selector)) {
      requirements.add(requirement(term.trim(), selector));
    }
    return new LabelSelector(requirements);
  }

  private static List<String> splitTerms(String selector) {
    List<String> terms = new ArrayList<>();
    int depth = 0;
    StringBuilder current = new StringBuilder();
    for (char c : selector.toCharArray()) {
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      }
      if (c == ',' && depth == 0) {
        terms.add(current.toString());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    terms.add(current.toString());
    return terms.stream().filter(t -> !t.isBlank()).toList();
  }

  private static Predicate<Map<String, String>> requirement(String term, String selector) {
    var setMatch = java.util.regex.Pattern.compile("^(\\S+)\\s+(in|notin)\\s*\\((.*)\\)$").matcher(term);
    if (setMatch.matches()) {
      String key = setMatch.group(1);
      Set<String> values = Set.copyOf(List.of(setMatch.group(3).split("\\s*,\\s*")).stream()
          .map(String::trim).toList());
      return setMatch.group(2).equals("in")
          ? labels -> labels.containsKey(key) && values.contains(labels.get(key))
          : labels -> !labels.containsKey(key) || !values.contains(labels.get(key));
    }
    for (String op : new String[] {"!=", "==", "=", ">", "<"}) {
      int at = term.indexOf(op);
      if (at > 0) {
        String key = term.substring(0, at).trim();
        String value = term.substring(at + op.length()).trim();
        return switch (op) {
          case "!=" -> labels -> !value.equals(labels.get(key));
          case ">" -> labels -> labels.containsKey(key) && number(labels.get(key)) > number(value);
          case "<" -> labels -> labels.containsKey(key) && number(labels.get(key)) < number(value);
          default -> labels -> value.equals(labels.get(key));
        };
      }
    }
    if (term.startsWith("!")) {
      String key = term.substring(1).trim();
      return labels -> !labels.containsKey(key);
    }
    if (term.matches("[\\w./-]+")) {
      return labels -> labels.containsKey(term);
    }
    throw ApiException.badRequest("unable to parse requirement: invalid label selector \"" + selector + "\"");
  }

  private static double number(String value) {
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  /** The structured selector of RBAC aggregation rules, NetworkPolicies and admission bindings. */
  public static LabelSelector fromJson(JsonNode selector) {
    List<Predicate<Map<String, String>>> requirements = new ArrayList<>();
    if (selector == null || selector.isMissingNode() || selector.isNull()) {
      return new LabelSelector(requirements);
    }
    selector.path("matchLabels").fields().forEachRemaining(e -> {
      String key = e.getKey();
      String value = e.getValue().asText();
      requirements.add(labels -> value.equals(labels.get(key)));
    });
    for (JsonNode expression : selector.path("matchExpressions")) {
      String key = expression.path("key").asText();
      Set<String> values = new java.util.HashSet<>();
      expression.path("values").forEach(v -> values.add(v.asText()));
      String operator = expression.path("operator").asText();
      requirements.add(switch (operator) {
        case "In" -> labels -> labels.containsKey(key) && values.contains(labels.get(key));
        case "NotIn" -> labels -> !labels.containsKey(key) || !values.contains(labels.get(key));
        case "Exists" -> labels -> labels.containsKey(key);
        case "DoesNotExist" -> labels -> !labels.containsKey(key);
        default -> labels -> false;
      });
    }
    return new LabelSelector(requirements);
  }

  @Override
  public boolean test(Map<String, String> labels) {
    return requirements.stream().allMatch(r -> r.test(labels));
  }

  public boolean matches(JsonNode object) {
    return test(labelsOf(object.path("metadata").path("labels")));
  }

  public static Map<String, String> labelsOf(JsonNode labels) {
    Map<String, String> map = new TreeMap<>();
    labels.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
    return map;
  }
}
