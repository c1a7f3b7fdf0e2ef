package io.stageline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** Where a promotion stands: phase, each gate's state, the resolved and previous release. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PromotionStatus extends StagelineStatus {
  /** Phases only move forward; the last four are final. */
  public enum Phase {
    Pending,
    WaitingForGates,
    Promoting,
    Verifying,
    Succeeded,
    Failed,
    RolledBack,
    Rejected;

    public boolean isFinal() {
      return ordinal() >= Succeeded.ordinal();
    }
  }

  @JsonPropertyDescription("Pending, WaitingForGates, Promoting, Verifying, then one of the final phases Succeeded, Failed, RolledBack or Rejected; phases only move forward.")
  private Phase phase;
  @JsonPropertyDescription("The release resolved at start (from spec.release or what the upstream ran); it does not change afterwards.")
  private Release release;
  @JsonPropertyDescription("What the target ran before the switch; a rollback restores it.")
  private ReleaseRecord previousRelease;
  @JsonPropertyDescription("State of each gate before the switch: the promotion's own, then the target's required gates.")
  private List<GateStatus> gates = new ArrayList<>();
  @JsonPropertyDescription("State of each verification gate after the switch.")
  private List<GateStatus> verification = new ArrayList<>();
  @JsonPropertyDescription("Each approval in spec.approvals as the operator judged it: accepted or not, and why.")
  private List<ApprovalStatus> approvals = new ArrayList<>();
  /** The first unmet gate's message, for the WAITING-ON column. */
  @JsonPropertyDescription("The first unmet gate's message, for the WAITING-ON column; cleared when the promotion ends.")
  private String waitingOn;
  @JsonPropertyDescription("When the operator started the promotion, RFC 3339.")
  private String startedAt;
  @JsonPropertyDescription("When the promotion reached a final phase, RFC 3339.")
  private String completedAt;
  /** Revision this promotion took in the target's release history. */
  @io.fabric8.generator.annotation.Min(0)
  @io.fabric8.generator.annotation.Max(2147483647)
  @JsonPropertyDescription("Revision this promotion took in the target's release history.")
  private Integer revision;

  /** State of one gate. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class GateStatus {
    public enum State {
      Pending,
      Waiting,
      Passed,
      Failed
    }

    @JsonPropertyDescription("The gate's name: spec name, or its kind and position.")
    private String name;
    @JsonPropertyDescription("condition, job, soak, window, approval or metric.")
    private String kind;
    @JsonPropertyDescription("Pending (not evaluated yet), Waiting, Passed or Failed.")
    private State state;
    /** Why, when the state alone does not say: Forbidden (the operator may not read what the gate names). */
    @JsonPropertyDescription("Why, when the state alone does not say, e.g. Forbidden (the operator may not read what the gate names).")
    private String reason;
    @JsonPropertyDescription("What the gate waits for or why it failed.")
    private String message;
    @JsonPropertyDescription("When the gate entered its current state, RFC 3339.")
    private String since;
    @JsonPropertyDescription("When the operator last evaluated the gate, RFC 3339.")
    private String updated;
    /** For metric gates: the latest measurement and the counts the gate decides on. */
    @JsonPropertyDescription("For metric gates: the latest measurement and the counts the gate decides on.")
    private Measurement measurement;
    /** For job gates: the Job (namespace/name). */
    @JsonPropertyDescription("For job gates: the Job, as namespace/name.")
    private String job;
    /** For job gates: where the Job's logs are. */
    @JsonPropertyDescription("For job gates: where the Job's logs are.")
    private String logs;
    /** For job gates: the uid of the Job the operator created; only that Job decides the gate. */
    @JsonPropertyDescription("For job gates: the uid of the Job the operator created for the gate; only that Job decides it.")
    private String jobUid;
    @JsonPropertyDescription("The Environment whose promotion policy requires this gate; unset for the promotion's own gates.")
    private String requiredBy;

    public String getRequiredBy() {
      return requiredBy;
    }

    public void setRequiredBy(String requiredBy) {
      this.requiredBy = requiredBy;
    }

    public Measurement getMeasurement() {
      return measurement;
    }

    public void setMeasurement(Measurement measurement) {
      this.measurement = measurement;
    }

    public String getName() {
      return name;
    }

    public void setName(String name) {
      this.name = name;
    }

    public String getKind() {
      return kind;
    }

    public String getReason() {
      return reason;
    }

    public void setReason(String reason) {
      this.reason = reason;
    }

    public void setKind(String kind) {
      this.kind = kind;
    }

    public State getState() {
      return state;
    }

    public void setState(State state) {
      this.state = state;
    }

    public String getMessage() {
      return message;
    }

    public void setMessage(String message) {
      this.message = message;
    }

    public String getSince() {
      return since;
    }

    public void setSince(String since) {
      this.since = since;
    }

    public String getUpdated() {
      return updated;
    }

    public void setUpdated(String updated) {
      this.updated = updated;
    }

    public String getJob() {
      return job;
    }

    public void setJob(String job) {
      this.job = job;
    }

    public String getLogs() {
      return logs;
    }

    public String getJobUid() {
      return jobUid;
    }

    public void setJobUid(String jobUid) {
      this.jobUid = jobUid;
    }

    public void setLogs(String logs) {
      this.logs = logs;
    }
  }

  /** A metric gate's measurements so far, kept in status so that a restart resumes the analysis. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Measurement {
    /** The latest value as Prometheus returned it, or absent when inconclusive. */
    @JsonPropertyDescription("The latest value as Prometheus returned it; absent when inconclusive.")
    private String value;
    /** When the latest measurement was taken (RFC 3339). */
    @JsonPropertyDescription("When the latest measurement was taken, RFC 3339.")
    private String at;
    /** Since when measurements have succeeded without a break (RFC 3339). */
    @JsonPropertyDescription("Since when measurements have succeeded without a break, RFC 3339; the gate passes once this is 'for' ago.")
    private String passingSince;
    @JsonPropertyDescription("Failed measurements so far; one more than failureLimit fails the gate.")
    private Integer failures;
    @JsonPropertyDescription("Inconclusive measurements so far; one more than inconclusiveLimit fails the gate.")
    private Integer inconclusive;

    public Measurement() {}

    public Measurement(String value, String at, String passingSince, int failures, int inconclusive) {
      this.value = value;
      this.at = at;
      this.passingSince = passingSince;
      this.failures = failures;
      this.inconclusive = inconclusive;
    }

    public String getValue() {
      return value;
    }

    public void setValue(String value) {
      this.value = value;
    }

    public String getAt() {
      return at;
    }

    public void setAt(String at) {
      this.at = at;
    }

    public String getPassingSince() {
      return passingSince;
    }

    public void setPassingSince(String passingSince) {
      this.passingSince = passingSince;
    }

    public Integer getFailures() {
      return failures;
    }

    public void setFailures(Integer failures) {
      this.failures = failures;
    }

    public Integer getInconclusive() {
      return inconclusive;
    }

    public void setInconclusive(Integer inconclusive) {
      this.inconclusive = inconclusive;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Measurement m && java.util.Objects.equals(value, m.value) && java.util.Objects.equals(at, m.at)
          && java.util.Objects.equals(passingSince, m.passingSince) && java.util.Objects.equals(failures, m.failures)
          && java.util.Objects.equals(inconclusive, m.inconclusive);
    }

    @Override
    public int hashCode() {
      return java.util.Objects.hash(value, at, passingSince, failures, inconclusive);
    }
  }

  /** An approval as the operator judged it. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ApprovalStatus {
    /** The approval gate that judged it. */
    @JsonPropertyDescription("The approval gate that judged it.")
    private String gate;
    @JsonPropertyDescription("The approving user.")
    private String by;
    /** The approval's own time, as the approver wrote it. */
    @JsonPropertyDescription("The approval's own time, as the approver wrote it.")
    private String at;
    @JsonPropertyDescription("True if the approval counts towards the gate's quorum.")
    private Boolean accepted;
    @JsonPropertyDescription("Why it was or was not accepted, e.g. the approver requested the promotion or is not in the gate's groups or users.")
    private String reason;

    public String getBy() {
      return by;
    }

    public String getGate() {
      return gate;
    }

    public void setGate(String gate) {
      this.gate = gate;
    }

    public String getAt() {
      return at;
    }

    public void setAt(String at) {
      this.at = at;
    }

    public void setBy(String by) {
      this.by = by;
    }

    public Boolean getAccepted() {
      return accepted;
    }

    public void setAccepted(Boolean accepted) {
      this.accepted = accepted;
    }

    public String getReason() {
      return reason;
    }

    public void setReason(String reason) {
      this.reason = reason;
    }
  }

  public Phase getPhase() {
    return phase;
  }

  public void setPhase(Phase phase) {
    this.phase = phase;
  }

  public Release getRelease() {
    return release;
  }

  public void setRelease(Release release) {
    this.release = release;
  }

  public ReleaseRecord getPreviousRelease() {
    return previousRelease;
  }

  public void setPreviousRelease(ReleaseRecord previousRelease) {
    this.previousRelease = previousRelease;
  }

  public List<GateStatus> getGates() {
    return gates;
  }

  public void setGates(List<GateStatus> gates) {
    this.gates = gates;
  }

  public List<GateStatus> getVerification() {
    return verification;
  }

  public void setVerification(List<GateStatus> verification) {
    this.verification = verification;
  }

  public List<ApprovalStatus> getApprovals() {
    return approvals;
  }

  public void setApprovals(List<ApprovalStatus> approvals) {
    this.approvals = approvals;
  }

  public String getWaitingOn() {
    return waitingOn;
  }

  public void setWaitingOn(String waitingOn) {
    this.waitingOn = waitingOn;
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

  public Integer getRevision() {
    return revision;
  }

  public void setRevision(Integer revision) {
    this.revision = revision;
  }
}
