package io.stageline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Backup schedule and the last restore request. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BackupStatus {
  private String schedule;
  private String lastBackup;
  private String restore;
  private String restorePhase;
  /** The namespace the last restore wrote into. */
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
