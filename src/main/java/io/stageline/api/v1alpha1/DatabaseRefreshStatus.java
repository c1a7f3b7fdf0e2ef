package io.stageline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Where one database refresh stands, from the Job that ran it last. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DatabaseRefreshStatus {
  /** Phase of the latest run. */
  public enum Phase { Scheduled, Running, Succeeded, Failed }

  @JsonPropertyDescription("The refresh's name in spec.databaseRefreshes.")
  private String name;

  @JsonPropertyDescription("Scheduled (a CronJob runs it, no run yet), Running, Succeeded or Failed: the latest run's Job.")
  private Phase phase;

  @JsonPropertyDescription("The latest run's Job, namespace/name (in the operator's namespace).")
  private String job;

  @JsonPropertyDescription("The refreshRequest value last acted on.")
  private String lastRequest;

  @JsonPropertyDescription("When the latest run started (RFC 3339), as the Job's status says.")
  private String startedAt;

  @JsonPropertyDescription("When the latest run finished (RFC 3339); unset while it runs.")
  private String completedAt;

  @io.fabric8.generator.annotation.Min(0)
  @io.fabric8.generator.annotation.Max(2147483647)
  @JsonPropertyDescription("How long the latest run took, in whole seconds, from the Job's start to its completion "
      + "or failure; unset while it runs.")
  private Integer durationSeconds;

  @JsonPropertyDescription("What happened, naming Jobs and Secrets, never data; progress lines are in the Job's log "
      + "and the row and byte counts in its pod's termination message.")
  private String message;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public Phase getPhase() {
    return phase;
  }

  public void setPhase(Phase phase) {
    this.phase = phase;
  }

  public String getJob() {
    return job;
  }

  public void setJob(String job) {
    this.job = job;
  }

  public String getLastRequest() {
    return lastRequest;
  }

  public void setLastRequest(String lastRequest) {
    this.lastRequest = lastRequest;
  }

  public String getStartedAt() {
    return startedAt;
  }

  public void setStartedAt(String startedAt) {
    this.startedAt = startedAt;
  }

  public String getCompletedAt() {
    return completedAt;
  }

  public void setCompletedAt(String completedAt) {
    this.completedAt = completedAt;
  }

  public Integer getDurationSeconds() {
    return durationSeconds;
  }

  public void setDurationSeconds(Integer durationSeconds) {
    this.durationSeconds = durationSeconds;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DatabaseRefreshStatus s && java.util.Objects.equals(name, s.name) && phase == s.phase
        && java.util.Objects.equals(job, s.job) && java.util.Objects.equals(lastRequest, s.lastRequest)
        && java.util.Objects.equals(startedAt, s.startedAt) && java.util.Objects.equals(completedAt, s.completedAt)
        && java.util.Objects.equals(durationSeconds, s.durationSeconds) && java.util.Objects.equals(message, s.message);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(name, phase, job, lastRequest);
  }
}
