package io.stageline.promotion.gates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.stageline.api.v1alpha1.Gate;
import io.stageline.api.v1alpha1.Promotion;
import io.stageline.api.v1alpha1.PromotionStatus.GateStatus.State;
import io.stageline.api.v1alpha1.PromotionStatus.GateStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** GateRunner alone: gates in order, each after the ones before it, with scripted evaluators at given instants. */
class GateRunnerTest {
  /** The time of a pass, moved by the test (a pure planner: no clock runs). */
  private Instant now = Instant.parse("2026-12-07T10:00:00Z");
  /** What each gate answers, by gate name; the evaluator records which gates it was asked about. */
  private final Map<String, GateResult> answers = new HashMap<>();
  private final List<String> asked = new ArrayList<>();
  private final GateRunner runner = new GateRunner(Map.of("soak", this::answer, "approval", this::answer, "job", this::answer));

  private GateResult answer(GateInput input) {
    asked.add(input.name());
    return answers.get(input.name());
  }

  private static Gate gate(String name, String kind) {
    Gate g = new Gate();
    g.setName(name);
    switch (kind) {
      case "soak" -> g.setSoak(new Gate.SoakGate());
      case "approval" -> g.setApproval(new Gate.ApprovalGate());
      default -> g.setJob(new Gate.JobGate());
    }
    return g;
  }

  private static final List<Gate> GATES = List.of(gate("tests", "job"), gate("sign-off", "approval"), gate("bake", "soak"));

  private static Promotion promotion() {
    Promotion p = new Promotion();
    p.setMetadata(new ObjectMetaBuilder().withName("to-test").withNamespace("test").build());
    return p;
  }

  private GateRunner.Run run(List<GateStatus> previous) {
    return runner.run(promotion(), GATES, previous, List.of(), null, null, null, now, false);
  }

  @Test
  void aGateIsOnlyEvaluatedOnceEveryGateBeforeItPassedAndLaterGatesWaitPendingBehindIt() {
    answers.put("tests", GateResult.waiting("Job test/tests running"));

    GateRunner.Run run = run(List.of());

    assertThat(asked).containsExactly("tests");
    assertThat(run.gates()).extracting(GateStatus::getName, GateStatus::getState, GateStatus::getMessage).containsExactly(
        tuple("tests", State.Waiting, "Job test/tests running"),
        tuple("sign-off", State.Pending, "after tests"),
        tuple("bake", State.Pending, "after tests"));
    assertThat(run.waitingOn()).isEqualTo("Job test/tests running");
    assertThat(run.allPassed()).isFalse();
    assertThat(run.anyFailed()).isFalse();
  }

  @Test
  void passedGatesAreEvaluatedAgainSoAGateThatTurnedHoldsThePromotion() {
    answers.put("tests", GateResult.passed("Job complete"));
    answers.put("sign-off", GateResult.passed("1 of 1 approvals: bob"));
    answers.put("bake", GateResult.passed("soaked 1h"));
    GateRunner.Run passed = run(List.of());
    assertThat(passed.allPassed()).isTrue();
    assertThat(passed.waitingOn()).isNull();

    asked.clear();
    answers.put("sign-off", GateResult.waiting("0 of 1 approvals"));
    now = now.plus(Duration.ofMinutes(1));
    GateRunner.Run turned = run(passed.gates());

    assertThat(asked).containsExactly("tests", "sign-off");
    assertThat(turned.gates()).extracting(GateStatus::getState).containsExactly(State.Passed, State.Waiting, State.Pending);
    assertThat(turned.waitingOn()).isEqualTo("0 of 1 approvals");
  }

  @Test
  void aFailedGateIsTheFirstFailedAndStopsTheGatesAfterIt() {
    answers.put("tests", GateResult.failed("Job failed: BackoffLimitExceeded"));

    GateRunner.Run run = run(List.of());

    assertThat(run.anyFailed()).isTrue();
    assertThat(run.firstFailed().getName()).isEqualTo("tests");
    assertThat(run.gates().subList(1, 3)).extracting(GateStatus::getState).containsOnly(State.Pending);
  }

