package io.stageline.api.v1alpha1;

import io.fabric8.generator.annotation.Size;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** Backups of the environment's namespace, kept as a Velero Schedule when Velero is installed. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BackupSpec {
  @Required
  @JsonPropertyDescription("Cron schedule, e.g. '0 2 * * *'.")
  @Size(max = Bounds.SCHEDULE_LENGTH)
  private String schedule;

  @JsonPropertyDescription("How long backups are kept, e.g. 720h.")
  @Pattern("^([0-9]+h)?([0-9]+m)?([0-9]+s)?$")
  @Size(max = Bounds.DURATION_LENGTH)
  private String ttl;

  @JsonPropertyDescription("Request a restore from this Velero Backup; cleared by the user when done.")
  private Restore restore;

  /** A restore request. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Restore {
    @JsonPropertyDescription("Name of the Velero Backup to restore. Required.")
    @Size(max = Bounds.NAME_LENGTH)
    @Required private String backupName;

    @JsonPropertyDescription("Namespace to restore into; production defaults to a new namespace <ns>-restore.")
    @Size(max = Bounds.NAMESPACE_LENGTH)
    private String targetNamespace;

    public String getBackupName() {
      return backupName;
    }

    public void setBackupName(String backupName) {
      this.backupName = backupName;
    }

    public String getTargetNamespace() {
      return targetNamespace;
    }

    public void setTargetNamespace(String targetNamespace) {
      this.targetNamespace = targetNamespace;
    }
  }

  public String getSchedule() {
    return schedule;
  }

  public void setSchedule(String schedule) {
    this.schedule = schedule;
  }

  public String getTtl() {
    return ttl;
  }

  public void setTtl(String ttl) {
    this.ttl = ttl;
  }

  public Restore getRestore() {
    return restore;
  }

  public void setRestore(Restore restore) {
    this.restore = restore;
  }
}
