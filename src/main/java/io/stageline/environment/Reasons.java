package io.stageline.environment;

/** PascalCase reasons of Environment conditions, Events and audit lines. */
public final class Reasons {
  // success and progress
  public static final String PROVISIONED = "Provisioned";
  public static final String PROVISIONING = "Provisioning";
  public static final String NOT_REQUESTED = "NotRequested";
  public static final String DRIFT_CORRECTED = "DriftCorrected";
  public static final String ADOPTED = "NamespaceAdopted";
  public static final String DELETED = "NamespaceDeleted";
  public static final String RETAINED = "NamespaceRetained";
  // bad input
  public static final String UPSTREAM_NOT_FOUND = "UpstreamNotFound";
  public static final String UPSTREAM_STAGE_NOT_LOWER = "UpstreamStageNotLower";
  public static final String UPSTREAM_CYCLE = "UpstreamCycle";
  public static final String UPSTREAM_REQUIRED = "UpstreamRequired";
  public static final String UPSTREAM_SKIPS_STAGE = "UpstreamSkipsStage";
  public static final String NAMESPACE_NOT_MANAGED = "NamespaceNotManaged";
  public static final String NAMESPACE_CONFLICT = "NamespaceConflict";
  public static final String NAMESPACE_RESERVED = "NamespaceReserved";
  public static final String NAMESPACE_TERMINATING = "NamespaceTerminating";
  public static final String INVALID_SPEC = "InvalidSpec";
  // failures
  public static final String PROVISIONING_FAILED = "ProvisioningFailed";
  /** Ready=False because an earlier check failed: the message names it. */
  public static final String BLOCKED = "Blocked";

  private Reasons() {}
}
