package io.stageline.dashboard;

import io.stageline.api.Labels;
import static io.stageline.dashboard.DashboardFixtures.approval;
import static io.stageline.dashboard.DashboardFixtures.approvalGate;
import static io.stageline.dashboard.DashboardFixtures.binding;
import static io.stageline.dashboard.DashboardFixtures.emergency;
import static io.stageline.dashboard.DashboardFixtures.environment;
import static io.stageline.dashboard.DashboardFixtures.gateStatus;
import static io.stageline.dashboard.DashboardFixtures.grant;
import static io.stageline.dashboard.DashboardFixtures.group;
import static io.stageline.dashboard.DashboardFixtures.history;
import static io.stageline.dashboard.DashboardFixtures.policy;
import static io.stageline.dashboard.DashboardFixtures.promotion;
import static io.stageline.dashboard.DashboardFixtures.ready;
import static io.stageline.dashboard.DashboardFixtures.release;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.stageline.api.v1alpha1.AccessPolicy;
import io.stageline.api.v1alpha1.AccessPolicySpec.Level;
import io.stageline.api.v1alpha1.AccessPolicyStatus;
import io.stageline.api.v1alpha1.AccessPolicyStatus.EmergencyGrant;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.Promotion;
import io.stageline.api.v1alpha1.PromotionStatus;
import io.stageline.api.v1alpha1.PromotionStatus.ApprovalStatus;
import io.stageline.api.v1alpha1.PromotionStatus.GateStatus.State;
import io.stageline.api.v1alpha1.SecretStatus;
import io.stageline.api.v1alpha1.Stage;
import io.stageline.audit.AuditEvent;
import io.stageline.dashboard.DashboardSnapshot.AccessCell;
import io.stageline.dashboard.DashboardSnapshot.EmergencyView;
import io.stageline.dashboard.DashboardSnapshot.JourneyStep;
import io.stageline.dashboard.DashboardSnapshot.PromotionView;
import io.stageline.dashboard.DashboardSnapshot.StageView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotBuilderTest {
  private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

  private final Environment development = environment("development", Stage.development, null);
  private final Environment test = environment("test", Stage.test, "development");
  private final Environment staging = environment("staging", Stage.staging, "test");
  private final Environment production = environment("production", Stage.production, "staging");

  @Test
  void stagesAreOrderedAlongTheUpstreamChainWhateverOrderTheCacheHolds() {
    DashboardSnapshot snapshot = build(List.of(production, test, staging, development), List.of(), List.of());

    assertThat(snapshot.paths()).hasSize(1);
    assertThat(snapshot.paths().get(0).name()).isEqualTo("shop");
    assertThat(snapshot.paths().get(0).stages()).extracting(StageView::name)
        .containsExactly("development", "test", "staging", "production");
  }

  @Test
  void upstreamChainWinsOverStageNamesAndSeparatePathsStaySeparate() {
    // a hotfix path whose staging feeds a second production, and an environment whose upstream is missing
    Environment hotfix = environment("hotfix", Stage.staging, null);
    Environment hotfixProd = environment("hotfix-prod", Stage.production, "hotfix");
    Environment orphan = environment("orphan", Stage.test, "gone");
    hotfix.getMetadata().getLabels().put(Labels.PATH, "hotfix");

    DashboardSnapshot snapshot = build(List.of(hotfixProd, production, orphan, staging, hotfix, test, development),
        List.of(), List.of());

    assertThat(snapshot.paths()).extracting(p -> p.stages().stream().map(StageView::name).toList())
        .containsExactly(
            List.of("development", "test", "staging", "production"),
            List.of("hotfix", "hotfix-prod"),
            List.of("orphan"));
  }

  @Test
  void anUpstreamCycleDoesNotLoseEnvironments() {
    Environment a = environment("a", Stage.test, "b");
    Environment b = environment("b", Stage.staging, "a");

    DashboardSnapshot snapshot = build(List.of(a, b), List.of(), List.of());

    assertThat(snapshot.paths().stream().flatMap(p -> p.stages().stream()).map(StageView::name))
        .containsExactlyInAnyOrder("a", "b");
  }

  @Test
  void stageShowsReadinessAndTheCurrentRelease() {
    ready(staging);
    history(staging, release(1, "1.4.0", NOW.minus(Duration.ofDays(2))), release(2, "1.5.0", NOW.minusSeconds(3600)));
    staging.getStatus().getConditions().set(0,
        DashboardFixtures.condition("Ready", "False", "QuotaExceeded", "requests.cpu would exceed 8"));

    StageView view = build(List.of(staging), List.of(), List.of()).paths().get(0).stages().get(0);

    assertThat(view.ready().status()).isEqualTo("False");
    assertThat(view.ready().reason()).isEqualTo("QuotaExceeded");
    assertThat(view.ready().message()).isEqualTo("requests.cpu would exceed 8");
    assertThat(view.release().version()).isEqualTo("1.5.0");
    assertThat(view.release().images()).containsEntry("web", "registry.example.com/shop/web:1.5.0");
    assertThat(view.release().configRevision()).isEqualTo(2);
    assertThat(view.release().at()).isEqualTo(NOW.minusSeconds(3600).toString());
  }

  @Test
  void gateMessagesAndWaitingOnAreTheStatusTextVerbatim() {
    Promotion promo = promotion("shop-1-5-0", "production", "1.5.0");
    promo.getSpec().getGates().add(approvalGate("release-managers", 2, "release-managers"));
    PromotionStatus status = promo.getStatus();
    status.setPhase(PromotionStatus.Phase.WaitingForGates);
    String message = "needs 2 approvals from group release-managers; 0 accepted";
    status.getGates().add(gateStatus("soak", "soak", State.Passed, "1.5.0 ran in staging for 26h (needs 24h)"));
    status.getGates().add(gateStatus("release-managers", "approval", State.Waiting, message));
    status.setWaitingOn(message);

    PromotionView view = build(List.of(production), List.of(promo), List.of())
        .paths().get(0).stages().get(0).activePromotions().get(0);

    assertThat(view.waitingOn()).isEqualTo(message);
    assertThat(view.gates()).extracting(DashboardSnapshot.GateView::message)
        .containsExactly("1.5.0 ran in staging for 26h (needs 24h)", message);
    assertThat(view.gates()).extracting(DashboardSnapshot.GateView::state).containsExactly("Passed", "Waiting");
  }

  @Test
  void approvalsShowWhoApprovedAndHowManyAreMissing() {
    Promotion promo = promotion("shop-1-5-0", "production", "1.5.0");
    promo.getSpec().getGates().add(approvalGate("release-managers", 2, "release-managers"));
    promo.getSpec().getApprovals().add(approval("alice"));
    promo.getSpec().getApprovals().add(approval("mallory"));
    promo.getStatus().getApprovals().add(approvalStatus("alice", true, null));
    promo.getStatus().getApprovals().add(approvalStatus("mallory", false, "mallory may not approve promotions in shop-production"));

    DashboardSnapshot.ApprovalsView approvals = PromotionViews.view(promo).approvals();

    assertThat(approvals.required()).isEqualTo(2);
    assertThat(approvals.missing()).isEqualTo(1);
    assertThat(approvals.approvers()).containsExactly("Group:release-managers");
    assertThat(approvals.given()).extracting(DashboardSnapshot.ApprovalView::by).containsExactly("alice", "mallory");
    assertThat(approvals.given().get(1).accepted()).isFalse();
    assertThat(approvals.given().get(1).reason()).contains("may not approve");
  }

  @Test
  void approvalsTheTargetRequiresAreCountedAsTheOperatorCountsThemEvenWhenThePromotionListsNone() {
    Environment production = environment("production", Stage.production, "staging");
    production.getSpec().getPromotionPolicy().getRequiredGates().add(approvalGate("final-approval", 2, "release-managers"));
    Promotion hotfix = promotion("hotfix", "production", "1.5.1"); // gates: [] as the requester wrote it
    Promotion reviewed = promotion("reviewed", "production", "1.5.0");
    reviewed.getSpec().getGates().add(approvalGate("team-review", 1, "team-leads"));
    reviewed.getSpec().getApprovals().add(approval("bob"));
    ApprovalStatus bob = approvalStatus("bob", true, null);
    bob.setGate("final-approval");
    reviewed.getStatus().getApprovals().add(bob);

    var stage = build(List.of(production), List.of(hotfix, reviewed), List.of()).paths().get(0).stages().get(0);

    DashboardSnapshot.ApprovalsView required = stage.activePromotions().get(0).approvals();
    assertThat(required.required()).isEqualTo(2);
    assertThat(required.missing()).isEqualTo(2);
    assertThat(required.approvers()).containsExactly("Group:release-managers");
    DashboardSnapshot.ApprovalsView both = stage.activePromotions().get(1).approvals();
    assertThat(both.required()).isEqualTo(3);
    assertThat(both.missing()).as("team-review still needs 1, final-approval 1 more").isEqualTo(2);
    assertThat(both.approvers()).containsExactly("Group:team-leads", "Group:release-managers");
  }

  @Test
  void aProductionWithoutAPolicyShowsTheStagesDefaultFinalApproval() {
    Environment production = environment("production", Stage.production, "staging");
    production.getSpec().setPromotionPolicy(null);

    var view = build(List.of(production), List.of(promotion("hotfix", "production", "1.5.1")), List.of())
        .paths().get(0).stages().get(0).activePromotions().get(0);

    assertThat(view.approvals()).isNotNull();
    assertThat(view.approvals().missing()).isEqualTo(view.approvals().required()).isPositive();
  }

  @Test
  void finishedPromotionsAreRecentNewestFirstAndKeepTheirOutcome() {
    Promotion older = promotion("shop-1-3-0", "production", "1.3.0");
    older.getStatus().setPhase(PromotionStatus.Phase.Succeeded);
    older.getStatus().setCompletedAt("2026-11-20T10:00:00Z");
    Promotion rolledBack = promotion("shop-1-4-0", "production", "1.4.0");
    rolledBack.getStatus().setPhase(PromotionStatus.Phase.RolledBack);
    rolledBack.getStatus().setCompletedAt("2026-11-22T10:00:00Z");
    rolledBack.getStatus().getVerification().add(gateStatus("smoke", "job", State.Failed, "Job smoke-1-4-0 failed: 3 of 40 checks"));
    rolledBack.getStatus().getConditions().add(
        DashboardFixtures.condition("Succeeded", "False", "RolledBack", "verification failed; restored 1.3.0 (revision 3)"));
    Promotion rejected = promotion("jump", "production", "1.6.0");
    rejected.getStatus().setPhase(PromotionStatus.Phase.Rejected);
    rejected.getStatus().setCompletedAt("2026-11-23T10:00:00Z");
    rejected.getStatus().getConditions().add(DashboardFixtures.condition("Admitted", "False", "StageSkipped",
        "release 1.6.0 would skip stage \"staging\""));
    Promotion active = promotion("shop-1-5-0", "production", "1.5.0");

    StageView view = build(List.of(production), List.of(older, active, rolledBack, rejected), List.of())
        .paths().get(0).stages().get(0);

    assertThat(view.activePromotions()).extracting(PromotionView::name).containsExactly("shop-1-5-0");
    assertThat(view.activePromotions().get(0).phase()).isEqualTo("Pending");
    assertThat(view.recentPromotions()).extracting(PromotionView::name).containsExactly("jump", "shop-1-4-0", "shop-1-3-0");
    assertThat(view.recentPromotions().get(0).outcome()).isEqualTo("release 1.6.0 would skip stage \"staging\"");
    view = build(List.of(production), List.of(rolledBack), List.of()).paths().get(0).stages().get(0);
    assertThat(view.recentPromotions().get(0).outcome()).isEqualTo("verification failed; restored 1.3.0 (revision 3)");
    assertThat(view.recentPromotions().get(0).verification().get(0).message()).isEqualTo("Job smoke-1-4-0 failed: 3 of 40 checks");
  }

  @Test
  void journeyShowsWhenAReleaseReachedEachStageAndHowLongItStayed() {
    Instant t0 = NOW.minus(Duration.ofHours(30));
    history(development, release(1, "1.5.0", t0), release(2, "1.6.0", NOW.minus(Duration.ofHours(2))));
    history(test, release(1, "1.5.0", t0.plus(Duration.ofHours(1))));
    history(staging, release(1, "1.5.0", t0.plus(Duration.ofHours(4))));

    DashboardSnapshot snapshot = build(List.of(production, staging, test, development), List.of(), List.of());

    assertThat(snapshot.journeys()).extracting(DashboardSnapshot.Journey::version).containsExactly("1.6.0", "1.5.0");
    List<JourneyStep> steps = snapshot.journeys().get(1).steps();
    assertThat(steps).extracting(JourneyStep::environment).containsExactly("development", "test", "staging");
    assertThat(steps).extracting(JourneyStep::seconds).containsExactly(3600L, 3L * 3600, 26L * 3600);
    assertThat(steps).extracting(JourneyStep::current).containsExactly(false, false, true);
  }

  @Test
  void emergencyGrantCarriesTheSecondsLeftAtSnapshotTime() {
    AccessPolicy bound = policy("oncall-break-glass", List.of(Stage.production),
        emergency(Level.admin, NOW.plus(Duration.ofMinutes(90)), group("oncall")));
    AccessPolicyStatus status = new AccessPolicyStatus();
    status.setPhase(AccessPolicyStatus.Phase.Active);
    EmergencyGrant active = emergencyGrant("admin", NOW.plus(Duration.ofMinutes(90)), EmergencyGrant.State.Active);
    EmergencyGrant expired = emergencyGrant("write", NOW.minusSeconds(60), EmergencyGrant.State.Expired);
    status.setEmergencyGrants(new ArrayList<>(List.of(active, expired)));
    bound.setStatus(status);
    AccessPolicy unbound = policy("db-fix", List.of(Stage.staging),
        emergency(Level.write, NOW.plusSeconds(600), group("dba")));

    List<EmergencyView> emergencies = build(List.of(staging, production), List.of(), List.of(bound, unbound)).emergencies();

    assertThat(emergencies).extracting(EmergencyView::policy).containsExactly("db-fix", "oncall-break-glass");
    assertThat(emergencies).extracting(EmergencyView::secondsRemaining).containsExactly(600L, 5400L);
    assertThat(emergencies).extracting(EmergencyView::pending).containsExactly(true, false);
    EmergencyView breakGlass = emergencies.get(1);
    assertThat(breakGlass.expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(90)).toString());
    assertThat(breakGlass.reason()).isEqualTo("checkout outage");
    assertThat(breakGlass.ticket()).isEqualTo("INC-4711");
    assertThat(breakGlass.environments()).containsExactly("production");
  }

  @Test
  void expiredEmergencyGrantsAreNotShownAsInForce() {
    AccessPolicy expired = policy("yesterday", List.of(Stage.production),
        emergency(Level.admin, NOW.minusSeconds(1), group("oncall")));

    DashboardSnapshot snapshot = build(List.of(production), List.of(), List.of(expired));

    assertThat(snapshot.emergencies()).isEmpty();
    assertThat(snapshot.access().rows()).isEmpty();
  }

  @Test
  void accessMatrixPlacesBindingsUnderTheirEnvironmentAndMarksUnboundGrants() {
    ready(staging);
    ready(production);
    AccessPolicy bound = policy("developers", List.of(Stage.staging, Stage.production),
        grant(Level.deploy, group("shop-developers")));
    AccessPolicyStatus status = new AccessPolicyStatus();
    status.setPhase(AccessPolicyStatus.Phase.Active);
    status.setBindings(new ArrayList<>(List.of(
        binding("shop-staging", "Group:shop-developers", "deploy", null),
        binding("shop-production", "Group:shop-developers", "read", null),
        binding("shop-production", "Group:oncall", "admin", NOW.plusSeconds(600).toString()))));
    bound.setStatus(status);
    AccessPolicy unbound = policy("qa", List.of(Stage.test), grant(Level.write, group("qa")));

    DashboardSnapshot.AccessMatrix matrix = build(List.of(production, staging, test, development), List.of(),
        List.of(bound, unbound)).access();

    assertThat(matrix.environments()).containsExactly("development", "test", "staging", "production");
    assertThat(matrix.rows()).extracting(DashboardSnapshot.AccessRow::subject)
        .containsExactly("Group:oncall", "Group:qa", "Group:shop-developers");
    var developers = matrix.rows().get(2).cells();
    assertThat(developers.get("staging")).extracting(AccessCell::level).containsExactly("deploy");
    assertThat(developers.get("production")).extracting(AccessCell::level).containsExactly("read");
    assertThat(matrix.rows().get(0).cells().get("production").get(0).emergency()).isTrue();
    AccessCell qa = matrix.rows().get(1).cells().get("test").get(0);
    assertThat(qa.level()).isEqualTo("write");
    assertThat(qa.pending()).isTrue();
  }

  @Test
  void snapshotHoldsNoSecretDataAndTheMostRecentAuditDecisionsFirst() throws Exception {
    ready(production);
    SecretStatus secret = new SecretStatus();
    secret.setName("db-credentials");
    secret.setKeys(List.of("password"));
    production.getStatus().setSecrets(List.of(secret));
    List<AuditEvent> audit = new ArrayList<>();
    for (int i = 0; i < SnapshotBuilder.AUDIT_LIMIT + 10; i++) {
      audit.add(new AuditEvent("2026-11-24T11:00:00Z", "Promotion", "p" + i, "shop-production", "GatePassed",
          AuditEvent.Outcome.Success, "GatePassed", "gate passed", null, null));
    }

    DashboardSnapshot snapshot = new SnapshotBuilder(NOW).build(List.of(production), List.of(), List.of(), audit, true);
    String json = new ObjectMapper().writeValueAsString(snapshot);

    assertThat(json).doesNotContain("db-credentials").doesNotContain("password");
    assertThat(snapshot.audit()).hasSize(SnapshotBuilder.AUDIT_LIMIT);
    assertThat(snapshot.audit().get(0).name()).isEqualTo("p0");
  }

  private static ApprovalStatus approvalStatus(String by, boolean accepted, String reason) {
    ApprovalStatus s = new ApprovalStatus();
    s.setBy(by);
    s.setAccepted(accepted);
    s.setReason(reason);
    return s;
  }

  private static EmergencyGrant emergencyGrant(String access, Instant expiresAt, EmergencyGrant.State state) {
    EmergencyGrant g = new EmergencyGrant();
    g.setGrant("h" + access);
    g.setAccess(access);
    g.setSubjects(List.of("Group:oncall"));
    g.setReason("checkout outage");
    g.setTicket("INC-4711");
    g.setGrantedAt(NOW.minusSeconds(1800).toString());
    g.setExpiresAt(expiresAt.toString());
    g.setState(state);
    return g;
  }

  private static DashboardSnapshot build(List<Environment> envs, List<Promotion> promotions, List<AccessPolicy> policies) {
    return new SnapshotBuilder(NOW).build(envs, promotions, policies, List.of(), true);
  }
}
