package io.stageline.promotion.gates;

import io.stageline.api.v1alpha1.PromotionConditions;
import io.stageline.api.v1alpha1.PromotionStatus.ApprovalStatus;
import io.stageline.api.v1alpha1.PromotionStatus.GateStatus.State;
import io.stageline.api.v1alpha1.PromotionStatus.Measurement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A gate's decision.
 *
 * @param wakeUpAt the instant the decision may change by time alone (soak end, window open, Job timeout)
 * @param pollAfter for objects the operator cannot watch: when to look again
 * @param job for job gates: namespace/name of the Job
 * @param logs for job gates: where its logs are
 * @param approvals for approval gates: each approval as judged
 * @param measurement for metric gates: the measurements so far
 * @param reason why the gate is in its state when that needs a name (Forbidden), else null
 * @param jobUid for job gates: the uid of the Job the operator created, once known
 */
public record GateResult(
    State state,
    String message,
    Instant wakeUpAt,
    Duration pollAfter,
    String job,
    String logs,
    List<ApprovalStatus> approvals,
    Measurement measurement,
    String reason,
    String jobUid) {

  public GateResult(State state, String message, Instant wakeUpAt, Duration pollAfter, String job, String logs,
      List<ApprovalStatus> approvals, Measurement measurement, String reason) {
    this(state, message, wakeUpAt, pollAfter, job, logs, approvals, measurement, reason, null);
  }

  public GateResult(State state, String message, Instant wakeUpAt, Duration pollAfter, String job, String logs,
      List<ApprovalStatus> approvals) {
    this(state, message, wakeUpAt, pollAfter, job, logs, approvals, null, null);
  }

  public GateResult(State state, String message, Instant wakeUpAt, Duration pollAfter, String job, String logs,
      List<ApprovalStatus> approvals, Measurement measurement) {
    this(state, message, wakeUpAt, pollAfter, job, logs, approvals, measurement, null);
  }

  public static GateResult passed(String message) {
    return new GateResult(State.Passed, message, null, null, null, null, List.of());
  }

  public static GateResult failed(String message) {
    return new GateResult(State.Failed, message, null, null, null, null, List.of());
  }

  public static GateResult waiting(String message) {
    return new GateResult(State.Waiting, message, null, null, null, null, List.of());
  }

  public GateResult wakeUpAt(Instant at) {
    return new GateResult(state, message, at, pollAfter, job, logs, approvals, measurement, reason, jobUid);
  }

  public GateResult pollAfter(Duration after) {
    return new GateResult(state, message, wakeUpAt, after, job, logs, approvals, measurement, reason, jobUid);
  }

  public GateResult withJob(String job, String logs) {
    return new GateResult(state, message, wakeUpAt, pollAfter, job, logs, approvals, measurement, reason, jobUid);
  }

  public GateResult withJob(String job, String logs, String jobUid) {
    return new GateResult(state, message, wakeUpAt, pollAfter, job, logs, approvals, measurement, reason, jobUid);
  }

  public GateResult withReason(String reason) {
    return new GateResult(state, message, wakeUpAt, pollAfter, job, logs, approvals, measurement, reason, jobUid);
  }

  /**
   * Waiting because the operator may not read what the gate names: reason Forbidden, the permission in
   * the message, looked at again every {@code pollAfter} (a platform team may grant it).
   */
  public static GateResult forbidden(String message, Duration pollAfter) {
    return new GateResult(State.Waiting, message, null, pollAfter, null, null, List.of(), null, PromotionConditions.Reason.FORBIDDEN);
  }

  public GateResult withApprovals(List<ApprovalStatus> approvals) {
    return new GateResult(state, message, wakeUpAt, pollAfter, job, logs, approvals, measurement, reason, jobUid);
  }

  public GateResult withMeasurement(Measurement measurement) {
    return new GateResult(state, message, wakeUpAt, pollAfter, job, logs, approvals, measurement, reason, jobUid);
  }
}
