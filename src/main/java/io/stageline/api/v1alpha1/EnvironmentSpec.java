package io.stageline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What a stage should have: its place in the path, isolation, budget, configuration and data. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.stage != 'production' || !has(self.secrets) || self.secrets.all(s, !has(s.generate))",
    message = "production cannot use generated secrets: take them from the vault",
    fieldPath = ".secrets")
@ValidationRule(
    value = "self.stage != 'production' || !has(self.databaseRefreshes) || size(self.databaseRefreshes) == 0",
    message = "a database refresh overwrites its target: production's databases are never refreshed",
    fieldPath = ".databaseRefreshes")
public class EnvironmentSpec extends ModelPart {
  @Required
  @JsonPropertyDescription("The stage: development, test, staging or production. Immutable.")
  @ValidationRule(value = "self == oldSelf", message = "stage is immutable")
  private Stage stage;

  @JsonPropertyDescription("The Environment whose releases this one receives; promotions may not skip it.")
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  @Size(max = Bounds.NAME_LENGTH)
  private String upstream;

  @JsonPropertyDescription("Namespace to provision; defaults to the Environment's name. Immutable.")
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  @ValidationRule(value = "self == oldSelf", message = "namespace is immutable")
  @Size(max = Bounds.NAMESPACE_LENGTH)
  private String namespace;

  @JsonPropertyDescription("Network isolation and pod security of the namespace. Optional; stage defaults apply when absent.")
  private Isolation isolation;

  @JsonPropertyDescription("ResourceQuota hard limits, e.g. requests.cpu: 4, pods: 50.")
  @Size(max = Bounds.QUOTA_ENTRIES)
  private Map<String, Quantity> quota;

  @JsonPropertyDescription("LimitRange for containers in the namespace: default requests and limits, min and max. Optional.")
  private Limits limits;

  @JsonPropertyDescription("Configuration merged from ConfigMaps into one stable ConfigMap that workloads mount, with a revision history. Optional.")
  private ConfigSpec config;

  @Size(max = Bounds.SECRETS)
  @JsonPropertyDescription("Secrets the namespace gets, copied from the vault namespace or generated once. At most 128.")
  private List<SecretSpec> secrets = new ArrayList<>();

  @JsonPropertyDescription("PII masking of data seeded into this stage from a higher one. Optional; on by default below production.")
  private DataMasking dataMasking;

  @Size(max = Bounds.SEED_DATA)
  @JsonPropertyDescription("Data copied (masked) from another Environment or generated synthetically into the namespace. At most 64.")
  private List<SeedData> seedData = new ArrayList<>();

  @JsonPropertyDescription("Masked copies of PostgreSQL databases from a higher Environment into this one (not in production).")
  @Size(max = Bounds.DATABASE_REFRESHES)
  private List<DatabaseRefresh> databaseRefreshes = new ArrayList<>();

  @JsonPropertyDescription("Rules AccessPolicies must follow in this Environment: allowed subject kinds and the longest emergency grant. Optional; stage defaults apply.")
  private AccessRequirements access;

  @JsonPropertyDescription("Which Deployments and StatefulSets the Environment counts and promotions patch. Optional.")
  private Workloads workloads;

  @JsonPropertyDescription("Velero backups of the namespace and restore requests. Optional; no backups when absent.")
  private BackupSpec backup;

  @JsonPropertyDescription("Opt-in: the operator creates a Promotion when the upstream has a new verified release. Optional; off when absent.")
  private AutoPromotion autoPromotion;

  @JsonPropertyDescription("The platform's promotion rules for this Environment: required gates, entry stage, what Job gates may read.")
  private PromotionPolicy promotionPolicy;

  @JsonPropertyDescription("Delete removes the namespace with the Environment; Retain keeps it. Default: Retain for production, Delete below.")
  private DeletionPolicy deletionPolicy;

  public enum DeletionPolicy {
    Delete,
    Retain
  }

  /** The effective deletion policy: production keeps its namespace unless told otherwise. */
  public DeletionPolicy effectiveDeletionPolicy() {
    if (deletionPolicy != null) {
      return deletionPolicy;
    }
    return stage == Stage.production ? DeletionPolicy.Retain : DeletionPolicy.Delete;
  }

  public Stage getStage() {
    return stage;
  }

  public void setStage(Stage stage) {
    this.stage = stage;
  }

  public String getUpstream() {
    return upstream;
  }

  public void setUpstream(String upstream) {
    this.upstream = upstream;
  }

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  public Isolation getIsolation() {
    return isolation;
  }

  public void setIsolation(Isolation isolation) {
    this.isolation = isolation;
  }

  public Map<String, Quantity> getQuota() {
    return quota;
  }

  public void setQuota(Map<String, Quantity> quota) {
    this.quota = quota;
  }

  public Limits getLimits() {
    return limits;
  }

  public void setLimits(Limits limits) {
    this.limits = limits;
  }

  public ConfigSpec getConfig() {
    return config;
  }

  public void setConfig(ConfigSpec config) {
    this.config = config;
  }

  public List<SecretSpec> getSecrets() {
    return secrets;
  }

  public void setSecrets(List<SecretSpec> secrets) {
    this.secrets = secrets;
  }

  public DataMasking getDataMasking() {
    return dataMasking;
  }

  public void setDataMasking(DataMasking dataMasking) {
    this.dataMasking = dataMasking;
  }

  public List<SeedData> getSeedData() {
    return seedData;
  }

  public void setSeedData(List<SeedData> seedData) {
    this.seedData = seedData;
  }

  public AccessRequirements getAccess() {
    return access;
  }

  public void setAccess(AccessRequirements access) {
    this.access = access;
  }

  public Workloads getWorkloads() {
    return workloads;
  }

  public void setWorkloads(Workloads workloads) {
    this.workloads = workloads;
  }

  public BackupSpec getBackup() {
    return backup;
  }

  public void setBackup(BackupSpec backup) {
    this.backup = backup;
  }

  public AutoPromotion getAutoPromotion() {
    return autoPromotion;
  }

  public void setAutoPromotion(AutoPromotion autoPromotion) {
    this.autoPromotion = autoPromotion;
  }

  public PromotionPolicy getPromotionPolicy() {
    return promotionPolicy;
  }

  public void setPromotionPolicy(PromotionPolicy promotionPolicy) {
    this.promotionPolicy = promotionPolicy;
  }

  public DeletionPolicy getDeletionPolicy() {
    return deletionPolicy;
  }

  public void setDeletionPolicy(DeletionPolicy deletionPolicy) {
    this.deletionPolicy = deletionPolicy;
  }

  public List<DatabaseRefresh> getDatabaseRefreshes() {
    return databaseRefreshes;
  }

  public void setDatabaseRefreshes(List<DatabaseRefresh> databaseRefreshes) {
    this.databaseRefreshes = databaseRefreshes;
  }
}
