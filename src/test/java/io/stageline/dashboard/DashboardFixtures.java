package io.stageline.dashboard;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.stageline.api.Labels;
import io.stageline.api.v1alpha1.AccessPolicy;
import io.stageline.api.v1alpha1.AccessPolicySpec.EnvironmentSelector;
import io.stageline.api.v1alpha1.AccessPolicySpec.Grant;
import io.stageline.api.v1alpha1.AccessPolicySpec.Level;
import io.stageline.api.v1alpha1.AccessPolicySpec;
import io.stageline.api.v1alpha1.AccessPolicyStatus;
import io.stageline.api.v1alpha1.Approval;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.EnvironmentStatus;
import io.stageline.api.v1alpha1.Gate;
import io.stageline.api.v1alpha1.Promotion;
import io.stageline.api.v1alpha1.PromotionSpec;
import io.stageline.api.v1alpha1.PromotionStatus.GateStatus;
import io.stageline.api.v1alpha1.PromotionStatus;
import io.stageline.api.v1alpha1.Release;
import io.stageline.api.v1alpha1.ReleaseRecord;
import io.stageline.api.v1alpha1.Stage;
import io.stageline.api.v1alpha1.SubjectRef;
import io.stageline.testing.Environments;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Environments, Promotions and AccessPolicies with the status the reconcilers write, for dashboard tests. */
final class DashboardFixtures {
  private DashboardFixtures() {}

  static Environment environment(String name, Stage stage, String upstream) {
    // no required gates unless a test adds them (then the dashboard counts them as the operator does)
    return Environments.of(name, stage).withLabels(Map.of(Labels.PATH, "shop")).withUpstream(upstream)
        .withNamespace("shop-" + name).withRequiredGates().build();
  }

  static EnvironmentStatus ready(Environment env) {
    EnvironmentStatus status = new EnvironmentStatus();
    status.setPhase(EnvironmentStatus.Phase.Ready);
    status.setNamespace(env.getSpec().getNamespace());
    status.getConditions().add(condition("Ready", "True", "Provisioned", "namespace, quota, limits and policies in place"));
    env.setStatus(status);
    return status;
  }

  static Condition condition(String type, String status, String reason, String message) {
    return new ConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
        .withLastTransitionTime("2026-11-24T09:00:00Z").build();
  }

  static ReleaseRecord release(int revision, String version, Instant at) {
    ReleaseRecord r = new ReleaseRecord();
    r.setRevision(revision);
    r.setVersion(version);
    r.setImages(Map.of("web", "registry.example.com/shop/web:" + version));
    r.setConfigRevision(revision);
    r.setAt(at.toString());
    r.setVerified(true);
    return r;
  }

  /** Sets the release history (oldest first) and makes its last entry the current release. */
  static void history(Environment env, ReleaseRecord... records) {
    EnvironmentStatus status = env.getStatus() == null ? ready(env) : env.getStatus();
    status.setReleaseHistory(new ArrayList<>(List.of(records)));
    status.setRelease(records[records.length - 1]);
  }

  static Promotion promotion(String name, String environment, String version) {
    Promotion p = new Promotion();
    p.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("shop-" + environment)
        .withCreationTimestamp("2026-11-24T10:00:00Z").build());
    PromotionSpec spec = new PromotionSpec();
    spec.setEnvironment(environment);
    spec.setRelease(new Release(version, Map.of("web", "registry.example.com/shop/web:" + version)));
    p.setSpec(spec);
    p.setStatus(new PromotionStatus());
    return p;
  }

  static Gate approvalGate(String name, int count, String group) {
    Gate gate = new Gate();
    gate.setName(name);
    Gate.ApprovalGate approval = new Gate.ApprovalGate();
    approval.setCount(count);
    approval.setGroups(List.of(group));
    gate.setApproval(approval);
    return gate;
  }

  static GateStatus gateStatus(String name, String kind, GateStatus.State state, String message) {
    GateStatus g = new GateStatus();
    g.setName(name);
    g.setKind(kind);
    g.setState(state);
    g.setMessage(message);
    g.setSince("2026-11-24T10:00:05Z");
    return g;
  }

  static Approval approval(String by) {
    return new Approval(by, "2026-11-24T10:05:00Z", "looks good");
  }

  static AccessPolicy policy(String name, List<Stage> stages, Grant... grants) {
    AccessPolicy policy = new AccessPolicy();
    policy.setMetadata(new ObjectMetaBuilder().withName(name).build());
    AccessPolicySpec spec = new AccessPolicySpec();
    EnvironmentSelector selector = new EnvironmentSelector();
    selector.setStages(new ArrayList<>(stages));
    spec.setEnvironments(selector);
    spec.setGrants(new ArrayList<>(List.of(grants)));
    policy.setSpec(spec);
    return policy;
  }

  static Grant grant(Level level, SubjectRef... subjects) {
    Grant g = new Grant();
    g.setAccess(level);
    g.setSubjects(new ArrayList<>(List.of(subjects)));
    return g;
  }

  static Grant emergency(Level level, Instant expiresAt, SubjectRef... subjects) {
    Grant g = grant(level, subjects);
    AccessPolicySpec.Emergency e = new AccessPolicySpec.Emergency();
    e.setReason("checkout outage");
    e.setTicket("INC-4711");
    e.setExpiresAt(expiresAt.toString());
    g.setEmergency(e);
    return g;
  }

  static SubjectRef group(String name) {
    return new SubjectRef(SubjectRef.Kind.Group, name, null);
  }

  static AccessPolicyStatus.Binding binding(String namespace, String subject, String access, String expiresAt) {
    AccessPolicyStatus.Binding b = new AccessPolicyStatus.Binding();
    b.setNamespace(namespace);
    b.setSubject(subject);
    b.setAccess(access);
    b.setRoleBinding("stageline-" + access);
    b.setExpiresAt(expiresAt);
    return b;
  }
}
