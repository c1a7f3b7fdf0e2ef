package io.stageline.kube;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.Map;

/**
 * Matches labels against a LabelSelector in memory. Reconciles read from informer caches, so a selector
 * is matched against cached objects rather than sent with a LIST; hand-written because neither fabric8 nor
 * JOSDK exposes a matcher.
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
