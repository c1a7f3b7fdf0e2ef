package io.stageline.promotion;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.Promotion;
import io.stageline.api.v1alpha1.PromotionStatus;
import io.stageline.api.v1alpha1.PromotionStatus.Phase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the reconciler runs the phase handlers within one pass: on while nothing must be written first, never past an effect. */
class PhaseDispatchTest {
  private final List<Phase> handled = new ArrayList<>();

  private PromotionPass pass(Phase phase) {
    Promotion p = new Promotion();
    p.setMetadata(new ObjectMetaBuilder().withName("p").withNamespace("ns").withGeneration(1L).build());
    PromotionStatus status = new PromotionStatus();
    status.setPhase(phase);
    return new PromotionPass(p, status, Clock.fixed(Instant.parse("2026-12-07T12:00:00Z"), ZoneOffset.UTC));
  }

  /** Handlers that record themselves and move the status from each phase to the given one. */
  private Map<Phase, PhaseHandler> moving(Map<Phase, Phase> next) {
    Map<Phase, PhaseHandler> handlers = new java.util.EnumMap<>(Phase.class);
    for (Phase from : List.of(Phase.Pending, Phase.WaitingForGates, Phase.Promoting, Phase.Verifying)) {
      handlers.put(from, (pass, target) -> {
        handled.add(from);
        pass.status.setPhase(next.getOrDefault(from, from));
        return pass.phase();
      });
    }
    return handlers;
  }

  @Test
  void anAdmittedPromotionHasItsGatesJudgedInTheSamePass() {
    PromotionPass pass = pass(Phase.Pending);
    PromotionReconciler.advance(moving(Map.of(Phase.Pending, Phase.WaitingForGates)), pass, new Environment());

    assertThat(handled).containsExactly(Phase.Pending, Phase.WaitingForGates);
    assertThat(pass.phase()).isEqualTo(Phase.WaitingForGates);
    assertThat(pass.pollAfter).as("waiting: no immediate second pass").isNull();
  }

  @Test
  void theSwitchIsLeftToTheNextPassSoThatPromotingIsWrittenBeforeAnyImageChanges() {
    PromotionPass pass = pass(Phase.Pending);
    PromotionReconciler.advance(moving(Map.of(Phase.Pending, Phase.WaitingForGates,
        Phase.WaitingForGates, Phase.Promoting, Phase.Promoting, Phase.Succeeded)), pass, new Environment());

    assertThat(handled).containsExactly(Phase.Pending, Phase.WaitingForGates);
    assertThat(pass.phase()).isEqualTo(Phase.Promoting);
    assertThat(pass.pollAfter).as("the next pass comes at once").isEqualTo(Duration.ZERO);
  }

  @Test
  void verificationIsLeftToTheNextPassAndAnEndEndsThePass() {
    PromotionPass promoting = pass(Phase.Promoting);
    PromotionReconciler.advance(moving(Map.of(Phase.Promoting, Phase.Verifying)), promoting, new Environment());
    assertThat(handled).containsExactly(Phase.Promoting);
    assertThat(promoting.phase()).isEqualTo(Phase.Verifying);

    handled.clear();
    PromotionPass verifying = pass(Phase.Verifying);
    PromotionReconciler.advance(moving(Map.of(Phase.Verifying, Phase.RolledBack)), verifying, new Environment());
    assertThat(handled).containsExactly(Phase.Verifying);
    assertThat(verifying.phase()).isEqualTo(Phase.RolledBack);
    assertThat(verifying.pollAfter).isNull();
  }
}
