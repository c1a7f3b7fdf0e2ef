package io.stageline.runtime;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.audit.Auditor;
import io.stageline.conditions.ProblemReport;
import io.stageline.metrics.StagelineMetrics;
import java.time.Clock;

/**
 * What every reconciler shares: the client, the clock (injected so tests move time instead of
 * sleeping), the audit trail, metrics, settings, and whether this replica may write (leadership).
 */
public record OperatorContext(
    KubernetesClient client, Clock clock, Auditor auditor, StagelineMetrics metrics, OperatorSettings settings,
    Leadership leadership) {

  /** How a reconciler answers an object it cannot read or a reconcile that threw. */
  public ProblemReport problems() {
    return new ProblemReport(client, auditor, metrics.registry(), clock);
  }

  public static OperatorContext create(KubernetesClient client, Clock clock, OperatorSettings settings) {
    return new OperatorContext(client, clock, new Auditor(client, clock), new StagelineMetrics(), settings,
        new Leadership(settings.leaderElection()));
  }
}
