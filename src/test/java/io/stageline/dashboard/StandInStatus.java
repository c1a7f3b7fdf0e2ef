package io.stageline.dashboard;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.StagelineOperator;
import io.stageline.api.v1alpha1.AccessPolicy;
import io.stageline.api.v1alpha1.AccessPolicyStatus;
import io.stageline.api.v1alpha1.AccessPolicyStatus.EmergencyGrant;
import io.stageline.api.v1alpha1.Approval;
import io.stageline.api.v1alpha1.BackupStatus;
import io.stageline.api.v1alpha1.ComplianceFinding;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.EnvironmentStatus;
import io.stageline.api.v1alpha1.Gate;
import io.stageline.api.v1alpha1.ParityStatus;
import io.stageline.api.v1alpha1.Promotion;
import io.stageline.api.v1alpha1.PromotionStatus;
import io.stageline.api.v1alpha1.PromotionStatus.ApprovalStatus;
import io.stageline.api.v1alpha1.PromotionStatus.GateStatus;
import io.stageline.audit.AuditEvent.Outcome;
import io.stageline.audit.Auditor;
import io.stageline.testing.Awaits;
import io.stageline.testing.Edits;
import io.stageline.testing.MutableClock;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * For each kind whose reconciler the operator runs, waits for the status it writes; for a kind
 * whose reconciler is not registered (yet), writes the status that reconciler would, through the
 * status subresource, so that the dashboard is tested against the same API either way.
 */
final class StandInStatus {

  private final KubernetesClient client;
  private final Auditor auditor;
  private final MutableClock clock;
  private final StagelineOperator operator;

  StandInStatus(KubernetesClient client, Auditor auditor, MutableClock clock, StagelineOperator operator) {
    this.client = client;
    this.auditor = auditor;
    this.clock = clock;
    this.operator = operator;
  }

  boolean reconciled(Class<? extends HasMetadata> kind) {
    return operator != null && operator.operator().getRegisteredControllers().stream()
        .anyMatch(c -> c.getConfiguration().getResourceClass().equals(kind));
  }

  /** Every Environment ready, with a release history along the path. */
  void environments() {
    if (reconciled(Environment.class)) {
      await().atMost(Awaits.TIMEOUT).until(() -> client.resources(Environment.class).list().getItems().stream()
          .allMatch(e -> e.getStatus() != null && e.getStatus().isReady()));
      return;
    }
    Instant now = clock.instant();
    standIn("development", now, List.of(release(1, "1.5.0", now.minus(Duration.ofHours(30))),
        release(2, "1.6.0", now.minus(Duration.ofHours(3)))), null, null);
    standIn("test", now, List.of(release(1, "1.5.0", now.minus(Duration.ofHours(29))),
        release(2, "1.6.0", now.minus(Duration.ofMinutes(100)))), parity("development", "1.6.0", "1.6.0", null), null);
    standIn("staging", now, List.of(release(1, "1.4.0", now.minus(Duration.ofDays(6))),
        release(2, "1.5.0", now.minus(Duration.ofHours(26)))),
        parity("test", "1.6.0", "1.5.0", now.minus(Duration.ofMinutes(100))),
        new ComplianceFinding("UnmanagedRoleBinding", "RoleBinding shop-staging/debug-access",
            "grants edit to User:dave; no AccessPolicy manages it"));
    standIn("production", now, List.of(release(1, "1.3.2", now.minus(Duration.ofDays(12))),
        release(2, "1.4.0", now.minus(Duration.ofDays(5)))),
        parity("staging", "1.5.0", "1.4.0", now.minus(Duration.ofHours(26))), null);
  }