  @Test
  void anUnchangedPassKeepsSinceAndUpdatedSoNothingIsWrittenAndNoTransitionIsReported() {
    answers.put("tests", GateResult.waiting("Job test/tests running"));
    GateRunner.Run first = run(List.of());
    now = now.plus(Duration.ofMinutes(5));

    GateRunner.Run again = run(first.gates());

    assertThat(again.transitions()).isEmpty();
    GateStatus tests = again.gates().get(0);
    assertThat(tests.getSince()).isEqualTo("2026-12-07T10:00:00Z");
    assertThat(tests.getUpdated()).isEqualTo("2026-12-07T10:00:00Z");
  }

  @Test
  void aNewMessageInTheSameStateMovesUpdatedButNotSince() {
    answers.put("tests", GateResult.waiting("Job test/tests pending"));
    GateRunner.Run first = run(List.of());
    now = now.plus(Duration.ofMinutes(5));
    answers.put("tests", GateResult.waiting("Job test/tests running"));

    GateStatus tests = run(first.gates()).gates().get(0);

    assertThat(tests.getSince()).isEqualTo("2026-12-07T10:00:00Z");
    assertThat(tests.getUpdated()).isEqualTo("2026-12-07T10:05:00Z");
  }

  @Test
  void eachStateChangeIsATransitionWithTheTimeTheGateWaited() {
    answers.put("tests", GateResult.waiting("Job test/tests running"));
    GateRunner.Run first = run(List.of());
    assertThat(first.transitions()).singleElement().satisfies(t -> {
      assertThat(t.gate().getName()).isEqualTo("tests");
      assertThat(t.from()).isNull();
      assertThat(t.waited()).isZero();
    });

    now = now.plus(Duration.ofMinutes(7));
    answers.put("tests", GateResult.passed("Job complete"));
    answers.put("sign-off", GateResult.waiting("0 of 1 approvals"));
    GateRunner.Run second = run(first.gates());

    assertThat(second.transitions()).extracting(t -> t.gate().getName(), GateRunner.Transition::from,
        GateRunner.Transition::waited).containsExactly(
            tuple("tests", State.Waiting, Duration.ofMinutes(7)),
            tuple("sign-off", State.Pending, Duration.ZERO));
  }

  @Test
  void theWakeUpIsTheEarliestOfTheEvaluatedGatesAndPollingTheShortest() {
    Instant soon = now.plus(Duration.ofMinutes(10));
    Instant later = now.plus(Duration.ofHours(1));
    answers.put("tests", GateResult.passed("Job complete").wakeUpAt(later).pollAfter(Duration.ofSeconds(30)));
    answers.put("sign-off", GateResult.waiting("0 of 1 approvals").wakeUpAt(soon).pollAfter(Duration.ofSeconds(10)));

    GateRunner.Run run = run(List.of());

    assertThat(run.wakeUpAt()).isEqualTo(soon);
    assertThat(run.pollAfter()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void aJobsUidOnceRecordedStaysWhileItsGateIsPendingBehindAnEarlierGateThatTurned() {
    answers.put("tests", GateResult.passed("Job complete"));
    answers.put("sign-off", GateResult.passed("1 of 1 approvals: bob"));
    answers.put("bake", GateResult.waiting("soaking").withJob(null, null, "uid-1"));
    GateRunner.Run first = run(List.of());
    assertThat(first.gates().get(2).getJobUid()).isEqualTo("uid-1");

    answers.put("tests", GateResult.waiting("Job test/tests running again"));
    GateRunner.Run second = run(first.gates());

    assertThat(second.gates().get(2).getState()).isEqualTo(State.Pending);
    assertThat(second.gates().get(2).getJobUid()).isEqualTo("uid-1");
  }

  @Test
  void anUnnamedGateIsNamedByItsKindAndPosition() {
    Gate unnamed = new Gate();
    unnamed.setSoak(new Gate.SoakGate());

    assertThat(GateRunner.nameOf(unnamed, 2)).isEqualTo("soak-3");
    assertThat(GateRunner.nameOf(gate("bake", "soak"), 2)).isEqualTo("bake");
  }
}
