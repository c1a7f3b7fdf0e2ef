package io.stageline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

/** What a stage has: its namespace, configuration revision, current release, parity and findings. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EnvironmentStatus extends StagelineStatus {
  public enum Phase {
    Pending,
    Ready,
    Degraded,
    Failed,
    Terminating
  }

  @JsonPropertyDescription("Pending (being provisioned), Ready, Degraded (namespace ready but something is not), Failed (the spec cannot be applied) or Terminating.")
  private Phase phase;
  @JsonPropertyDescription("The namespace the operator created and owns for this Environment.")
  private String namespace;
  @JsonPropertyDescription("When the Environment was first Ready (RFC 3339): its provisioning, audited once, is complete. Set once.")
  private String provisionedAt;
  @JsonPropertyDescription("The merged configuration: current revision, hash, ConfigMap and history.")
  private ConfigStatus config;
  @JsonPropertyDescription("The release running now.")
  private ReleaseRecord release;
  @JsonPropertyDescription("Releases that ran, oldest first; rollbacks refer to their revision.")
  private List<ReleaseRecord> releaseHistory = new ArrayList<>();
  @JsonPropertyDescription("Each Secret the operator keeps and where it came from (never its values).")
  private List<SecretStatus> secrets = new ArrayList<>();
  @JsonPropertyDescription("How this Environment differs from its upstream: config keys, version and images.")
  private ParityStatus parity;
  @JsonPropertyDescription("Drift from policy found in the namespace, e.g. an unmanaged RoleBinding or a lowered pod security level.")
  private List<ComplianceFinding> compliance = new ArrayList<>();
  @JsonPropertyDescription("The backup schedule, the last backup and the state of the last restore.")
  private BackupStatus backup;
  @JsonPropertyDescription("How many workloads exist and are available.")
  private WorkloadsStatus workloads;
  @JsonPropertyDescription("State of the seed data copies and generations.")
  private SeedStatus seed;

  @com.fasterxml.jackson.annotation.JsonPropertyDescription("Database refreshes: the latest run of each.")
  private List<DatabaseRefreshStatus> databaseRefreshes;

  public Phase getPhase() {
    return phase;
  }

  public void setPhase(Phase phase) {
    this.phase = phase;
  }

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  public String getProvisionedAt() {
    return provisionedAt;
  }

  public void setProvisionedAt(String provisionedAt) {
    this.provisionedAt = provisionedAt;
  }

  public ConfigStatus getConfig() {
    return config;
  }

  public void setConfig(ConfigStatus config) {
    this.config = config;
  }

  public ReleaseRecord getRelease() {
    return release;
  }

  public void setRelease(ReleaseRecord release) {
    this.release = release;
  }

  public List<ReleaseRecord> getReleaseHistory() {
    return releaseHistory;
  }

  public void setReleaseHistory(List<ReleaseRecord> releaseHistory) {
    this.releaseHistory = releaseHistory;
  }

  public List<SecretStatus> getSecrets() {
    return secrets;
  }

  public void setSecrets(List<SecretStatus> secrets) {
    this.secrets = secrets;
  }

  public ParityStatus getParity() {
    return parity;
  }

  public void setParity(ParityStatus parity) {
    this.parity = parity;
  }

  public List<ComplianceFinding> getCompliance() {
    return compliance;
  }

  public void setCompliance(List<ComplianceFinding> compliance) {
    this.compliance = compliance;
  }

  public BackupStatus getBackup() {
    return backup;
  }

  public void setBackup(BackupStatus backup) {
    this.backup = backup;
  }

  public WorkloadsStatus getWorkloads() {
    return workloads;
  }

  public void setWorkloads(WorkloadsStatus workloads) {
    this.workloads = workloads;
  }

  public List<DatabaseRefreshStatus> getDatabaseRefreshes() {
    return databaseRefreshes;
  }

  public void setDatabaseRefreshes(List<DatabaseRefreshStatus> databaseRefreshes) {
    this.databaseRefreshes = databaseRefreshes;
  }

  public SeedStatus getSeed() {
    return seed;
  }

  public void setSeed(SeedStatus seed) {
    this.seed = seed;
  }
}