  private void standIn(String name, Instant now, List<io.stageline.api.v1alpha1.ReleaseRecord> history,
      ParityStatus parity, ComplianceFinding finding) {
    Edits.editStatus(client.resources(Environment.class).withName(name), env -> {
      EnvironmentStatus status = DashboardFixtures.ready(env);
      status.setReleaseHistory(new ArrayList<>(history));
      status.setRelease(history.get(history.size() - 1));
      status.setParity(parity);
      if (parity != null) {
        boolean same = Objects.equals(parity.getUpstreamVersion(), parity.getVersion());
        status.getConditions().add(DashboardFixtures.condition("InParity", same ? "True" : "False",
            same ? "InParity" : "VersionSkew", same ? "runs what " + parity.getUpstream() + " runs"
                : "runs " + parity.getVersion() + ", " + parity.getUpstream() + " runs " + parity.getUpstreamVersion()));
      }
      if (finding != null) {
        status.getCompliance().add(finding);
        status.getConditions().add(DashboardFixtures.condition("Compliant", "False", finding.getType(), finding.getMessage()));
      }
      if ("production".equals(name)) {
        BackupStatus backup = new BackupStatus();
        backup.setSchedule("0 2 * * *");
        backup.setLastBackup(now.minus(Duration.ofHours(10)).toString());
        status.setBackup(backup);
        status.getConditions().add(DashboardFixtures.condition("BackupScheduled", "True", "ScheduleCreated",
            "Velero Schedule shop-prod-daily"));
      }
      return env;
    });
    Environment provisioned = client.resources(Environment.class).withName(name).get();
    auditor.success(provisioned, "Provision", "Provisioned",
        "namespace " + provisioned.targetNamespace() + " provisioned with quota, limits, network policy and pod security");
  }

  private static io.stageline.api.v1alpha1.ReleaseRecord release(int revision, String version, Instant at) {
    return DashboardFixtures.release(revision, version, at);
  }

  private static ParityStatus parity(String upstream, String upstreamVersion, String version, Instant skewSince) {
    ParityStatus p = new ParityStatus();
    p.setUpstream(upstream);
    p.setUpstreamVersion(upstreamVersion);
    p.setVersion(version);
    p.setSkewSince(skewSince == null ? null : skewSince.toString());
    return p;
  }

  /** The promotion once its approval gate waits (the reconciler's status, or the one it would write). */
  Promotion waitingForApproval(Promotion promotion) {
    if (reconciled(Promotion.class)) {
      return await().atMost(Awaits.TIMEOUT).until(() -> fetch(promotion), p -> p.getStatus() != null
          && p.getStatus().getWaitingOn() != null && approvalGate(p) != null && approvalGate(p).getMessage() != null);
    }
    return writeGates(promotion, 0);
  }

  /**
   * Takes a release along the path up to (not into) the last stage with gate-less promotions, as a
   * team would, so that a promotion to the last stage is admitted. Without a promotion reconciler
   * the Environments' stand-in history already holds the release.
   */
  void released(String version, Map<String, String> images, List<Environment> stages, List<Duration> dwell) {
    if (!reconciled(Promotion.class)) {
      return;
    }
    for (int i = 0; i < stages.size(); i++) {
      if (i > 0) {
        clock.advance(dwell.get(i - 1));
      }
      Environment env = stages.get(i);
      Promotion p = DashboardFixtures.promotion("shop-" + version.replace('.', '-'), env.getMetadata().getName(), version);
      p.getMetadata().setNamespace(env.targetNamespace());
      p.getMetadata().setCreationTimestamp(null);
      p.setStatus(null);
      p.getSpec().setRelease(i == 0 ? new io.stageline.api.v1alpha1.Release(version, images) : null);
      p.getSpec().setRequestedBy(io.stageline.embedded.authz.UserInfo.ADMIN.username()); // the creating user, as admission checks
      boolean testsRequired = env.getSpec().getStage() == io.stageline.api.v1alpha1.Stage.test
          || env.getSpec().getStage() == io.stageline.api.v1alpha1.Stage.staging;
      if (testsRequired) {
        // the platform's default: promotions into test and staging run their tests as a Job gate
        p.getSpec().setGates(new ArrayList<>(List.of(testsGate())));
      }
      Promotion created = client.resource(p).create();
      if (testsRequired) {
        completeJob(env.targetNamespace(), created.getMetadata().getName() + "-automated-tests");
      }
      await().atMost(Awaits.TIMEOUT).until(() -> fetch(created),
          q -> q.getStatus() != null && q.getStatus().getPhase() == PromotionStatus.Phase.Succeeded);
    }
    clock.advance(dwell.get(stages.size() - 1));
  }

  private static Gate testsGate() {
    Gate gate = new Gate();
    gate.setName("automated-tests");
    Gate.JobGate job = new Gate.JobGate();
    job.setTemplate(Serialization.unmarshal("""
        {"template": {"spec": {"restartPolicy": "Never",
          "containers": [{"name": "tests", "image": "registry.example/shop-tests:1", "command": ["true"]}]}}}""",
        com.fasterxml.jackson.databind.JsonNode.class));
    gate.setJob(job);
    return gate;
  }

