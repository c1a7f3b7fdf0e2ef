package io.stageline.promotion;

import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.Promotion;
import io.stageline.api.v1alpha1.PromotionConditions;
import io.stageline.api.v1alpha1.PromotionStatus;
import io.stageline.api.v1alpha1.PromotionStatus.Phase;
import io.stageline.api.v1alpha1.ReleaseHistory;
import io.stageline.promotion.gates.ApprovalPolicyCheck;
import io.stageline.promotion.gates.FreezeCalendar;
import io.stageline.promotion.gates.GateRunner;
import java.util.List;
import java.util.Optional;

/**
 * The phases before the switch: Pending (admission: path, release, queue) and WaitingForGates (the gates, the
 * stop-the-line switch and the freeze calendar). Each is a {@link PhaseHandler}.
 */
final class PromotionStart {
  private final PromotionAdmission admission;
  private final GateRunner gates;
  private final PromotionEvents events;
  private final PromotionMetrics metrics;
  private final PromotionReads reads;
  private final PromotionEnding ending;
  private final FreezeCalendar.Memo freezeCalendar = new FreezeCalendar.Memo();

  PromotionStart(PromotionAdmission admission, GateRunner gates, PromotionEvents events, PromotionMetrics metrics,
      PromotionReads reads, PromotionEnding ending) {
    this.admission = admission;
    this.gates = gates;
    this.events = events;
    this.metrics = metrics;
    this.reads = reads;
    this.ending = ending;
  }

  /** Pending: admitted (WaitingForGates), queued behind another promotion (Pending) or rejected. */
  Phase admit(PromotionPass pass, Environment target) {
    PromotionAdmission.Decision decision = admission.decide(pass.promotion, target);
    if (!decision.admitted()) {
      ending.reject(pass, decision.reason(), decision.message());
      return pass.phase();
    }
    PromotionStatus s = pass.status;
    s.setRelease(decision.release());
    var ahead = PromotionQueue.ahead(pass.promotion, siblings(pass.promotion));
    if (ahead.isPresent()) {
      s.setPhase(Phase.Pending);
      s.setWaitingOn("queued behind promotion " + ahead.get().getMetadata().getName()
          + " (" + PromotionQueue.phase(ahead.get()) + ")");
      s.setConditions(pass.conditions().setFalse(PromotionConditions.Type.ADMITTED, PromotionConditions.Reason.QUEUED,
          s.getWaitingOn()).build());
      return Phase.Pending;
    }
    s.setPhase(Phase.WaitingForGates);
    s.setStartedAt(pass.now.toString());
    s.setConditions(pass.conditions().setTrue(PromotionConditions.Type.ADMITTED, PromotionConditions.Reason.ADMITTED,
        "release " + PromotionAdmission.describe(decision.release()) + " may go to " + target.getMetadata().getName()).build());
    events.info(pass.promotion, "Start", PromotionConditions.Reason.ADMITTED, "promotion of "
        + PromotionAdmission.describe(decision.release()) + " to " + target.getMetadata().getName() + " started");
    return Phase.WaitingForGates;
  }

  /** WaitingForGates: every gate passed and nothing holds the stage (Promoting), still waiting, or ended. */
  Phase awaitGates(PromotionPass pass, Environment target) {
    PromotionStatus s = pass.status;
    var supersededBy = PromotionQueue.supersededBy(pass.promotion, siblings(pass.promotion));
    if (supersededBy.isPresent()) {
      ending.reject(pass, PromotionConditions.Reason.SUPERSEDED, "superseded by promotion "
          + supersededBy.get().getMetadata().getName());
      return pass.phase();
    }
    Environment upstream = pass.promotion.getSpec().getRollbackTo() != null || target.getSpec().getUpstream() == null
        ? null : reads.environment(target.getSpec().getUpstream());
    // Evaluated afresh on each pass: a platform that tightens the policy holds waiting promotions too.
    RequiredGates.Plan plan = RequiredGates.plan(pass.promotion.getSpec().getGates(), target);
    if (plan.refused()) {
      ending.finish(pass, target, Phase.Failed, plan.reason(), plan.message());
      return pass.phase();
    }
    GateRunner.Run run = gates.run(pass.promotion, plan.gates(), s.getGates(), s.getApprovals(),
        target, upstream, s.getRelease(), pass.now, false);
    run.gates().forEach(g -> g.setRequiredBy(plan.required().contains(g.getName()) ? target.getMetadata().getName() : null));
    events.approvalsJudged(pass.promotion, s.getApprovals(), run.approvals());
    run.transitions().forEach(t -> {
      events.gateChanged(pass.promotion, t, false);
      if (t.gate().getState() == PromotionStatus.GateStatus.State.Passed) {
        metrics.gateWaited(t.gate().getKind(), t.waited());
      }
    });
    boolean policyMissing = run.gates().stream().anyMatch(g -> ApprovalPolicyCheck.MISSING.equals(g.getMessage()));
    if (policyMissing && !ApprovalPolicyCheck.MISSING.equals(s.getWaitingOn())) {
      events.refusedApprovals(pass.promotion, PromotionConditions.Reason.APPROVAL_POLICY_MISSING, ApprovalPolicyCheck.MISSING);
    }
    s.setGates(run.gates());
    s.setApprovals(run.approvals());
    pass.wakeUp(run.wakeUpAt(), run.pollAfter());
    if (run.anyFailed()) {
      ending.finish(pass, target, Phase.Failed, PromotionConditions.Reason.FAILED, "gate " + run.firstFailed().getName()
          + " failed: " + run.firstFailed().getMessage());
      return pass.phase();
    }
    var lineStopped = StopTheLine.holds(reads.stopTheLine(), target.getSpec().getStage());
    var frozen = pass.promotion.getSpec().getRollbackTo() != null ? Optional.<FreezeCalendar.Hold>empty()
        : freezeCalendar.of(reads.freezeCalendar()).holds(target.getSpec().getStage(), pass.now);
    frozen.map(FreezeCalendar.Hold::until).ifPresent(until -> pass.wakeUp(until, null));
    if (!run.allPassed() || lineStopped.isPresent() || frozen.isPresent()) {
      s.setWaitingOn(lineStopped.or(() -> frozen.map(FreezeCalendar.Hold::message)).orElse(run.waitingOn()));
      if (lineStopped.isPresent() && !lineStopped.get().equals(pass.old.getWaitingOn())) {
        events.info(pass.promotion, "GateDecision", PromotionConditions.Reason.LINE_STOPPED, lineStopped.get());
      } else if (lineStopped.isEmpty() && frozen.isPresent() && !frozen.get().message().equals(pass.old.getWaitingOn())) {
        events.info(pass.promotion, "GateDecision", PromotionConditions.Reason.FROZEN, frozen.get().message());
      }
      return Phase.WaitingForGates;
    }
    s.setWaitingOn(null);
    ReleaseHistory history = ReleaseHistory.of(target);
    s.setPreviousRelease(history.current().orElse(null));
    s.setRevision(history.nextRevision());
    s.setPhase(Phase.Promoting);
    events.info(pass.promotion, "Promote", PromotionConditions.Reason.PROMOTING, "all gates passed: switching "
        + target.getMetadata().getName() + " to " + PromotionAdmission.describe(s.getRelease()) + " (revision "
        + s.getRevision() + ")");
    return Phase.Promoting;
  }

  private List<Promotion> siblings(Promotion p) {
    return reads.promotions(p.getMetadata().getNamespace());
  }
}
