package io.stageline.access;

/** Labels that mark what the access part of Stageline creates, so it is found and kept. */
public final class AccessLabels {
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String STAGELINE = "stageline";
  public static final String ENVIRONMENT = "stageline.io/environment";
  public static final String ACCESS_POLICY = "stageline.io/access-policy";
  public static final String ACCESS_LEVEL = "stageline.io/access-level";
  /** Marks an emergency (break-glass) RoleBinding. */
  public static final String EMERGENCY = "stageline.io/emergency";
  /** On a RoleBinding nobody's AccessPolicy manages: "true" accepts it in compliance checks. */
  public static final String ALLOWED = "stageline.io/allowed";

  private AccessLabels() {}
}
