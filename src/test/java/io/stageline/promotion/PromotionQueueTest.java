package io.stageline.promotion;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.stageline.api.v1alpha1.Promotion;
import io.stageline.api.v1alpha1.PromotionSpec;
import io.stageline.api.v1alpha1.PromotionStatus;
import io.stageline.api.v1alpha1.PromotionStatus.Phase;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The queue alone: one active promotion per Environment, the rest in creation order, supersede. */
class PromotionQueueTest {

  private static Promotion promotion(String name, String environment, String created, Phase phase, boolean supersede) {
    Promotion p = new Promotion();
    p.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(environment).withCreationTimestamp(created).build());
    PromotionSpec spec = new PromotionSpec();
    spec.setEnvironment(environment);
    spec.setSupersede(supersede ? Boolean.TRUE : null);
    p.setSpec(spec);
    if (phase != null) {
      PromotionStatus status = new PromotionStatus();
      status.setPhase(phase);
      p.setStatus(status);
    }
    return p;
  }

  @Test
  void theFirstCreatedGoesFirstAndTheOthersWaitBehindIt() {
    Promotion first = promotion("a", "staging", "2026-03-02T10:00:00Z", null, false);
    Promotion second = promotion("b", "staging", "2026-03-02T10:00:01Z", null, false);
    List<Promotion> all = List.of(first, second);

    assertThat(PromotionQueue.ahead(first, all)).isEmpty();
    assertThat(PromotionQueue.ahead(second, all)).contains(first);
  }

  @Test
  void anActivePromotionIsAheadOfAnOlderWaitingOne() {
    Promotion older = promotion("a", "staging", "2026-03-02T10:00:00Z", null, false);
    Promotion active = promotion("b", "staging", "2026-03-02T10:00:01Z", Phase.Verifying, false);
    assertThat(PromotionQueue.ahead(older, List.of(older, active))).contains(active);
  }

  @Test
  void finishedPromotionsAndOtherEnvironmentsDoNotQueue() {
    Promotion done = promotion("a", "staging", "2026-03-02T10:00:00Z", Phase.Succeeded, false);
    Promotion elsewhere = promotion("b", "production", "2026-03-02T10:00:00Z", Phase.WaitingForGates, false);
    Promotion mine = promotion("c", "staging", "2026-03-02T10:00:02Z", null, false);
    assertThat(PromotionQueue.ahead(mine, List.of(done, elsewhere, mine))).isEmpty();
  }

  @Test
  void aSupersedingPromotionReplacesThoseThatHaveNotStartedToSwitch() {
    Promotion waiting = promotion("a", "staging", "2026-03-02T10:00:00Z", Phase.WaitingForGates, false);
    Promotion switching = promotion("b", "staging", "2026-03-02T10:00:01Z", Phase.Promoting, false);
    Promotion hotfix = promotion("c", "staging", "2026-03-02T10:00:02Z", null, true);
    List<Promotion> all = List.of(waiting, switching, hotfix);

    assertThat(PromotionQueue.supersededBy(waiting, all)).contains(hotfix);
    assertThat(PromotionQueue.supersededBy(switching, all)).as("a switch under way is never cut short").isEmpty();
    // the superseded promotion ends itself (Rejected, Superseded) on its next reconcile; then only the switch
    // under way is ahead
    assertThat(PromotionQueue.ahead(hotfix, all)).isPresent();
    waiting.getStatus().setPhase(Phase.Rejected);
    assertThat(PromotionQueue.ahead(hotfix, all)).as("it still waits for the switch under way").contains(switching);
  }

  @Test
  void betweenTwoSupersedingPromotionsTheNewerWins() {
    Promotion older = promotion("a", "staging", "2026-03-02T10:00:00Z", null, true);
    Promotion newer = promotion("b", "staging", "2026-03-02T10:00:01Z", null, true);
    List<Promotion> all = List.of(older, newer);
    assertThat(PromotionQueue.supersededBy(older, all)).contains(newer);
    assertThat(PromotionQueue.supersededBy(newer, all)).isEmpty();
  }
}
