package io.stageline.promotion.gates;

import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.Gate;
import io.stageline.api.v1alpha1.Promotion;
import io.stageline.api.v1alpha1.PromotionStatus.ApprovalStatus;
import io.stageline.api.v1alpha1.PromotionStatus.GateStatus;
import io.stageline.api.v1alpha1.PromotionStatus.GateStatus.State;
import io.stageline.api.v1alpha1.Release;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Evaluates gates in the order given. A gate is only evaluated once every gate before it has
 * passed (a test Job does not start before its approval); later gates stay Pending. Passed gates
 * are evaluated again each time, so a window that closed or a condition that turned holds the
 * promotion again; a Job's outcome is kept by the Job itself.
 */
public class GateRunner {
  private final Map<String, GateEvaluator> evaluators;

  public GateRunner(Map<String, GateEvaluator> evaluators) {
    this.evaluators = evaluators;
  }

  /** The outcome of one pass over a list of gates. */
  public record Run(List<GateStatus> gates, List<ApprovalStatus> approvals, List<Transition> transitions,
      Instant wakeUpAt, Duration pollAfter) {

    public boolean allPassed() {
      return gates.stream().allMatch(g -> g.getState() == State.Passed);
    }

    public boolean anyFailed() {
      return gates.stream().anyMatch(g -> g.getState() == State.Failed);
    }

    /** The first unmet gate's message: what the promotion waits on. */
    public String waitingOn() {
      return gates.stream().filter(g -> g.getState() != State.Passed).findFirst()
          .map(g -> g.getMessage()).orElse(null);
    }

    public GateStatus firstFailed() {
      return gates.stream().filter(g -> g.getState() == State.Failed).findFirst().orElse(null);
    }
  }

  /** A gate whose state changed in this pass, for events, audit lines and the wait-time metric. */
  public record Transition(GateStatus gate, State from, Duration waited) {}

  public Run run(Promotion promotion, List<Gate> gates, List<GateStatus> previous, List<ApprovalStatus> judged,
      Environment target, Environment upstream, Release release, Instant now, boolean verification) {
    List<GateStatus> statuses = new ArrayList<>();
    List<ApprovalStatus> approvals = new ArrayList<>();
    List<Transition> transitions = new ArrayList<>();
    Instant wakeUpAt = null;
    Duration pollAfter = null;
    String blockedBy = null;
    for (int i = 0; i < gates.size(); i++) {
      Gate gate = gates.get(i);
      String name = nameOf(gate, i);
      GateStatus old = previous.stream().filter(g -> name.equals(g.getName())).findFirst().orElse(null);
      GateResult result;
      if (blockedBy != null) {
        result = new GateResult(State.Pending, "after " + blockedBy, null, null, null, null, List.of());
      } else {
        GateInput input = new GateInput(promotion, gate, name, target, upstream, release, old, judged, now, verification);
        result = evaluators.get(gate.kind()).evaluate(input);
      }
      GateStatus status = statusOf(name, gate.kind(), result, old, now);
      statuses.add(status);
      approvals.addAll(result.approvals());
      if (old == null ? result.state() != State.Pending
          : old.getState() != result.state() || !Objects.equals(old.getReason(), result.reason())) {
        // Time spent waiting: from when the gate was first evaluated (Pending before it does not count).
        boolean waitedBefore = old != null && old.getState() == State.Waiting && old.getSince() != null;
        Duration waited = waitedBefore ? Duration.between(Instant.parse(old.getSince()), now) : Duration.ZERO;
        transitions.add(new Transition(status, old == null ? null : old.getState(), waited));
      }
      if (result.state() != State.Passed && blockedBy == null) {
        blockedBy = name;
      }
      if (result.wakeUpAt() != null && (blockedBy == null || blockedBy.equals(name))) {
        wakeUpAt = wakeUpAt == null || result.wakeUpAt().isBefore(wakeUpAt) ? result.wakeUpAt() : wakeUpAt;
      }
      if (result.pollAfter() != null) {
        pollAfter = pollAfter == null || result.pollAfter().compareTo(pollAfter) < 0 ? result.pollAfter() : pollAfter;
      }
    }
    return new Run(statuses, approvals, transitions, wakeUpAt, pollAfter);
  }

  public static String nameOf(Gate gate, int index) {
    return gate.getName() != null && !gate.getName().isBlank() ? gate.getName() : gate.kind() + "-" + (index + 1);
  }

  /** Keeps since while the state holds and updated while nothing changes, so an unchanged pass writes nothing. */
  private static GateStatus statusOf(String name, String kind, GateResult result, GateStatus old, Instant now) {
    GateStatus s = new GateStatus();
    s.setName(name);
    s.setKind(kind);
    s.setState(result.state());
    s.setMessage(result.message());
    s.setReason(result.reason());
    s.setJob(result.job());
    s.setLogs(result.logs());
    // a Job's uid, once recorded, stays while the gate is Pending behind an earlier gate that turned
    s.setJobUid(result.jobUid() != null ? result.jobUid() : old == null ? null : old.getJobUid());
    s.setMeasurement(result.measurement());
    boolean sameState = old != null && old.getState() == result.state();
    s.setSince(sameState ? old.getSince() : now.toString());
    boolean same = sameState && Objects.equals(old.getMessage(), result.message())
        && Objects.equals(old.getMeasurement(), result.measurement());
    s.setUpdated(same ? old.getUpdated() : now.toString());
    return s;
  }
}
