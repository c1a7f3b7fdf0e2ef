package io.stageline.api.v1alpha1;

/**
 * A Promotion's condition types and the reasons of its conditions, gate statuses, Events and audit lines
 * (PascalCase). Shared ones ({@code ReconcileError}) are in {@link StatusConditions}.
 */
public final class PromotionConditions {
  /** Condition types. */
  public static final class Type {
    /** False while queued or when rejected; True once the promotion may start. */
    public static final String ADMITTED = "Admitted";
    /** Set when the promotion ends: True when it succeeded, False when it failed or rolled back. */
    public static final String SUCCEEDED = "Succeeded";

    private Type() {}
  }

  /** Reasons. */
  public static final class Reason {
    // admission (bad input)
    public static final String UNKNOWN_ENVIRONMENT = "UnknownEnvironment";
    public static final String WRONG_NAMESPACE = "WrongNamespace";
    public static final String UNKNOWN_UPSTREAM = "UnknownUpstream";
    public static final String STAGE_SKIPPED = "StageSkipped";
    public static final String NOT_IN_UPSTREAM = "NotInUpstream";
    public static final String NOTHING_TO_PROMOTE = "NothingToPromote";
    public static final String RELEASE_REQUIRED = "ReleaseRequired";
    public static final String UNKNOWN_REVISION = "UnknownRevision";
    public static final String INVALID_GATE = "InvalidGate";
    public static final String INVALID_PATH = "InvalidPath";
    public static final String GATE_CONFLICT = "GateConflict";
    public static final String REQUIRED_GATE_MISSING = "RequiredGateMissing";
    public static final String JOB_TEMPLATE_NOT_ALLOWED = "JobTemplateNotAllowed";
    public static final String APPROVAL_POLICY_MISSING = "ApprovalPolicyMissing";
    public static final String SUPERSEDED = "Superseded";
    public static final String QUEUED = "Queued";
    public static final String ADMITTED = "Admitted";
    // waiting
    public static final String LINE_STOPPED = "LineStopped";
    public static final String FROZEN = "Frozen";
    // gates
    public static final String GATE_TARGET_NOT_ALLOWED = "GateTargetNotAllowed";
    public static final String GATE_PASSED = "GatePassed";
    public static final String GATE_WAITING = "GateWaiting";
    public static final String GATE_FAILED = "GateFailed";
    /** A gate's Job exists but was not created by this promotion. */
    public static final String JOB_NOT_OWNED = "JobNotOwned";
    /** A gate Job's pod template breaks the Pod Security level its namespace enforces. */
    public static final String POD_SECURITY_VIOLATION = "PodSecurityViolation";
    /** The operator may not read what a gate names (RBAC); the gate waits. */
    public static final String FORBIDDEN = "Forbidden";
    public static final String APPROVAL_ACCEPTED = "ApprovalAccepted";
    public static final String APPROVAL_REJECTED = "ApprovalRejected";
    // switch and after
    public static final String PROMOTING = "Promoting";
    public static final String PROMOTED = "Promoted";
    public static final String VERIFIED = "Verified";
    public static final String SUCCEEDED = "PromotionSucceeded";
    public static final String FAILED = "PromotionFailed";
    public static final String VERIFICATION_FAILED = "VerificationFailed";
    public static final String ROLLED_BACK = "RolledBack";

    private Reason() {}
  }

  private PromotionConditions() {}
}
