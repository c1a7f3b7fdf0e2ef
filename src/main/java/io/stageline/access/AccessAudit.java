package io.stageline.access;

import io.stageline.api.v1alpha1.AccessPolicyConditions;
import io.stageline.api.v1alpha1.AccessPolicy;
import io.stageline.api.v1alpha1.AccessPolicyStatus.EmergencyGrant;
import io.stageline.api.v1alpha1.AccessPolicyStatus.Refusal;
import io.stageline.audit.AuditEvent.Outcome;
import io.stageline.audit.Auditor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The access part's audit vocabulary: every grant, revocation, refusal, emergency grant and expiry
 * becomes an Event on the AccessPolicy plus one JSON audit line with who (subject), what (level,
 * namespace, RoleBinding), why (policy, reason, ticket) and when. Emergency decisions are Warnings.
 */
final class AccessAudit {
  static final String GRANT = "Grant";
  static final String REVOKE = "Revoke";
  static final String REFUSE = "Refuse";
  static final String EMERGENCY_GRANT = "EmergencyGrant";
  static final String EMERGENCY_EXPIRE = "EmergencyExpire";

  private final Auditor auditor;

  AccessAudit(Auditor auditor) {
    this.auditor = auditor;
  }

  void granted(AccessPolicy policy, DesiredBinding b, String subject, boolean restored) {
    String reason = restored ? AccessPolicyConditions.Reason.ACCESS_RESTORED : b.isEmergency() ? AccessPolicyConditions.Reason.EMERGENCY_ACCESS_GRANTED : AccessPolicyConditions.Reason.ACCESS_GRANTED;
    String message = (restored ? "restored " : "granted ") + b.level() + " in namespace " + b.namespace() + " to "
        + subject + " (RoleBinding " + b.name() + (b.isEmergency() ? ", emergency until " + b.emergency().expiresAt() : "")
        + ")";
    auditor.record(policy, GRANT, Outcome.Success, reason, message, null, details(policy, b, subject), b.isEmergency());
  }

  void revoked(AccessPolicy policy, BindingFacts b, String subject, String reason) {
    boolean loud = b.emergency() || !AccessPolicyConditions.Reason.ACCESS_REVOKED.equals(reason);
    String message = "revoked " + b.level() + " in namespace " + b.namespace() + " from " + subject + " (RoleBinding "
        + b.name() + ", " + reason + ")";
    Map<String, String> details = new LinkedHashMap<>();
    details.put("subject", subject);
    details.put("access", b.level());
    details.put("namespace", b.namespace());
    details.put("roleBinding", b.name());
    details.put("policy", policy.getMetadata().getName());
    putIfPresent(details, "emergencyReason", b.reason());
    putIfPresent(details, "ticket", b.ticket());
    auditor.record(policy, REVOKE, Outcome.Success, reason, message, null, details, loud);
  }

  void refused(AccessPolicy policy, Refusal refusal) {
    Map<String, String> details = new LinkedHashMap<>();
    details.put("subject", refusal.getSubject());
    details.put("environment", refusal.getEnvironment());
    details.put("policy", policy.getMetadata().getName());
    auditor.record(policy, REFUSE, Outcome.Refused, refusal.getReason(), refusal.getMessage(), null, details, true);
  }

  void invalid(AccessPolicy policy, String why) {
    auditor.record(policy, "Validate", Outcome.Refused, AccessPolicyConditions.Reason.INVALID_POLICY, why, null,
        Map.of("policy", policy.getMetadata().getName()), true);
  }

  void emergencyGranted(AccessPolicy policy, EmergencyGrant g) {
    auditor.record(policy, EMERGENCY_GRANT, Outcome.Success, AccessPolicyConditions.Reason.EMERGENCY_ACCESS_GRANTED,
        "emergency " + g.getAccess() + " access for " + String.join(", ", g.getSubjects()) + " until " + g.getExpiresAt()
            + ": " + g.getReason() + (g.getTicket() == null ? "" : " (ticket " + g.getTicket() + ")"),
        null, emergencyDetails(policy, g), true);
  }

  void emergencyExpired(AccessPolicy policy, EmergencyGrant g) {
    auditor.record(policy, EMERGENCY_EXPIRE, Outcome.Success, AccessPolicyConditions.Reason.EMERGENCY_ACCESS_EXPIRED,
        "emergency " + g.getAccess() + " access for " + String.join(", ", g.getSubjects()) + " expired at "
            + g.getExpiredAt() + "; a new grant is needed to restore it",
        null, emergencyDetails(policy, g), true);
  }

  private static Map<String, String> details(AccessPolicy policy, DesiredBinding b, String subject) {
    Map<String, String> details = new LinkedHashMap<>();
    details.put("subject", subject);
    details.put("access", b.level().name());
    details.put("namespace", b.namespace());
    details.put("environment", b.environment());
    details.put("roleBinding", b.name());
    details.put("policy", policy.getMetadata().getName());
    if (b.isEmergency()) {
      details.put("emergencyReason", b.emergency().reason());
      putIfPresent(details, "ticket", b.emergency().ticket());
      details.put("expiresAt", b.emergency().expiresAt().toString());
    }
    return details;
  }

  private static Map<String, String> emergencyDetails(AccessPolicy policy, EmergencyGrant g) {
    Map<String, String> details = new LinkedHashMap<>();
    details.put("subjects", String.join(",", g.getSubjects()));
    details.put("access", g.getAccess());
    details.put("policy", policy.getMetadata().getName());
    details.put("grant", g.getGrant());
    details.put("emergencyReason", g.getReason());
    putIfPresent(details, "ticket", g.getTicket());
    details.put("grantedAt", g.getGrantedAt());
    details.put("expiresAt", g.getExpiresAt());
    return details;
  }

  private static void putIfPresent(Map<String, String> map, String key, String value) {
    if (value != null && !value.isEmpty()) {
      map.put(key, value);
    }
  }

  /** What the audit needs to know about a RoleBinding that goes away, read from its labels. */
  record BindingFacts(String namespace, String name, String level, boolean emergency, String reason, String ticket) {}
}
