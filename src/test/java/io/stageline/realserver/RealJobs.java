package io.stageline.realserver;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.UncountedTerminatedPods;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Finishes a Job on the real server as its Job controller would when the pods end: there is no kubelet,
 * so the test writes the status. kube-apiserver validates Job status transitions strictly (a Complete Job
 * needs SuccessCriteriaMet, a completionTime and no active pods; a Failed one needs FailureTarget), so the
 * status written is the one the Job controller writes, and the embedded API's lenient shortcut would be refused.
 */
final class RealJobs {
  private RealJobs() {}

  static void complete(KubernetesClient admin, String namespace, String name) {
    finish(admin, namespace, name, true);
  }

  static void fail(KubernetesClient admin, String namespace, String name) {
    finish(admin, namespace, name, false);
  }

  private static void finish(KubernetesClient admin, String namespace, String name, boolean succeeded) {
    // The Job controller writes the status too (startTime, active): a conflict is retried on a fresh read.
    for (int attempt = 1; ; attempt++) {
      Job job = admin.batch().v1().jobs().inNamespace(namespace).withName(name).get();
      if (job == null) {
        throw new AssertionError("Job " + namespace + "/" + name + " does not exist");
      }
      JobStatus status = job.getStatus() == null ? new JobStatus() : job.getStatus();
      String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
      if (status.getStartTime() == null) {
        status.setStartTime(now);
      }
      String end = Instant.parse(status.getStartTime()).isAfter(Instant.parse(now)) ? status.getStartTime() : now;
      List<JobCondition> conditions = new ArrayList<>(status.getConditions() == null ? List.of() : status.getConditions());
      if (succeeded) {
        conditions.add(condition("SuccessCriteriaMet", "CompletionsReached", "Reached expected number of succeeded pods", end));
        conditions.add(condition("Complete", "CompletionsReached", "Reached expected number of succeeded pods", end));
        status.setSucceeded(1);
        status.setCompletionTime(end);
      } else {
        conditions.add(condition("FailureTarget", "BackoffLimitExceeded", "Job has reached the specified backoff limit", end));
        conditions.add(condition("Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit", end));
        status.setFailed(1);
      }
      status.setConditions(conditions);
      status.setActive(0);
      status.setReady(0);
      status.setTerminating(0);
      status.setUncountedTerminatedPods(new UncountedTerminatedPods());
      job.setStatus(status);
      try {
        admin.resource(job).updateStatus();
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 30) {
          throw e;
        }
      }
    }
  }

  private static JobCondition condition(String type, String reason, String message, String at) {
    return new JobConditionBuilder().withType(type).withStatus("True").withReason(reason).withMessage(message)
        .withLastProbeTime(at).withLastTransitionTime(at).build();
  }
}
