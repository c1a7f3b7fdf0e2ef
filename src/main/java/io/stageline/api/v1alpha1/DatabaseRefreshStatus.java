package io.stageline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Where one database refresh stands, from the Job that ran it last. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DatabaseRefreshStatus {
  /** Phase of the latest run. */
  public enum Phase { Scheduled, Running, Succeeded, Failed }

  /** The largest table count status accepts (a summary claiming more is not believed). */
  public static final double MAX_TABLES = 1e6;
  /** The largest row, byte, rate or value count status accepts: 10^15, below 2^53 so JSON readers keep it exact. */
  public static final double MAX_COUNT = 1e15;

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

  @io.fabric8.generator.annotation.Min(0)
  @io.fabric8.generator.annotation.Max(MAX_TABLES)
  @JsonPropertyDescription("Tables the latest successful run copied, from its summary; unset while it runs, "
      + "after a failure, or when the summary could not be read.")
  private Integer tables;

  @io.fabric8.generator.annotation.Min(0)
  @io.fabric8.generator.annotation.Max(MAX_COUNT)
  @JsonPropertyDescription("Rows the latest successful run copied, over all tables.")
  private Long rows;

  @io.fabric8.generator.annotation.Min(0)
  @io.fabric8.generator.annotation.Max(MAX_COUNT)
  @JsonPropertyDescription("Bytes of COPY text the latest successful run read from the source.")
  private Long bytes;

  @io.fabric8.generator.annotation.Min(0)
  @io.fabric8.generator.annotation.Max(MAX_COUNT)
  @JsonPropertyDescription("Rows per second of the latest successful run's copy (rows over the copy's own time, "
      + "without connecting and reading the catalogs).")
  private Long rowsPerSecond;

  @io.fabric8.generator.annotation.Min(0)
  @io.fabric8.generator.annotation.Max(MAX_COUNT)
  @JsonPropertyDescription("Bytes per second of the latest successful run's copy.")
  private Long bytesPerSecond;

  @io.fabric8.generator.annotation.Min(0)
  @io.fabric8.generator.annotation.Max(MAX_COUNT)
  @JsonPropertyDescription("Values the latest successful run masked (by rules and detectors).")
  private Long maskedValues;

  @io.fabric8.generator.annotation.Min(0)
  @io.fabric8.generator.annotation.Max(MAX_COUNT)
  @JsonPropertyDescription("Personal data the detectors found in columns no rule names, during the latest successful run.")
  private Long detectorHits;

  @JsonPropertyDescription("What happened, naming Jobs and Secrets, never data; while a run is in progress its "
      + "progress lines are in the Job's log.")
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

  public Integer getTables() {
    return tables;
  }

  public void setTables(Integer tables) {
    this.tables = tables;
  }

  public Long getRows() {
    return rows;
  }

  public void setRows(Long rows) {
    this.rows = rows;
  }

  public Long getBytes() {
    return bytes;
  }

  public void setBytes(Long bytes) {
    this.bytes = bytes;
  }

  public Long getRowsPerSecond() {
    return rowsPerSecond;
  }

  public void setRowsPerSecond(Long rowsPerSecond) {
    this.rowsPerSecond = rowsPerSecond;
  }

  public Long getBytesPerSecond() {
    return bytesPerSecond;
  }

  public void setBytesPerSecond(Long bytesPerSecond) {
    this.bytesPerSecond = bytesPerSecond;
  }

  public Long getMaskedValues() {
    return maskedValues;
  }

  public void setMaskedValues(Long maskedValues) {
    this.maskedValues = maskedValues;
  }

  public Long getDetectorHits() {
    return detectorHits;
  }

  public void setDetectorHits(Long detectorHits) {
    this.detectorHits = detectorHits;
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
        && java.util.Objects.equals(durationSeconds, s.durationSeconds) && java.util.Objects.equals(message, s.message)
        && java.util.Objects.equals(tables, s.tables) && java.util.Objects.equals(rows, s.rows)
        && java.util.Objects.equals(bytes, s.bytes) && java.util.Objects.equals(rowsPerSecond, s.rowsPerSecond)
        && java.util.Objects.equals(bytesPerSecond, s.bytesPerSecond)
        && java.util.Objects.equals(maskedValues, s.maskedValues) && java.util.Objects.equals(detectorHits, s.detectorHits);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(name, phase, job, lastRequest);
  }
}