  /** As a CI system (or the Job controller) would: the gate's Job, once the operator made it, is Complete. */
  private void completeJob(String namespace, String name) {
    var job = await().atMost(Awaits.TIMEOUT).until(() -> client.batch().v1().jobs().inNamespace(namespace).withName(name).get(),
        Objects::nonNull);
    job.setStatus(new io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder()
        .addNewCondition().withType("Complete").withStatus("True").endCondition().build());
    client.resource(job).updateStatus();
  }

  /** The status of the promotion's (first) approval gate, found by the name its spec gives it or by kind. */
  static GateStatus approvalGate(Promotion p) {
    String name = p.getSpec().getGates().stream().filter(g -> g.getApproval() != null).map(Gate::getName)
        .filter(Objects::nonNull).findFirst().orElse(null);
    return p.getStatus() == null ? null : p.getStatus().getGates().stream()
        .filter(g -> name != null ? name.equals(g.getName()) : "approval".equalsIgnoreCase(g.getKind()))
        .findFirst().orElse(null);
  }

  /** Adds an approval through the API, as an approver would, and returns the promotion once judged. */
  Promotion approve(Promotion promotion, String by) {
    String before = approvalGate(fetch(promotion)).getMessage();
    // as kubectl would send it; on a real cluster admission fills in the approver's groups, which
    // only the promotion reconciler's model knows
    Map<String, Object> approval = new java.util.LinkedHashMap<>(
        Map.of("by", by, "at", clock.instant().toString(), "comment", "tested in staging"));
    if (reconciled(Promotion.class)) {
      approval.put("groups", List.of("release-managers"));
    }
    if (reconciled(Promotion.class)) {
      // an approval is a signature: sent as the approver, whom the shipped admission policy checks
      String namespace = promotion.getMetadata().getNamespace();
      client.resource(new io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder()
          .withNewMetadata().withName("release-managers").withNamespace(namespace).endMetadata()
          .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName("stageline-admin")
          .endRoleRef()
          .addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("Group").withName("release-managers")
          .endSubject().build()).createOr(io.fabric8.kubernetes.client.dsl.NonDeletingOperation::update);
      io.fabric8.kubernetes.client.Config as = new io.fabric8.kubernetes.client.ConfigBuilder(client.getConfiguration())
          .withImpersonateUsername(by).withImpersonateGroups("release-managers").build();
      try (KubernetesClient approver = new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(as).build()) {
        approver.genericKubernetesResources("stageline.io/v1alpha1", "Promotion")
            .inNamespace(namespace).withName(promotion.getMetadata().getName())
            .patch(PatchContext.of(PatchType.JSON), Serialization.asJson(
                List.of(Map.of("op", "add", "path", "/spec/approvals/-", "value", approval))));
      }
    } else {
      client.genericKubernetesResources("stageline.io/v1alpha1", "Promotion")
          .inNamespace(promotion.getMetadata().getNamespace()).withName(promotion.getMetadata().getName())
          .patch(PatchContext.of(PatchType.JSON), Serialization.asJson(
              List.of(Map.of("op", "add", "path", "/spec/approvals/-", "value", approval))));
    }
    if (reconciled(Promotion.class)) {
      return await().atMost(Awaits.TIMEOUT).until(() -> fetch(promotion),
          p -> !Objects.equals(approvalGate(p).getMessage(), before));
    }
    Promotion judged = writeGates(promotion, 1);
    auditor.record(judged, "Approve", Outcome.Success, "ApprovalAccepted", by + " approved " + judged.getMetadata().getName(),
        by, Map.of("gate", "release-managers"), false);
    return judged;
  }

