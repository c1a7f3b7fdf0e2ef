package io.stageline.access;

import io.stageline.api.v1alpha1.AccessPolicyStatus.EmergencyGrant;
import io.stageline.api.v1alpha1.AccessPolicyStatus.Refusal;
import io.stageline.api.v1alpha1.Stage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one AccessPolicy implies right now: the RoleBindings to keep, the subjects refused and why,
 * the emergency grants' lifecycle, and the next instant something expires.
 *
 * @param invalid why the policy cannot be applied at all (then nothing is touched), else null
 * @param expiredBindings keys (namespace/name) of emergency bindings that end now because they expired
 * @param newlyExpired emergency grants that expired in this plan (audited once, never reactivated)
 * @param newlyGranted emergency grants bound for the first time in this plan
 * @param waitingFor namespaces of selected Environments that do not exist yet
 */
public record AccessPlan(
    String invalid,
    List<DesiredBinding> bindings,
    List<Refusal> refusals,
    List<EmergencyGrant> emergencyGrants,
    List<EmergencyGrant> newlyGranted,
    List<EmergencyGrant> newlyExpired,
    Set<String> expiredBindings,
    Optional<Instant> nextExpiry,
    Map<Stage, Integer> activeEmergenciesByStage,
    List<String> waitingFor) {

  public static AccessPlan invalid(String why, List<EmergencyGrant> emergencyGrants) {
    return new AccessPlan(why, List.of(), List.of(), emergencyGrants, List.of(), List.of(), Set.of(),
        Optional.empty(), Map.of(), List.of());
  }

  public boolean isInvalid() {
    return invalid != null;
  }
}
