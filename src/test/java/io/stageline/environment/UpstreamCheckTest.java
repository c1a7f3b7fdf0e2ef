package io.stageline.environment;

import io.stageline.conditions.InputProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.PromotionPolicy;
import io.stageline.api.v1alpha1.Stage;
import io.stageline.testing.Environments;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The delivery path: each upstream on a lower stage, and production fed from below unless it is an entry stage. */
class UpstreamCheckTest {
  private final UpstreamCheck check = new UpstreamCheck();

  @Test
  void theFourStagePathIsValid() {
    Environment dev = env("dev", Stage.development, null);
    Environment test = env("test", Stage.test, "dev");
    Environment staging = env("staging", Stage.staging, "test");
    Environment prod = env("prod", Stage.production, "staging");
    List<Environment> all = List.of(dev, test, staging, prod);

    assertThat(all).allSatisfy(e -> assertThat(check.check(e, all)).isEmpty());
  }

  @Test
  void productionWithoutUpstreamIsRefusedUnlessThePlatformMadeItAnEntryStage() {
    Environment prod = env("prod", Stage.production, null);
    Optional<InputProblem> problem = check.check(prod, List.of(prod));

    assertThat(problem).isPresent();
    assertThat(problem.get().reason()).isEqualTo("UpstreamRequired");
    assertThat(problem.get().message()).isEqualTo("a production Environment receives its releases from a lower stage:"
        + " set spec.upstream (or spec.promotionPolicy.entryStage: true to let releases enter the path here)");

    PromotionPolicy entry = new PromotionPolicy();
    entry.setEntryStage(true);
    prod.getSpec().setPromotionPolicy(entry);
    assertThat(check.check(prod, List.of(prod))).isEmpty();
  }

  @Test
  void lowerStagesMayStartAPathWithoutUpstream() {
    Environment test = env("test", Stage.test, null);
    assertThat(check.check(test, List.of(test))).isEmpty();
  }

  @Test
  void anUpstreamOnTheSameOrAHigherStageIsRefused() {
    Environment staging = env("staging", Stage.staging, null);
    Environment prod = env("prod", Stage.production, "staging");
    Environment prod2 = env("prod2", Stage.production, "prod");
    List<Environment> all = List.of(staging, prod, prod2);

    assertThat(check.check(prod2, all)).get().extracting(InputProblem::reason).isEqualTo("UpstreamStageNotLower");
  }

  @Test
  void productionFedStraightFromDevelopmentWouldSkipStagesAndIsRefused() {
    Environment dev = env("dev", Stage.development, null);
    Environment prod = env("prod", Stage.production, "dev");

    Optional<InputProblem> problem = check.check(prod, List.of(dev, prod));

    assertThat(problem).get().extracting(InputProblem::reason).isEqualTo("UpstreamSkipsStage");
    assertThat(problem.get().message()).isEqualTo("upstream dev is stage development: a production Environment receives"
        + " its releases from a staging Environment, so that no stage is skipped");
  }

  private static Environment env(String name, Stage stage, String upstream) {
    Environment env = Environments.of(name, stage).build();
    env.getSpec().setPromotionPolicy(null);
    env.getSpec().setUpstream(upstream);
    return env;
  }
}
