package io.stageline.environment;

/** The condition types an Environment's status carries. */
public final class ConditionTypes {
  public static final String READY = "Ready";
  public static final String NAMESPACE_READY = "NamespaceReady";
  public static final String QUOTA_READY = "QuotaReady";
  public static final String LIMITS_READY = "LimitsReady";
  public static final String NETWORK_POLICY_READY = "NetworkPolicyReady";
  public static final String CONFIG_READY = "ConfigReady";
  public static final String SECRETS_READY = "SecretsReady";
  public static final String IN_PARITY = "InParity";
  public static final String COMPLIANT = "Compliant";
  public static final String BACKUP_SCHEDULED = "BackupScheduled";
  public static final String RESTORED = "Restored";
  public static final String WORKLOADS_HEALTHY = "WorkloadsHealthy";
  public static final String MONITORED = "Monitored";

  private ConditionTypes() {}
}
