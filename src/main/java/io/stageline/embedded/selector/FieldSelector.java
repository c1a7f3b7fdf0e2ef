package io.stageline.embedded.selector;

import com.fasterxml.jackson.databind.JsonNode;
import io.stageline.embedded.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Field selectors ({@code metadata.name=x}, {@code involvedObject.uid=y}, {@code type!=Normal}):
 * any dotted field of the object, compared as text, with {@code =}, {@code ==} and {@code !=}.
 * kube-apiserver allows only a few fields per kind; this accepts all, which is lenient, not wrong.
 */
public final class FieldSelector implements Predicate<JsonNode> {
  private final List<Predicate<JsonNode>> requirements;

  private FieldSelector(List<Predicate<JsonNode>> requirements) {
    this.requirements = requirements;
  }

  public static FieldSelector parse(String selector) {
    List<Predicate<JsonNode>> requirements = new ArrayList<>();
    if (selector != null && !selector.isBlank()) {
      for (String term : selector.split(",")) {
        requirements.add(requirement(term.trim(), selector));
      }
    }
    return new FieldSelector(requirements);
  }

  private static Predicate<JsonNode> requirement(String term, String selector) {
    for (String op : new String[] {"!=", "==", "="}) {
      int at = term.indexOf(op);
      if (at > 0) {
        String[] path = term.substring(0, at).trim().split("\\.");
        String value = term.substring(at + op.length()).trim();
        boolean negate = op.equals("!=");
        return object -> value.equals(valueAt(object, path)) != negate;
      }
    }
    throw ApiException.badRequest("invalid field selector \"" + selector + "\"");
  }

  private static String valueAt(JsonNode object, String[] path) {
    JsonNode node = object;
    for (String part : path) {
      node = node.path(part);
    }
    return node.isValueNode() ? node.asText() : "";
  }

  @Override
  public boolean test(JsonNode object) {
    return requirements.stream().allMatch(r -> r.test(object));
  }
}
