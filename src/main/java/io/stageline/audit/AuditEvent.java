package io.stageline.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * One audited decision: what happened to which resource, with what outcome, why, and by whom.
 *
 * @param time RFC 3339
 * @param kind kind of the resource the decision is about
 * @param name its name
 * @param namespace its namespace, null for cluster-scoped kinds
 * @param action e.g. Provision, DriftCorrected, Grant, Revoke, GatePassed, Approve, Promote, Rollback
 * @param outcome Success, Failure, Refused or Info
 * @param reason PascalCase machine-readable reason, also the Event reason
 * @param message what a person reads; never a secret value
 * @param actor the user or subject who caused it, where known
 * @param details further fields (subject, level, binding, ticket, gate, ...)
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record AuditEvent(
    String time,
    String kind,
    String name,
    String namespace,
    String action,
    Outcome outcome,
    String reason,
    String message,
    String actor,
    Map<String, String> details) {

  public enum Outcome {
    Success,
    Failure,
    Refused,
    Info
  }

  /** Warnings are what a person should look at: failures, refusals, and anything marked loud. */
  public boolean isWarning() {
    return outcome == Outcome.Failure || outcome == Outcome.Refused;
  }
}
