package io.stageline.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.stageline.api.v1alpha1.AccessRequirements;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.Stage;
import io.stageline.api.v1alpha1.SubjectRef.Kind;
import io.stageline.api.v1alpha1.SubjectRef;
import io.stageline.testing.Environments;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which subjects an Environment may bind and how long its emergency grants may last, from its stage and spec.access. */
class StageAccessRulesTest {
  private static final SubjectRef ALICE = new SubjectRef(Kind.User, "alice", null);
  private static final SubjectRef ONCALL = new SubjectRef(Kind.Group, "oncall", null);
  private static final SubjectRef DEPLOYER = new SubjectRef(Kind.ServiceAccount, "deployer", "ci");

  private static Environment withAccess(Environments.Builder env, List<Kind> kinds, String maxEmergency) {
    AccessRequirements access = new AccessRequirements();
    access.setAllowedSubjectKinds(kinds == null ? null : new ArrayList<>(kinds));
    access.setMaxEmergencyDuration(maxEmergency);
    return env.with(spec -> spec.setAccess(access)).build();
  }

  @Test
  void productionBindsGroupsAndServiceAccountsButNoIndividualUsers() {
    StageAccessRules rules = StageAccessRules.of(Environments.production("prod").build());

    assertThat(rules.allows(ONCALL)).isTrue();
    assertThat(rules.allows(DEPLOYER)).isTrue();
    assertThat(rules.allows(ALICE)).isFalse();
  }

  @Test
  void theLowerStagesBindEveryKindOfSubject() {
    for (Stage stage : List.of(Stage.development, Stage.test, Stage.staging)) {
      StageAccessRules rules = StageAccessRules.of(Environments.of("env", stage).build());
      assertThat(rules.allowedSubjectKinds()).as("%s", stage).containsExactlyInAnyOrder(Kind.values());
    }
  }

  @Test
  void everyStageHasAMaximumEmergencyDurationShortestInProduction() {
    assertThat(List.of(Stage.production, Stage.staging, Stage.test, Stage.development))
        .extracting(stage -> StageAccessRules.of(Environments.of("env", stage).build()).maxEmergencyDuration().orElseThrow())
        .containsExactly(Duration.ofHours(4), Duration.ofHours(8), Duration.ofHours(24), Duration.ofHours(72));
  }

  @Test
  void anEnvironmentWithoutAStageGetsTheStrictestMaximum() {
    assertThat(StageAccessRules.defaultMaxEmergency(null)).isEqualTo(StageAccessRules.PRODUCTION_MAX_EMERGENCY);
  }

  @Test
  void specAccessOverridesTheStagesSubjectKindsAndMaximum() {
    Environment prod = withAccess(Environments.production("prod"), List.of(Kind.User, Kind.Group), "1h30m");

    StageAccessRules rules = StageAccessRules.of(prod);

    assertThat(rules.allows(ALICE)).isTrue();
    assertThat(rules.allows(DEPLOYER)).isFalse();
    assertThat(rules.maxEmergencyDuration()).contains(Duration.ofMinutes(90));
  }

  @Test
  void anEmptyOrBlankSpecAccessKeepsTheStagesDefaults() {
    Environment dev = withAccess(Environments.development("dev"), List.of(), " ");

    StageAccessRules rules = StageAccessRules.of(dev);

    assertThat(rules.allowedSubjectKinds()).containsExactlyInAnyOrder(Kind.values());
    assertThat(rules.maxEmergencyDuration()).contains(Duration.ofHours(72));
  }

  @Test
  void durationsAreReadInTheSchemasForm() {
    assertThat(StageAccessRules.parseDuration("4h")).isEqualTo(Duration.ofHours(4));
    assertThat(StageAccessRules.parseDuration("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(StageAccessRules.parseDuration("1h30m")).isEqualTo(Duration.ofMinutes(90));
  }
}