  private Promotion writeGates(Promotion promotion, int accepted) {
    Instant now = clock.instant();
    return Edits.editStatus(client.resources(Promotion.class).inNamespace(promotion.getMetadata().getNamespace())
        .withName(promotion.getMetadata().getName()), p -> {
          PromotionStatus status = new PromotionStatus();
          status.setPhase(PromotionStatus.Phase.WaitingForGates);
          status.setStartedAt(now.minus(Duration.ofMinutes(20)).toString());
          String waitingOn = null;
          for (Gate gate : p.getSpec().getGates()) {
            GateStatus g = new GateStatus();
            g.setName(gate.getName());
            g.setSince(now.minus(Duration.ofMinutes(20)).toString());
            if (gate.getApproval() != null) {
              g.setKind("approval");
              g.setState(GateStatus.State.Waiting);
              String from = String.join(", ", gate.getApproval().getGroups());
              g.setMessage("needs " + gate.getApproval().getCount() + " approvals from group " + from + "; "
                  + accepted + " accepted" + (accepted > 0 ? " (" + String.join(", ", approvers(p)) + ")" : ""));
              waitingOn = waitingOn == null ? g.getMessage() : waitingOn;
            } else {
              g.setKind(gate.getSoak() != null ? "soak" : "gate");
              g.setState(GateStatus.State.Passed);
              g.setMessage("1.5.0 has run in staging for 26h (needs 24h)");
            }
            status.getGates().add(g);
          }
          for (String by : approvers(p)) {
            ApprovalStatus a = new ApprovalStatus();
            a.setBy(by);
            a.setAccepted(true);
            status.getApprovals().add(a);
          }
          status.setWaitingOn(waitingOn);
          p.setStatus(status);
          return p;
        });
  }

  private static List<String> approvers(Promotion p) {
    return p.getSpec().getApprovals().stream().map(Approval::getBy).toList();
  }

  private Promotion fetch(Promotion promotion) {
    return client.resources(Promotion.class).inNamespace(promotion.getMetadata().getNamespace())
        .withName(promotion.getMetadata().getName()).get();
  }

  /** The policy once its RoleBindings are made (with no access reconciler the page shows it from its spec). */
  void bound(AccessPolicy policy) {
    if (reconciled(AccessPolicy.class)) {
      await().atMost(Awaits.TIMEOUT).until(() -> client.resources(AccessPolicy.class).withName(policy.getMetadata().getName()).get(),
          p -> p.getStatus() != null && !p.getStatus().getBindings().isEmpty());
    }
  }

  /** The policy once its emergency grant is bound. */
  AccessPolicy emergencyBound(AccessPolicy policy) {
    String name = policy.getMetadata().getName();
    if (reconciled(AccessPolicy.class)) {
      return await().atMost(Awaits.TIMEOUT).until(() -> client.resources(AccessPolicy.class).withName(name).get(),
          p -> p.getStatus() != null && p.getStatus().getEmergencyGrants().stream()
              .anyMatch(g -> g.getState() == EmergencyGrant.State.Active));
    }
    var grant = policy.getSpec().getGrants().stream().filter(g -> g.getEmergency() != null).findFirst().orElseThrow();
    String subject = grant.getSubjects().get(0).toString();
    // the stage's cap (production: 4h) shortens a later expiry, as the access reconciler does
    String requested = grant.getEmergency().getExpiresAt();
    Instant cap = clock.instant().plus(Duration.ofHours(4));
    String expiresAt = Instant.parse(requested).isAfter(cap) ? cap.toString() : requested;
    AccessPolicy bound = Edits.editStatus(client.resources(AccessPolicy.class).withName(name), p -> {
      AccessPolicyStatus status = new AccessPolicyStatus();
      status.setPhase(AccessPolicyStatus.Phase.Active);
      status.setExpiresAt(expiresAt);
      status.setBindings(new ArrayList<>(List.of(DashboardFixtures.binding("shop-prod", subject,
          grant.getAccess().name(), expiresAt))));
      status.setBindingCount(1);
      EmergencyGrant g = new EmergencyGrant();
      g.setGrant("7f3a9c2e");
      g.setAccess(grant.getAccess().name());
      g.setSubjects(List.of(subject));
      g.setReason(grant.getEmergency().getReason());
      g.setTicket(grant.getEmergency().getTicket());
      g.setGrantedAt(clock.instant().toString());
      g.setExpiresAt(expiresAt);
      g.setState(EmergencyGrant.State.Active);
      status.setEmergencyGrants(new ArrayList<>(List.of(g)));
      p.setStatus(status);
      return p;
    });
    auditor.record(bound, "Grant", Outcome.Success, "EmergencyAccessGranted",
        grant.getAccess() + " for " + subject + " in shop-prod until " + expiresAt + ": " + grant.getEmergency().getReason(),
        null, Map.of("ticket", String.valueOf(grant.getEmergency().getTicket())), true);
    return bound;
  }
}
