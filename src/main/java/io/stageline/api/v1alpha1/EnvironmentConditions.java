package io.stageline.api.v1alpha1;

/**
 * An Environment's condition types and the reasons of its conditions, compliance findings, Events and audit
 * lines (PascalCase). Shared ones ({@code Ready}, {@code ReconcileError}) are in {@link StatusConditions}.
 */
public final class EnvironmentConditions {
  /** Condition types. */
  public static final class Type {
    public static final String NAMESPACE_READY = "NamespaceReady";
    public static final String QUOTA_READY = "QuotaReady";
    public static final String LIMITS_READY = "LimitsReady";
    public static final String NETWORK_POLICY_READY = "NetworkPolicyReady";
    public static final String CONFIG_READY = "ConfigReady";
    public static final String SECRETS_READY = "SecretsReady";
    public static final String SEED_DATA_READY = "SeedDataReady";
    public static final String DATABASE_REFRESH_READY = "DatabaseRefreshReady";
    public static final String IN_PARITY = "InParity";
    public static final String COMPLIANT = "Compliant";
    public static final String BACKUP_SCHEDULED = "BackupScheduled";
    public static final String RESTORED = "Restored";
    public static final String WORKLOADS_HEALTHY = "WorkloadsHealthy";
    public static final String MONITORED = "Monitored";

    private Type() {}
  }

  /** Reasons. */
  public static final class Reason {
    // provisioning
    public static final String PROVISIONED = "Provisioned";
    public static final String PROVISIONING = "Provisioning";
    public static final String NOT_REQUESTED = "NotRequested";
    public static final String DRIFT_CORRECTED = "DriftCorrected";
    public static final String SPEC_APPLIED = "SpecApplied";
    public static final String ADOPTED = "NamespaceAdopted";
    public static final String DELETED = "NamespaceDeleted";
    public static final String RETAINED = "NamespaceRetained";
    public static final String PROVISIONING_FAILED = "ProvisioningFailed";
    /** Ready=False because an earlier check failed: the message names it. */
    public static final String BLOCKED = "Blocked";
    /** A step threw; the others still ran. */
    public static final String STEP_FAILED = "StepFailed";
    // bad input: upstream and namespace
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
    // configuration
    public static final String RENDERED = "Rendered";
    public static final String CONFIG_REVISION_CREATED = "ConfigRevisionCreated";
    public static final String CONFIG_SOURCE_NOT_FOUND = "SourceNotFound";
    public static final String KEY_COLLISION = "KeyCollision";
    public static final String INVALID_KEY = "InvalidKey";
    public static final String CONFIG_TOO_LARGE = "ConfigTooLarge";
    // secrets
    public static final String SYNCED = "Synced";
    public static final String SECRET_SYNCED = "SecretSynced";
    public static final String SECRET_ROTATED = "SecretRotated";
    public static final String SECRET_REMOVED = "SecretRemoved";
    public static final String VAULT_SECRET_NOT_FOUND = "VaultSecretNotFound";
    public static final String VAULT_SECRET_NOT_ALLOWED = "VaultSecretNotAllowed";
    public static final String VAULT_KEY_NOT_FOUND = "VaultKeyNotFound";
    public static final String GENERATE_NOT_ALLOWED_IN_PRODUCTION = "GenerateNotAllowedInProduction";
    // seed data
    public static final String SEEDED = "Seeded";
    public static final String SEED_DATA_COPIED = "SeedDataCopied";
    public static final String MASKING_REQUIRED = "MaskingRequired";
    public static final String SEED_SOURCE_NOT_FOUND = "SeedSourceNotFound";
    /** The named Environment does not own the namespace it names (it was refused), or the namespace is reserved. */
    public static final String SEED_SOURCE_NOT_OWNED = "SeedSourceNotOwned";
    public static final String MASKING_TIMED_OUT = "MaskingTimedOut";
    public static final String SEED_OBJECT_NOT_FOUND = "SeedObjectNotFound";
    public static final String INVALID_SEED_DATA = "InvalidSeedData";
    public static final String INVALID_MASKING_RULE = "InvalidMaskingRule";
    public static final String SEED_TARGET_EXISTS = "SeedTargetExists";
    public static final String SEED_FAILED = "SeedFailed";
    // database refreshes
    public static final String REFRESH_CONFIGURED = "Configured";
    public static final String INVALID_DATABASE_REFRESH = "InvalidDatabaseRefresh";
    public static final String REFRESH_SOURCE_NOT_ALLOWED = "RefreshSourceNotAllowed";
    public static final String REFRESH_SOURCE_NOT_SHARED = "RefreshSourceNotShared";
    public static final String REFRESH_SECRET_NOT_FOUND = "RefreshSecretNotFound";
    public static final String REFRESH_TARGET_IS_A_SOURCE = "RefreshTargetIsASource";
    public static final String REFRESH_FAILED = "RefreshFailed";
    public static final String REFRESH_SUMMARY_UNREADABLE = "RefreshSummaryUnreadable";
    public static final String DATABASE_REFRESHED = "DatabaseRefreshed";
    public static final String DATABASE_REFRESH_FAILED = "DatabaseRefreshFailed";
    // parity
    public static final String IN_PARITY = "InParity";
    public static final String NO_UPSTREAM = "NoUpstream";
    public static final String CONFIG_KEYS_DIFFER = "ConfigKeysDiffer";
    public static final String VERSION_SKEW = "VersionSkew";
    // backup and restore
    public static final String SCHEDULED = "Scheduled";
    public static final String BACKUP_SCHEDULED = "BackupScheduled";
    public static final String BACKUP_UNSCHEDULED = "BackupUnscheduled";
    public static final String BACKUP_UNSCHEDULE_FAILED = "BackupUnscheduleFailed";
    public static final String VELERO_NOT_INSTALLED = "VeleroNotInstalled";
    public static final String RESTORE_REQUESTED = "RestoreRequested";
    public static final String RESTORE_IN_PROGRESS = "RestoreInProgress";
    public static final String RESTORE_COMPLETED = "RestoreCompleted";
    public static final String RESTORE_FAILED = "RestoreFailed";
    // monitoring
    public static final String NO_WORKLOADS = "NoWorkloads";
    public static final String ALL_AVAILABLE = "AllAvailable";
    public static final String WORKLOADS_UNAVAILABLE = "WorkloadsUnavailable";
    public static final String PROMETHEUS_OPERATOR_NOT_INSTALLED = "PrometheusOperatorNotInstalled";
    public static final String POD_MONITOR_READY = "PodMonitorReady";
    // compliance (the Compliant condition's and the findings' reasons)
    public static final String NO_FINDINGS = "NoFindings";
    public static final String POD_SECURITY_LOWERED = "PodSecurityLowered";
    public static final String MISSING_NETWORK_POLICY = "MissingNetworkPolicy";
    public static final String UNMANAGED_ROLE_BINDING = "UnmanagedRoleBinding";
    public static final String FOREIGN_CLUSTER_ROLE = "ForeignClusterRole";
    public static final String EMERGENCY_TOO_LONG = "EmergencyTooLong";
    // automatic promotion (audited on the target Environment)
    public static final String AUTO_PROMOTION_CREATED = "AutoPromotionCreated";

    private Reason() {}
  }

  private EnvironmentConditions() {}
}
