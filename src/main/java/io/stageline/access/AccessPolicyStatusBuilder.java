package io.stageline.access;

import io.stageline.api.v1alpha1.AccessPolicyConditions;
import io.stageline.api.v1alpha1.StatusConditions;
import io.stageline.api.v1alpha1.AccessPolicy;
import io.stageline.api.v1alpha1.AccessPolicyStatus;
import io.stageline.api.v1alpha1.AccessPolicyStatus.Binding;
import io.stageline.api.v1alpha1.AccessPolicyStatus.EmergencyGrant.State;
import io.stageline.api.v1alpha1.AccessPolicyStatus.Phase;
import io.stageline.api.v1alpha1.AccessPolicyStatus.Refusal;
import io.stageline.conditions.Conditions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The status an AccessPolicy should have after a plan was applied. */
final class AccessPolicyStatusBuilder {

  private AccessPolicyStatusBuilder() {}

  static AccessPolicyStatus build(AccessPolicy policy, AccessPlan plan, Clock clock) {
    AccessPolicyStatus old = policy.getStatus() == null ? new AccessPolicyStatus() : policy.getStatus();
    Long generation = policy.getMetadata().getGeneration();
    AccessPolicyStatus status = new AccessPolicyStatus();
    status.setObservedGeneration(generation);
    status.setEmergencyGrants(plan.emergencyGrants());
    // a reconcile that gets here succeeded: an earlier failure's ReconcileError goes
    Conditions conditions = Conditions.from(old.getConditions(), generation, clock).remove(StatusConditions.RECONCILE_ERROR);
    if (plan.isInvalid()) {
      // nothing was touched: the bindings the last valid spec made are still there, and listed
      status.setPhase(Phase.Invalid);
      status.setBindings(old.getBindings());
      status.setBindingCount(old.getBindingCount());
      status.setExpiresAt(old.getExpiresAt());
      status.setRefused(old.getRefused());
      conditions.setFalse(StatusConditions.READY, AccessPolicyConditions.Reason.INVALID, plan.invalid());
      status.setConditions(conditions.build());
      return status;
    }
    status.setBindings(bindings(plan));
    status.setBindingCount(plan.bindings().size());
    status.setRefused(plan.refusals());
    status.setExpiresAt(plan.nextExpiry().map(Object::toString).orElse(null));
    boolean expired = plan.bindings().isEmpty()
        && policy.getSpec().getGrants().stream().allMatch(g -> g.getEmergency() != null)
        && plan.emergencyGrants().stream().anyMatch(g -> g.getState() == State.Expired);
    status.setPhase(expired ? Phase.Expired : Phase.Active);
    if (!plan.refusals().isEmpty()) {
      conditions.setFalse(StatusConditions.READY, AccessPolicyConditions.Reason.SUBJECTS_REFUSED, plan.refusals().size() + " refused: "
          + plan.refusals().stream().limit(3).map(Refusal::getMessage).collect(Collectors.joining("; ")));
    } else if (!plan.waitingFor().isEmpty()) {
      conditions.setFalse(StatusConditions.READY, AccessPolicyConditions.Reason.WAITING_FOR_NAMESPACE,
          "namespaces not provisioned yet: " + String.join(", ", plan.waitingFor()));
    } else if (plan.bindings().isEmpty() && plan.emergencyGrants().isEmpty()) {
      conditions.setFalse(StatusConditions.READY, AccessPolicyConditions.Reason.SELECTS_NOTHING,
          "the policy selects no Environment (or none of its subjects may be bound there): it grants nothing");
    } else if (expired) {
      conditions.setTrue(StatusConditions.READY, AccessPolicyConditions.Reason.EXPIRED, "every emergency grant expired; a new grant is needed");
    } else {
      long namespaces = plan.bindings().stream().map(DesiredBinding::namespace).distinct().count();
      conditions.setTrue(StatusConditions.READY, AccessPolicyConditions.Reason.BOUND, plan.bindings().size() + " RoleBindings in " + namespaces
          + " namespaces");
    }
    status.setConditions(conditions.build());
    return status;
  }

  private static List<Binding> bindings(AccessPlan plan) {
    List<Binding> bindings = new ArrayList<>();
    for (DesiredBinding d : plan.bindings()) {
      for (var subject : d.subjects()) {
        Binding b = new Binding();
        b.setNamespace(d.namespace());
        b.setRoleBinding(d.name());
        b.setSubject(subject.toString());
        b.setAccess(d.level().name());
        b.setExpiresAt(d.isEmergency() ? d.emergency().expiresAt().toString() : null);
        bindings.add(b);
      }
    }
    return bindings;
  }
}
