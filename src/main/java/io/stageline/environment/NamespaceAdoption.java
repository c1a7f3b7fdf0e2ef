package io.stageline.environment;

import io.stageline.api.v1alpha1.EnvironmentConditions;
import io.fabric8.kubernetes.api.model.Namespace;
import io.stageline.api.Labels;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.runtime.OperatorContext;

/**
 * Prepares an existing namespace for the workflow: an adoptable namespace gets Stageline's labels (so the
 * namespace informer sees it and it maps back to this Environment); a namespace retained from an earlier
 * Environment of the same name loses its retained mark when that Environment returns.
 */
final class NamespaceAdoption {
  private final OperatorContext operator;

  NamespaceAdoption(OperatorContext operator) {
    this.operator = operator;
  }

  /** True when it changed the namespace; the change's watch event brings the next reconcile. */
  boolean prepare(Environment env, Namespace existing, NamespaceClaim.Verdict verdict) {
    if (existing == null) {
      return false;
    }
    if (verdict == NamespaceClaim.Verdict.ADOPT) {
      operator.client().namespaces().withName(existing.getMetadata().getName()).edit(ns -> {
        ns.getMetadata().getLabels().putAll(Labels.managed(env));
        ns.getMetadata().getLabels().remove(Labels.RETAINED);
        return ns;
      });
      operator.auditor().success(env, "Adopt", EnvironmentConditions.Reason.ADOPTED, "adopted existing namespace "
          + existing.getMetadata().getName() + " (annotated " + Labels.ADOPT_ANNOTATION + "=true)");
      return true;
    }
    if (existing.getMetadata().getLabels() != null
        && existing.getMetadata().getLabels().containsKey(Labels.RETAINED)) {
      operator.client().namespaces().withName(existing.getMetadata().getName()).edit(ns -> {
        ns.getMetadata().getLabels().remove(Labels.RETAINED);
        return ns;
      });
      operator.auditor().success(env, "Adopt", EnvironmentConditions.Reason.ADOPTED, "took back retained namespace "
          + existing.getMetadata().getName());
      return true;
    }
    return false;
  }
}
