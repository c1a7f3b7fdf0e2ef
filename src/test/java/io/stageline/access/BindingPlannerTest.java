package io.stageline.access;

import static io.stageline.access.AccessFixtures.emergency;
import static io.stageline.access.AccessFixtures.grant;
import static io.stageline.access.AccessFixtures.group;
import static io.stageline.access.AccessFixtures.labels;
import static io.stageline.access.AccessFixtures.policy;
import static io.stageline.access.AccessFixtures.serviceAccount;
import static io.stageline.access.AccessFixtures.stages;
import static io.stageline.access.AccessFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.stageline.api.Labels;
import io.stageline.api.v1alpha1.AccessPolicy;
import io.stageline.api.v1alpha1.AccessPolicyConditions;
import io.stageline.api.v1alpha1.AccessPolicySpec.EnvironmentSelector;
import io.stageline.api.v1alpha1.AccessPolicySpec.Level;
import io.stageline.api.v1alpha1.AccessPolicyStatus.EmergencyGrant.State;
import io.stageline.api.v1alpha1.AccessPolicyStatus;
import io.stageline.api.v1alpha1.AccessRequirements;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.Stage;
import io.stageline.api.v1alpha1.SubjectRef;
import io.stageline.testing.Environments;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The planner alone: which RoleBindings a policy implies at an instant, with no cluster. */
class BindingPlannerTest {
  static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
  final Environment dev = Environments.development("dev").withLabels(Map.of("team", "shop")).build();
  final Environment prod = Environments.production("prod").withLabels(Map.of("team", "shop")).build();

  private static AccessPlan plan(AccessPolicy policy, Instant now, Environment... envs) {
    return BindingPlanner.plan(policy, List.of(envs), ns -> true, now);
  }

  @Test
  void standingGrantsOfOneLevelShareOneBindingPerNamespace() {
    AccessPlan plan = plan(policy("p", stages(Stage.development),
        grant(Level.read, group("a")), grant(Level.read, group("b"), group("a")), grant(Level.write, group("c"))),
        NOW, dev, prod);
    assertThat(plan.bindings()).extracting(DesiredBinding::key).containsExactly("dev/stageline-p-read", "dev/stageline-p-write");
    assertThat(plan.bindings().get(0).subjects()).containsExactly(group("a"), group("b"));
  }

  @Test
  void oneMatrixPolicyGrantsEachStageItsOwnLevels() {
    Environment test = Environments.test("test").build();
    Environment staging = Environments.staging("staging").build();
    var write = grant(Level.write, group("developers"));
    write.setStages(List.of(Stage.development, Stage.test));
    var read = grant(Level.read, group("developers"));
    read.setStages(List.of(Stage.staging, Stage.production));
    var approve = grant(Level.approve, group("release-managers"));
    approve.setStages(List.of(Stage.production));
    AccessPlan plan = plan(policy("team", stages(Stage.values()), write, read, approve), NOW, dev, test, staging, prod);
    assertThat(plan.bindings()).extracting(DesiredBinding::key).containsExactlyInAnyOrder(
        "dev/stageline-team-write", "prod/stageline-team-read", "prod/stageline-team-approve",
        "staging/stageline-team-read", "test/stageline-team-write");
  }

  @Test
  void pathsSelectByThePathLabelSoSameStageOfAnotherPathIsLeftAlone() {
    Environment shopDev = Environments.development("shop-dev").withLabels(Map.of(Labels.PATH, "shop")).build();
    Environment billingDev = Environments.development("billing-dev").withLabels(Map.of(Labels.PATH, "billing")).build();
    EnvironmentSelector shop = stages(Stage.development);
    shop.setPaths(List.of("shop"));
    assertThat(plan(policy("p", shop, grant(Level.write, group("shop-developers"))), NOW, shopDev, billingDev, dev)
        .bindings()).extracting(DesiredBinding::namespace).containsExactly("shop-dev");
  }

  @Test
  void allGivenCriteriaMustMatch() {
    EnvironmentSelector both = labels(Map.of("team", "shop"));
    both.setStages(List.of(Stage.production));
    assertThat(plan(policy("p", both, grant(Level.read, group("a"))), NOW, dev, prod).bindings())
        .extracting(DesiredBinding::namespace).containsExactly("prod");
  }

  @Test
  void productionRefusesUsersButBindsTheirGroupAndServiceAccount() {
    AccessPlan plan = plan(policy("p", stages(Stage.production),
        grant(Level.admin, user("alice"), group("ops"), serviceAccount("ci", "deployer"))), NOW, prod);
    assertThat(plan.bindings().get(0).subjects()).containsExactly(group("ops"), serviceAccount("ci", "deployer"));
    assertThat(plan.refusals()).extracting(r -> r.getSubject() + "@" + r.getEnvironment() + ":" + r.getReason())
        .containsExactly("User:alice@prod:SubjectKindNotAllowed");
  }

