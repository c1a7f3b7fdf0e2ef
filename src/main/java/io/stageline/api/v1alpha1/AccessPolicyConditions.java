package io.stageline.api.v1alpha1;

/**
 * An AccessPolicy's reasons: of its Ready condition, its refusals, Events and audit lines (PascalCase). Its
 * condition types are the shared ones in {@link StatusConditions}.
 */
public final class AccessPolicyConditions {
  /** Reasons. */
  public static final class Reason {
    // Ready
    public static final String INVALID = "Invalid";
    public static final String SUBJECTS_REFUSED = "SubjectsRefused";
    public static final String WAITING_FOR_NAMESPACE = "WaitingForNamespace";
    public static final String BOUND = "Bound";
    public static final String EXPIRED = "Expired";
    /** Valid, but no Environment matches: flagged, since a policy that grants nothing is usually a mistake. */
    public static final String SELECTS_NOTHING = "SelectsNothing";
    // refusals (status.refused and their Events)
    public static final String SUBJECT_KIND_NOT_ALLOWED = "SubjectKindNotAllowed";
    public static final String EMERGENCY_EXPIRY_IN_PAST = "EmergencyExpiryInPast";
    public static final String INVALID_POLICY = "InvalidPolicy";
    // grants and revocations
    public static final String ACCESS_GRANTED = "AccessGranted";
    public static final String ACCESS_RESTORED = "AccessRestored";
    public static final String ACCESS_REVOKED = "AccessRevoked";
    public static final String EMERGENCY_ACCESS_GRANTED = "EmergencyAccessGranted";
    public static final String EMERGENCY_ACCESS_EXPIRED = "EmergencyAccessExpired";
    public static final String UNAUTHORIZED_SUBJECT_REMOVED = "UnauthorizedSubjectRemoved";
    public static final String POLICY_DELETED = "PolicyDeleted";
    /** An access ClusterRole edited by someone else was put back. */
    public static final String CLUSTER_ROLE_RESTORED = "ClusterRoleRestored";

    private Reason() {}
  }

  private AccessPolicyConditions() {}
}
