package io.stageline.promotion;

/** Event and condition reasons of promotions (PascalCase, also the audit line's reason). */
public final class PromotionReasons {
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
  public static final String LINE_STOPPED = "LineStopped";
  public static final String FROZEN = "Frozen";
  public static final String GATE_TARGET_NOT_ALLOWED = "GateTargetNotAllowed";
  public static final String GATE_PASSED = "GatePassed";
  public static final String GATE_WAITING = "GateWaiting";
  public static final String GATE_FAILED = "GateFailed";
  public static final String APPROVAL_ACCEPTED = "ApprovalAccepted";
  public static final String APPROVAL_REJECTED = "ApprovalRejected";
  public static final String PROMOTING = "Promoting";
  public static final String PROMOTED = "Promoted";
  public static final String VERIFIED = "Verified";
  public static final String SUCCEEDED = "PromotionSucceeded";
  public static final String FAILED = "PromotionFailed";
  public static final String VERIFICATION_FAILED = "VerificationFailed";
  public static final String ROLLED_BACK = "RolledBack";

  private PromotionReasons() {}
}