  @Test
  void explicitRulesOverrideTheStageDefaults() {
    AccessRequirements relaxed = new AccessRequirements();
    relaxed.setAllowedSubjectKinds(List.of(SubjectRef.Kind.User, SubjectRef.Kind.Group));
    relaxed.setMaxEmergencyDuration("30m");
    prod.getSpec().setAccess(relaxed);
    AccessPlan plan = plan(policy("p", stages(Stage.production),
        emergency(Level.admin, NOW.plus(Duration.ofHours(2)), "x", null, user("alice"))), NOW, prod);
    assertThat(plan.refusals()).isEmpty();
    assertThat(plan.bindings().get(0).emergency().expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(30)));
  }

  @Test
  void emergencyIsCappedFromWhenItWasFirstGranted() {
    AccessPolicy policy = policy("p", stages(Stage.production),
        emergency(Level.admin, NOW.plus(Duration.ofHours(10)), "outage", "INC-1", group("sre")));
    AccessPlan first = plan(policy, NOW, prod);
    assertThat(first.newlyGranted()).hasSize(1);
    assertThat(first.nextExpiry()).contains(NOW.plus(Duration.ofHours(4)));
    assertThat(first.activeEmergenciesByStage()).containsEntry(Stage.production, 1);

    // an hour later, the recorded grant keeps its start: the cap does not move
    policy.setStatus(statusWith(first));
    AccessPlan later = plan(policy, NOW.plus(Duration.ofHours(1)), prod);
    assertThat(later.newlyGranted()).isEmpty();
    assertThat(later.nextExpiry()).contains(NOW.plus(Duration.ofHours(4)));
  }

  @Test
  void anExpiredGrantStaysExpiredWhateverItsNewExpiry() {
    AccessPolicy policy = policy("p", stages(Stage.development),
        emergency(Level.write, NOW.plus(Duration.ofHours(1)), "hotfix", null, group("oncall")));
    policy.setStatus(statusWith(plan(policy, NOW, dev)));

    AccessPlan expired = plan(policy, NOW.plus(Duration.ofHours(2)), dev);
    assertThat(expired.bindings()).isEmpty();
    assertThat(expired.newlyExpired()).singleElement().satisfies(g -> assertThat(g.getState()).isEqualTo(State.Expired));
    assertThat(expired.expiredBindings()).hasSize(1);

    policy.setStatus(statusWith(expired));
    policy.getSpec().getGrants().get(0).getEmergency().setExpiresAt(NOW.plus(Duration.ofHours(5)).toString());
    AccessPlan edited = plan(policy, NOW.plus(Duration.ofHours(2)), dev);
    assertThat(edited.bindings()).isEmpty();
    assertThat(edited.newlyGranted()).isEmpty();
    assertThat(edited.nextExpiry()).isEmpty();
  }

  @Test
  void aNewReasonIsANewGrant() {
    var a = emergency(Level.write, NOW.plusSeconds(60), "first", "INC-1", group("oncall"));
    var b = emergency(Level.write, NOW.plusSeconds(600), "first", "INC-1", group("oncall"));
    var c = emergency(Level.write, NOW.plusSeconds(60), "second", "INC-1", group("oncall"));
    assertThat(BindingPlanner.grantKey(a)).isEqualTo(BindingPlanner.grantKey(b)).isNotEqualTo(BindingPlanner.grantKey(c));
  }

  @Test
  void emergencyExpiringBeforeItIsSeenIsRefused() {
    AccessPlan plan = plan(policy("p", stages(Stage.development),
        emergency(Level.admin, NOW.minusSeconds(1), "late", null, group("oncall"))), NOW, dev);
    assertThat(plan.bindings()).isEmpty();
    assertThat(plan.refusals()).extracting(r -> r.getReason()).containsExactly(AccessPolicyConditions.Reason.EMERGENCY_EXPIRY_IN_PAST);
    assertThat(plan.emergencyGrants()).isEmpty();
  }

  @Test
  void anInvalidPolicyPlansNothing() {
    AccessPolicy policy = policy("p", stages(Stage.development), grant(Level.read));
    AccessPlan plan = plan(policy, NOW, dev);
    assertThat(plan.isInvalid()).isTrue();
    assertThat(plan.invalid()).contains("subjects is empty");
    assertThat(plan.bindings()).isEmpty();
  }

  @Test
  void environmentsWithoutTheirNamespaceYetWait() {
    AccessPlan plan = BindingPlanner.plan(policy("p", stages(Stage.development, Stage.production),
        grant(Level.read, group("a"))), List.of(dev, prod), "dev"::equals, NOW);
    assertThat(plan.bindings()).extracting(DesiredBinding::namespace).containsExactly("dev");
    assertThat(plan.waitingFor()).containsExactly("prod");
  }

  @Test
  void longPolicyNamesStillMakeValidBindingNames() {
    String name = BindingPlanner.bindingName("p".repeat(253), "admin-emergency-0123456789");
    assertThat(name).hasSizeLessThanOrEqualTo(253).startsWith("stageline-p").endsWith("-admin-emergency-0123456789");
  }

  private static AccessPolicyStatus statusWith(AccessPlan plan) {
    AccessPolicyStatus status = new AccessPolicyStatus();
    status.setEmergencyGrants(plan.emergencyGrants());
    return status;
  }
}
