package io.stageline.access;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.stageline.api.v1alpha1.AccessPolicySpec.EnvironmentSelector;
import io.stageline.api.v1alpha1.Environment;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Whether a policy's {@code spec.environments} selects an Environment: every criterion given
 * (selector, stages, names) must match. Label selectors are evaluated here, client-side, because
 * the Environments come from the informer cache (fabric8 has no in-memory selector matcher).
 */
public final class EnvironmentSelection {
  private EnvironmentSelection() {}

  public static boolean selects(EnvironmentSelector selection, Environment environment) {
    if (selection == null || environment.getMetadata().getDeletionTimestamp() != null) {
      return false;
    }
    boolean anyCriterion = false;
    if (selection.getSelector() != null) {
      anyCriterion = true;
      if (!matches(selection.getSelector(), environment.getMetadata().getLabels())) {
        return false;
      }
    }
    if (selection.getStages() != null && !selection.getStages().isEmpty()) {
      anyCriterion = true;
      if (environment.getSpec() == null || !selection.getStages().contains(environment.getSpec().getStage())) {
        return false;
      }
    }
    if (selection.getNames() != null && !selection.getNames().isEmpty()) {
      anyCriterion = true;
      if (!selection.getNames().contains(environment.getMetadata().getName())) {
        return false;
      }
    }
    return anyCriterion;
  }

  static boolean matches(LabelSelector selector, Map<String, String> labels) {
    Map<String, String> actual = labels == null ? Map.of() : labels;
    if (selector.getMatchLabels() != null) {
      for (Map.Entry<String, String> e : selector.getMatchLabels().entrySet()) {
        if (!Objects.equals(actual.get(e.getKey()), e.getValue())) {
          return false;
        }
      }
    }
    if (selector.getMatchExpressions() != null) {
      for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
        if (!matches(r, actual)) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean matches(LabelSelectorRequirement requirement, Map<String, String> labels) {
    String value = labels.get(requirement.getKey());
    List<String> values = requirement.getValues() == null ? List.of() : requirement.getValues();
    return switch (requirement.getOperator()) {
      case "In" -> value != null && values.contains(value);
      case "NotIn" -> value == null || !values.contains(value);
      case "Exists" -> labels.containsKey(requirement.getKey());
      case "DoesNotExist" -> !labels.containsKey(requirement.getKey());
      default -> false;
    };
  }
}
