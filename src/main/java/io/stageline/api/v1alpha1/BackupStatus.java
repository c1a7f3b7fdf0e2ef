package io.stageline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Backup schedule and the last restore request. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BackupStatus {
  @JsonPropertyDescription("The Velero Schedule the operator keeps.")
  private String schedule;
  @JsonPropertyDescription("The most recent Velero Backup.")
  private String lastBackup;
  @JsonPropertyDescription("The Velero Restore made for spec.backup.restore.")
  private String restore;
  @JsonPropertyDescription("The Velero Restore's phase.")
  private String restorePhase;
  /** The namespace the last restore wrote into. */
  @JsonPropertyDescription("The namespace the last restore wrote into.")
  private String restoreNamespace;

  public String getSchedule() {
    return schedule;
  }

  public void setSchedule(String schedule) {
    this.schedule = schedule;
  }

  public String getLastBackup() {
    return lastBackup;
  }

  public void setLastBackup(String lastBackup) {
    this.lastBackup = lastBackup;
  }

  public String getRestore() {
    return restore;
  }

  public void setRestore(String restore) {
    this.restore = restore;
  }

  public String getRestorePhase() {
    return restorePhase;
  }

  public void setRestorePhase(String restorePhase) {
    this.restorePhase = restorePhase;
  }

  public String getRestoreNamespace() {
    return restoreNamespace;
  }

  public void setRestoreNamespace(String restoreNamespace) {
    this.restoreNamespace = restoreNamespace;
  }
}
