package io.stageline.access;

import io.stageline.api.Labels;
import io.stageline.api.v1alpha1.AccessPolicySpec.EnvironmentSelector;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.kube.LabelSelectors;

/**
 * Whether a policy's {@code spec.environments} selects an Environment: every criterion given
 * (paths, selector, stages, names) must match. Label selectors are evaluated here, client-side, because
 * the Environments come from the informer cache (fabric8 has no in-memory selector matcher).
 */
public final class EnvironmentSelection {
  private EnvironmentSelection() {}

  public static boolean selects(EnvironmentSelector selection, Environment environment) {
    if (selection == null || environment.getMetadata().getDeletionTimestamp() != null) {
      return false;
    }
    boolean anyCriterion = false;
    if (selection.getPaths() != null && !selection.getPaths().isEmpty()) {
      anyCriterion = true;
      var labels = environment.getMetadata().getLabels();
      String path = labels == null ? null : labels.get(Labels.PATH);
      if (path == null || !selection.getPaths().contains(path)) {
        return false;
      }
    }
    if (selection.getSelector() != null) {
      anyCriterion = true;
      if (!LabelSelectors.matches(selection.getSelector(), environment.getMetadata().getLabels())) {
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
}
