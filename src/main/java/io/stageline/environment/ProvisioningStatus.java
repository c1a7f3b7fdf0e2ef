package io.stageline.environment;

import io.stageline.api.v1alpha1.StatusConditions;
import io.stageline.api.v1alpha1.EnvironmentConditions;
import io.stageline.environment.step.StepContext;
import io.stageline.api.StageDefaults;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.WorkflowReconcileResult;
import io.stageline.api.v1alpha1.EnvironmentSpec;
import io.stageline.conditions.Conditions;
import io.stageline.environment.dependent.LimitRangeDependentResource;
import io.stageline.environment.dependent.NamespaceDependentResource;
import io.stageline.environment.dependent.NetworkPolicyDependentResource;
import io.stageline.environment.dependent.ResourceQuotaDependentResource;
import io.stageline.environment.dependent.WorkflowChanges;
import io.fabric8.kubernetes.api.model.Condition;
import io.stageline.api.v1alpha1.EnvironmentStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Turns the workflow's result into the per-part conditions and audits provisioning and drift correction.
 *
 * <p>Provisioning is audited once, when the Environment is first Ready, and {@code status.provisionedAt}
 * records that it was: a restart at any point of a provisioning that takes several reconciles (a part
 * failing and retried) neither loses the audit nor mistakes the parts created later for drift. The audit
 * follows the status write, so a status write that fails (a conflict) and is retried does not audit twice.
 */
final class ProvisioningStatus {
  private static final List<String> PARTS = List.of(EnvironmentConditions.Type.NAMESPACE_READY, EnvironmentConditions.Type.QUOTA_READY,
      EnvironmentConditions.Type.LIMITS_READY, EnvironmentConditions.Type.NETWORK_POLICY_READY);

  void record(WorkflowReconcileResult result, StepContext step) {
    EnvironmentSpec spec = step.environment().getSpec();
    Map<DependentResource, Exception> errors = result.getErroredDependents();
    part(step, errors, NamespaceDependentResource.class, EnvironmentConditions.Type.NAMESPACE_READY, true,
        "namespace " + step.namespace());
    part(step, errors, ResourceQuotaDependentResource.class, EnvironmentConditions.Type.QUOTA_READY,
        spec.getQuota() != null && !spec.getQuota().isEmpty(), "ResourceQuota " + ResourceQuotaDependentResource.NAME);
    part(step, errors, LimitRangeDependentResource.class, EnvironmentConditions.Type.LIMITS_READY,
        new LimitRangeDependentResource.Requested().isMet(null, step.environment(), null),
        "LimitRange " + LimitRangeDependentResource.NAME);
    part(step, errors, NetworkPolicyDependentResource.class, EnvironmentConditions.Type.NETWORK_POLICY_READY,
        new NetworkPolicyDependentResource.Requested().isMet(null, step.environment(), null),
        "NetworkPolicy " + NetworkPolicyDependentResource.NAME + " (" + StageDefaults.networkPolicy(spec) + ")");
    auditChanges(step);
  }

  private static void part(StepContext step, Map<DependentResource, Exception> errors,
      Class<? extends DependentResource> type, String condition, boolean requested, String what) {
    step.gatesReady(condition);
    errors.entrySet().stream().filter(e -> type.isInstance(e.getKey())).findFirst().ifPresentOrElse(
        e -> step.conditions().setFalse(condition, EnvironmentConditions.Reason.PROVISIONING_FAILED,
            what + ": " + e.getValue().getClass().getSimpleName() + ": " + e.getValue().getMessage()),
        () -> {
          if (requested) {
            step.conditions().setTrue(condition, EnvironmentConditions.Reason.PROVISIONED, what);
          } else {
            step.conditions().setTrue(condition, EnvironmentConditions.Reason.NOT_REQUESTED, "not requested by the spec");
          }
        });
  }

  /**
   * Records the first Ready in status; true when it is this Environment's provisioning to audit (with
   * {@link #auditProvisioned}, once the status is written). An Environment that was Ready before
   * {@code provisionedAt} existed gets the date without a second audit.
   */
  boolean recordFirstReady(StepContext step) {
    EnvironmentStatus status = step.status();
    if (status.getProvisionedAt() != null) {
      return false;
    }
    status.setProvisionedAt(step.now());
    return !wasReady(step);
  }

  void auditProvisioned(StepContext step) {
    String parts = PARTS.stream().map(step::condition).flatMap(Optional::stream)
        .filter(c -> EnvironmentConditions.Reason.PROVISIONED.equals(c.getReason())).map(Condition::getMessage)
        .collect(Collectors.joining(", "));
    step.operator().auditor().success(step.environment(), "Provision", EnvironmentConditions.Reason.PROVISIONED,
        "provisioned namespace " + step.namespace() + ": " + parts);
  }

  private static boolean previouslyProvisioned(StepContext step) {
    EnvironmentStatus before = step.environment().getStatus();
    return before != null && before.getProvisionedAt() != null || wasReady(step);
  }

  private static boolean wasReady(StepContext step) {
    return step.previousCondition(StatusConditions.READY).map(c -> Conditions.TRUE.equals(c.getStatus())).orElse(false);
  }

  /**
   * Changes after provisioning: with the spec unchanged since the last reconcile they are drift that was
   * reverted. Changes during the first provisioning are part of it, audited by {@link #auditProvisioned}.
   */
  private static void auditChanges(StepContext step) {
    WorkflowChanges changes = WorkflowChanges.of(step.context());
    if (changes.isEmpty() || !previouslyProvisioned(step)) {
      return;
    }
    var env = step.environment();
    Long observed = env.getStatus() == null ? null : env.getStatus().getObservedGeneration();
    var auditor = step.operator().auditor();
    if (observed != null && observed.equals(env.getMetadata().getGeneration())) {
      auditor.success(env, "DriftCorrected", EnvironmentConditions.Reason.DRIFT_CORRECTED, "reverted changes made outside Stageline in "
          + step.namespace() + ": " + changes);
    } else {
      auditor.success(env, "Update", EnvironmentConditions.Reason.SPEC_APPLIED, "applied spec generation " + env.getMetadata().getGeneration()
          + " to " + step.namespace() + ": " + changes);
    }
  }
}
