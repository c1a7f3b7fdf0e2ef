package io.stageline.environment;

import io.stageline.api.v1alpha1.EnvironmentConditions;
import io.stageline.environment.step.StepContext;
import io.stageline.environment.step.EnvironmentStep;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.stageline.kube.Forbidden;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one step so that its failure stays its own: a 403 becomes its condition False with reason
 * {@code Forbidden} naming the permission the operator lacks (an optional integration the platform
 * team has not granted), any other API failure reason {@code StepFailed}; both with a Warning event,
 * while the remaining steps and the status write go on. The step is retried after a while.
 */
final class StepFailures {
  static final Duration RETRY = Duration.ofSeconds(30);
  private static final Logger LOG = LoggerFactory.getLogger(StepFailures.class);

  private StepFailures() {}

  static void run(EnvironmentStep s, StepContext step) {
    try {
      s.reconcile(step);
    } catch (RuntimeException e) {
      String type = s.conditionType();
      if (Forbidden.is(e)) {
        step.refuse(type, "Reconcile", Forbidden.REASON, "the operator is not allowed to "
            + Forbidden.permission(e) + ": grant it to the operator's ServiceAccount (see docs/install.md)");
      } else {
        // The server's message may quote the object (a Secret's data); only its code and reason are reported.
        String detail = e instanceof KubernetesClientException k && k.getCode() > 0
            ? "the API server answered " + k.getCode() + (k.getStatus() == null || k.getStatus().getReason() == null
                ? "" : " " + k.getStatus().getReason())
            : e.getClass().getSimpleName();
        LOG.warn("environment {}: step {} failed: {}", step.name(), s.getClass().getSimpleName(), detail);
        step.refuse(type, "Reconcile", EnvironmentConditions.Reason.STEP_FAILED, type + " could not be brought in line: " + detail
            + "; retrying");
      }
      step.requeueAfter(RETRY);
    }
  }
}
