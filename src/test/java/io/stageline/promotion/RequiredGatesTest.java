package io.stageline.promotion;

import static org.assertj.core.api.Assertions.assertThat;

import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.Gate;
import io.stageline.api.v1alpha1.Stage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import io.stageline.testing.Environments;

/** required ∪ requested: a promotion adds gates, never drops or weakens the platform's. */
class RequiredGatesTest {

  @Test
  void requiredGatesFollowThePromotionsOwnInOrder() {
    Environment prod = environment(Stage.production, List.of(soak("soak-in-staging", "1d"), approval("final-approval", 2, "release-managers")));

    RequiredGates.Plan plan = RequiredGates.plan(List.of(soak(null, "1h")), prod);

    assertThat(plan.refused()).isFalse();
    assertThat(plan.gates()).extracting(Gate::getName).containsExactly("soak-1", "soak-in-staging", "final-approval");
    assertThat(plan.required()).containsExactly("soak-in-staging", "final-approval");
  }

  @Test
  void anEmptyGateListStillGetsEveryRequiredGate() {
    Environment prod = environment(Stage.production, List.of(approval("final-approval", 2, "release-managers")));

    RequiredGates.Plan plan = RequiredGates.plan(List.of(), prod);

    assertThat(plan.gates()).hasSize(1);
    assertThat(plan.gates().get(0).getApproval().getCount()).isEqualTo(2);
    assertThat(plan.gates().get(0).getApproval().getGroups()).containsExactly("release-managers");
  }

  @Test
  void aGateThatRepeatsARequiredOneExactlyIsThatGateNotASecondOne() {
    Environment prod = environment(Stage.production, List.of(approval("final-approval", 2, "release-managers")));

    RequiredGates.Plan plan = RequiredGates.plan(List.of(approval("final-approval", 2, "release-managers"), soak("wait", "1h")), prod);

    assertThat(plan.gates()).extracting(Gate::getName).containsExactly("final-approval", "wait");
    assertThat(plan.required()).containsExactly("final-approval");
  }

  @Test
  void aWeakerGateUnderARequiredGatesNameIsRefused() {
    Environment prod = environment(Stage.production, List.of(approval("final-approval", 2, "release-managers")));

    RequiredGates.Plan fewer = RequiredGates.plan(List.of(approval("final-approval", 1, "release-managers")), prod);
    RequiredGates.Plan otherGroup = RequiredGates.plan(List.of(approval("final-approval", 2, "developers")), prod);

    assertThat(fewer.reason()).isEqualTo("GateConflict");
    assertThat(fewer.message()).isEqualTo("gate final-approval is required by Environment \"production\" and must be as"
        + " its promotion policy declares it; give your own gate another name");
    assertThat(otherGroup.reason()).isEqualTo("GateConflict");
  }

  @Test
  void unnamedRequiredGatesGetNamesThatNoPositionShifts() {
    Environment staging = environment(Stage.staging, List.of(soak(null, "2h")));

    RequiredGates.Plan plan = RequiredGates.plan(List.of(job("integration-tests"), soak(null, "5m")), staging);

    assertThat(plan.gates()).extracting(Gate::getName).containsExactly("integration-tests", "soak-2", "required-soak-1");
  }

  @Test
  void withoutAPolicyProductionNeedsAFinalApprovalFromSomeoneOtherThanTheRequester() {
    Environment prod = environment(Stage.production, null);

    RequiredGates.Plan plan = RequiredGates.plan(List.of(), prod);

    assertThat(plan.gates()).extracting(Gate::getName).containsExactly("final-approval");
    Gate.ApprovalGate approval = plan.gates().get(0).getApproval();
    assertThat(approval.getCount()).isEqualTo(1);
    assertThat(approval.getGroups()).isEmpty();
    assertThat(approval.getUsers()).isEmpty();
  }

  @Test
  void withoutAPolicyTestAndStagingNeedTheirTestsAsAJobGate() {
    RequiredGates.Plan test = RequiredGates.plan(List.of(soak(null, "1h")), environment(Stage.test, null));
    RequiredGates.Plan staging = RequiredGates.plan(List.of(), environment(Stage.staging, null));
    RequiredGates.Plan withTests = RequiredGates.plan(List.of(job("automated-tests")), environment(Stage.test, null));

    assertThat(test.reason()).isEqualTo("RequiredGateMissing");
    assertThat(test.message()).isEqualTo("promotions into test Environment \"test\" must run the automated tests: add a"
        + " job gate (the platform can set spec.promotionPolicy.requiredGates on the Environment instead)");
    assertThat(staging.message()).contains("must run the integration tests");
    assertThat(withTests.refused()).isFalse();
    assertThat(RequiredGates.plan(List.of(), environment(Stage.development, null)).gates()).isEmpty();
  }

  @Test
  void anEmptyRequiredListIsThePlatformsChoiceOfNoRequiredGates() {
    RequiredGates.Plan plan = RequiredGates.plan(List.of(), environment(Stage.production, List.of()));

    assertThat(plan.refused()).isFalse();
    assertThat(plan.gates()).isEmpty();
  }

  static Environment environment(Stage stage, List<Gate> required) {
    Environments.Builder env = Environments.of(stage.value(), stage);
    return (required != null ? env.withRequiredGates(required) : env).build();
  }

  static Gate approval(String name, int count, String group) {
    Gate g = new Gate();
    g.setName(name);
    Gate.ApprovalGate a = new Gate.ApprovalGate();
    a.setCount(count);
    a.setGroups(new ArrayList<>(List.of(group)));
    g.setApproval(a);
    return g;
  }

  static Gate soak(String name, String duration) {
    Gate g = new Gate();
    g.setName(name);
    Gate.SoakGate s = new Gate.SoakGate();
    s.setDuration(duration);
    g.setSoak(s);
    return g;
  }

  static Gate job(String name) {
    Gate g = new Gate();
    g.setName(name);
    Gate.JobGate j = new Gate.JobGate();
    j.setTemplate(new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode());
    g.setJob(j);
    return g;
  }
}
