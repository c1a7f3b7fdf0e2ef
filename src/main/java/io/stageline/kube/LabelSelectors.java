package io.stageline.kube;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.Map;

/**
 * Matches labels against a LabelSelector in memory. Hand-written because neither fabric8 nor JOSDK exposes
 * a matcher, and filtering on the server would need {@code in}/{@code notin}, which the mock API lacks.
 */
public final class LabelSelectors {
  private LabelSelectors() {}

  /** Whether the labels match; a null selector matches everything, an unknown operator nothing. */
  public static boolean matches(LabelSelector selector, Map<String, String> labels) {
    if (selector == null) {
      return true;
    }
    Map<String, String> have = labels == null ? Map.of() : labels;
    if (selector.getMatchLabels() != null
        && !selector.getMatchLabels().entrySet().stream().allMatch(e -> e.getValue().equals(have.get(e.getKey())))) {
      return false;
    }
    if (selector.getMatchExpressions() != null) {
      for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
        String value = have.get(r.getKey());
        boolean ok = switch (r.getOperator()) {
          case "In" -> value != null && r.getValues() != null && r.getValues().contains(value);
          case "NotIn" -> value == null || r.getValues() == null || !r.getValues().contains(value);
          case "Exists" -> have.containsKey(r.getKey());
          case "DoesNotExist" -> !have.containsKey(r.getKey());
          default -> false;
        };
        if (!ok) {
          return false;
        }
      }
    }
    return true;
  }
}
