package io.stageline.embedded.authz;

import com.fasterxml.jackson.databind.JsonNode;
import io.stageline.embedded.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Whether held RBAC rules cover requested ones, as kube-apiserver's escalation check decides:
 * each requested rule is broken down into single (group, resource, verb, name) or (URL, verb)
 * permissions, and each must be allowed by one held rule. A requested wildcard is covered only by
 * a held wildcard.
 */
public final class RuleCoverage {
  /** {@code *} on everything: what an aggregationRule needs, since it can gather anything. */
  public static final JsonNode FULL_AUTHORITY = Json.MAPPER.valueToTree(Map.of(
      "apiGroups", List.of("*"), "resources", List.of("*"), "verbs", List.of("*")));

  private RuleCoverage() {}

  /** The requested permissions no held rule covers, each as kube-apiserver prints a rule. */
  public static List<String> uncovered(List<JsonNode> held, List<JsonNode> requested) {
    List<String> missing = new ArrayList<>();
    for (JsonNode rule : requested) {
      for (String verb : texts(rule.path("verbs"))) {
        if (rule.has("nonResourceURLs")) {
          for (String url : texts(rule.path("nonResourceURLs"))) {
            if (held.stream().noneMatch(h -> coversUrl(h, verb, url))) {
              missing.add("{NonResourceURLs:[\"" + url + "\"], Verbs:[\"" + verb + "\"]}");
            }
          }
          continue;
        }
        List<String> names = texts(rule.path("resourceNames"));
        for (String group : texts(rule.path("apiGroups"))) {
          for (String resource : texts(rule.path("resources"))) {
            for (String name : names.isEmpty() ? List.of("") : names) {
              if (held.stream().noneMatch(h -> covers(h, group, resource, verb, name))) {
                missing.add("{APIGroups:[\"" + group + "\"], Resources:[\"" + resource + "\"], "
                    + (name.isEmpty() ? "" : "ResourceNames:[\"" + name + "\"], ") + "Verbs:[\"" + verb + "\"]}");
              }
            }
          }
        }
      }
    }
    return missing;
  }

  private static boolean covers(JsonNode held, String group, String resource, String verb, String name) {
    if (held.has("nonResourceURLs") && !held.has("resources")) {
      return false;
    }
    if (!hasOrStar(held.path("verbs"), verb) || !hasOrStar(held.path("apiGroups"), group)) {
      return false;
    }
    boolean resourceCovered = false;
    for (String own : texts(held.path("resources"))) {
      if (own.equals("*") || own.equals(resource)
          || (own.startsWith("*/") && resource.contains("/") && resource.endsWith(own.substring(1)))) {
        resourceCovered = true;
        break;
      }
    }
    if (!resourceCovered) {
      return false;
    }
    List<String> heldNames = texts(held.path("resourceNames"));
    return heldNames.isEmpty() || (!name.isEmpty() && heldNames.contains(name));
  }

  private static boolean coversUrl(JsonNode held, String verb, String url) {
    if (!hasOrStar(held.path("verbs"), verb)) {
      return false;
    }
    for (String own : texts(held.path("nonResourceURLs"))) {
      if (own.equals("*") || own.equals(url)
          || (own.endsWith("*") && url.startsWith(own.substring(0, own.length() - 1)))) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasOrStar(JsonNode values, String wanted) {
    for (JsonNode value : values) {
      if (value.asText().equals("*") || value.asText().equals(wanted)) {
        return true;
      }
    }
    return false;
  }

  private static List<String> texts(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }
}
