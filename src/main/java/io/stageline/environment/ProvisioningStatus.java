package io.stageline.environment;

import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.WorkflowReconcileResult;
import io.stageline.api.v1alpha1.EnvironmentSpec;
import io.stageline.conditions.Conditions;
import io.stageline.environment.dependent.LimitRangeDependentResource;
import io.stageline.environment.dependent.NamespaceDependentResource;
import io.stageline.environment.dependent.NetworkPolicyDependentResource;
import io.stageline.environment.dependent.ResourceQuotaDependentResource;
import io.stageline.environment.dependent.WorkflowChanges;
import java.util.Map;

/** Turns the workflow's result into the per-part conditions and audits provisioning and drift correction. */
final class ProvisioningStatus {

  void record(WorkflowReconcileResult result, StepContext step) {
    EnvironmentSpec spec = step.environment().getSpec();
    Map<DependentResource, Exception> errors = result.getErroredDependents();
    part(step, errors, NamespaceDependentResource.class, ConditionTypes.NAMESPACE_READY, true,
        "namespace " + step.namespace());
    part(step, errors, ResourceQuotaDependentResource.class, ConditionTypes.QUOTA_READY,
        spec.getQuota() != null && !spec.getQuota().isEmpty(), "ResourceQuota " + ResourceQuotaDependentResource.NAME);
    part(step, errors, LimitRangeDependentResource.class, ConditionTypes.LIMITS_READY,
        new LimitRangeDependentResource.Requested().isMet(null, step.environment(), null),
        "LimitRange " + LimitRangeDependentResource.NAME);
    part(step, errors, NetworkPolicyDependentResource.class, ConditionTypes.NETWORK_POLICY_READY,
        new NetworkPolicyDependentResource.Requested().isMet(null, step.environment(), null),
        "NetworkPolicy " + NetworkPolicyDependentResource.NAME + " (" + StageDefaults.networkPolicy(spec) + ")");
    auditChanges(step);
  }

  private static void part(StepContext step, Map<DependentResource, Exception> errors,
      Class<? extends DependentResource> type, String condition, boolean requested, String what) {
    step.gatesReady(condition);
    errors.entrySet().stream().filter(e -> type.isInstance(e.getKey())).findFirst().ifPresentOrElse(
        e -> step.conditions().setFalse(condition, Reasons.PROVISIONING_FAILED,
            what + ": " + e.getValue().getClass().getSimpleName() + ": " + e.getValue().getMessage()),
        () -> {
          if (requested) {
            step.conditions().setTrue(condition, Reasons.PROVISIONED, what);
          } else {
            step.conditions().setTrue(condition, Reasons.NOT_REQUESTED, "not requested by the spec");
          }
        });
  }

  /** A change with the spec unchanged since the last reconcile is drift that was reverted. */
  private static void auditChanges(StepContext step) {
    WorkflowChanges changes = WorkflowChanges.of(step.context());
    if (changes.isEmpty()) {
      return;
    }
    var env = step.environment();
    boolean provisioned = step.previousCondition(ConditionTypes.NAMESPACE_READY)
        .map(c -> Conditions.TRUE.equals(c.getStatus())).orElse(false);
    Long observed = env.getStatus() == null ? null : env.getStatus().getObservedGeneration();
    var auditor = step.operator().auditor();
    if (!provisioned) {
      auditor.success(env, "Provision", Reasons.PROVISIONED, "provisioned namespace " + step.namespace()
          + ": " + changes);
    } else if (observed != null && observed.equals(env.getMetadata().getGeneration())) {
      auditor.success(env, "DriftCorrected", Reasons.DRIFT_CORRECTED, "reverted changes made outside Stageline in "
          + step.namespace() + ": " + changes);
    } else {
      auditor.success(env, "Update", "SpecApplied", "applied spec generation " + env.getMetadata().getGeneration()
          + " to " + step.namespace() + ": " + changes);
    }
  }
}
