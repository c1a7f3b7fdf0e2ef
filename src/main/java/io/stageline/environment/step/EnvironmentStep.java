package io.stageline.environment.step;

/**
 * One part of an Environment that the reconciler brings in line after the namespace exists (config,
 * secrets, seed data, parity, backup, monitoring, compliance). Steps run in order; each sets only its
 * own status fields and conditions on {@link StepContext#status()} and {@link StepContext#conditions()}.
 * A step never throws for bad input: it reports a condition (and a Warning event) instead. When the API
 * refuses it (a permission the operator lacks) or fails, {@link StepFailures} reports that on
 * {@link #conditionType()} and the other steps still run.
 */
public interface EnvironmentStep {
  void reconcile(StepContext step);

  /** The condition that reports this step's outcome. */
  String conditionType();
}
