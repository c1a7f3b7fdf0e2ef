package io.stageline.promotion;

import io.stageline.api.v1alpha1.PromotionConditions;
import io.stageline.api.v1alpha1.Promotion;
import io.stageline.api.v1alpha1.PromotionStatus.ApprovalStatus;
import io.stageline.api.v1alpha1.PromotionStatus.GateStatus.State;
import io.stageline.audit.AuditEvent.Outcome;
import io.stageline.audit.Auditor;
import io.stageline.promotion.gates.GateRunner;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Every decision about a promotion as an Event on it and an audit line: gates, approvals, start, switch, end. */
public class PromotionEvents {
  private final Auditor auditor;

  public PromotionEvents(Auditor auditor) {
    this.auditor = auditor;
  }

  public void gateChanged(Promotion p, GateRunner.Transition t, boolean verification) {
    var g = t.gate();
    String message = (verification ? "verification gate " : "gate ") + g.getName() + ": " + g.getMessage();
    Map<String, String> details = details(p);
    details.put("gate", g.getName());
    details.put("gateKind", g.getKind());
    if (PromotionConditions.Reason.JOB_NOT_OWNED.equals(g.getReason()) && g.getState() == io.stageline.api.v1alpha1.PromotionStatus.GateStatus.State.Waiting) {
      // someone created a Job of the gate's name: worth a look even though the gate goes on
      auditor.record(p, "GateDecision", Outcome.Info, PromotionConditions.Reason.JOB_NOT_OWNED, message, null, details, true);
      return;
    }
    if (PromotionConditions.Reason.FORBIDDEN.equals(g.getReason())) {
      auditor.record(p, "GateDecision", Outcome.Info, PromotionConditions.Reason.FORBIDDEN, message, null, details, true);
      return;
    }
    switch (g.getState()) {
      case Passed -> auditor.record(p, "GateDecision", Outcome.Success, PromotionConditions.Reason.GATE_PASSED, message, null, details, false);
      case Failed -> auditor.record(p, "GateDecision", Outcome.Failure, PromotionConditions.Reason.GATE_FAILED, message, null, details, true);
      // Waiting on something that does not exist yet deserves a look: a Warning, once.
      default -> auditor.record(p, "GateDecision", Outcome.Info, PromotionConditions.Reason.GATE_WAITING, message, null, details,
          g.getMessage() != null && g.getMessage().endsWith("not found"));
    }
  }

  /** Approvals judged for the first time in this pass. */
  public void approvalsJudged(Promotion p, List<ApprovalStatus> before, List<ApprovalStatus> now) {
    for (ApprovalStatus a : now) {
      boolean known = before.stream().anyMatch(b -> Objects.equals(b.getBy(), a.getBy())
          && Objects.equals(b.getAt(), a.getAt()) && Objects.equals(b.getGate(), a.getGate()));
      if (known) {
        continue;
      }
      Map<String, String> details = details(p);
      details.put("gate", a.getGate());
      if (Boolean.TRUE.equals(a.getAccepted())) {
        auditor.record(p, "Approve", Outcome.Success, PromotionConditions.Reason.APPROVAL_ACCEPTED,
            "approval by " + a.getBy() + " accepted: " + a.getReason(), a.getBy(), details, false);
      } else {
        auditor.record(p, "Approve", Outcome.Refused, PromotionConditions.Reason.APPROVAL_REJECTED,
            "approval by " + a.getBy() + " rejected: " + a.getReason(), a.getBy(), details, true);
      }
    }
  }

  /** Approvals cannot be counted (a Warning): the reason says why. */
  public void refusedApprovals(Promotion p, String reason, String message) {
    auditor.record(p, "Approve", Outcome.Refused, reason, message, null, details(p), true);
  }

  public void info(Promotion p, String action, String reason, String message) {
    auditor.record(p, action, Outcome.Info, reason, message, p.getSpec().getRequestedBy(), details(p), false);
  }

  public void success(Promotion p, String action, String reason, String message) {
    auditor.record(p, action, Outcome.Success, reason, message, p.getSpec().getRequestedBy(), details(p), false);
  }

  public void failure(Promotion p, String action, String reason, String message) {
    auditor.record(p, action, Outcome.Failure, reason, message, p.getSpec().getRequestedBy(), details(p), true);
  }

  public void refused(Promotion p, String reason, String message) {
    auditor.record(p, "Admit", Outcome.Refused, reason, message, p.getSpec().getRequestedBy(), details(p), true);
  }

  private static Map<String, String> details(Promotion p) {
    Map<String, String> details = new LinkedHashMap<>();
    details.put("environment", p.getSpec().getEnvironment());
    if (p.getStatus() != null && p.getStatus().getRelease() != null && p.getStatus().getRelease().getVersion() != null) {
      details.put("version", p.getStatus().getRelease().getVersion());
    }
    return details;
  }

  static boolean isWaiting(State s) {
    return s == State.Waiting || s == State.Pending;
  }
}
