package io.stageline.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.api.v1alpha1.AccessPolicy;
import io.stageline.api.v1alpha1.AccessPolicySpec;
import io.stageline.api.v1alpha1.ConfigSpec;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.Gate;
import io.stageline.api.v1alpha1.Promotion;
import io.stageline.api.v1alpha1.PromotionSpec;
import io.stageline.api.v1alpha1.PromotionStatus;
import io.stageline.api.v1alpha1.Release;
import io.stageline.api.v1alpha1.Stage;
import io.stageline.api.v1alpha1.SubjectRef;
import io.stageline.api.v1alpha1.Workloads;
import io.stageline.testing.ApiRequests;
import io.stageline.testing.Awaits;
import io.stageline.testing.Edits;
import io.stageline.testing.Environments;
import io.stageline.testing.OperatorExtension;
import io.stageline.testing.SecretFixtures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A reconcile that finds nothing to change reads from the informer caches and writes nothing: the
 * operator's client sends no GET and no write when an Environment, a waiting Promotion and an
 * AccessPolicy are reconciled again without a change (the API is asked only when something changed).
 */
class NoOpResyncTest {
  private static final Map<String, String> APP = Map.of("app", "shop");

  @RegisterExtension
  OperatorExtension op = OperatorExtension.running();

  @Test
  void aResyncOfAnEnvironmentAPromotionAndAnAccessPolicyReadsAndWritesNothing() {
    KubernetesClient client = op.client();
    // a first stage: no upstream needed and no platform-required gates, so the promotion waits on its approval
    client.resource(Environments.development("staging").with(spec -> {
      spec.setQuota(Environments.quota());
      spec.setLimits(Environments.limits());
      ConfigSpec config = new ConfigSpec();
      config.setData(Map.of("LOG_LEVEL", "info"));
      spec.setConfig(config);
      spec.setSecrets(List.of(SecretFixtures.generated("db", "password")));
      Workloads workloads = new Workloads();
      workloads.setSelector(new LabelSelectorBuilder().withMatchLabels(APP).build());
      spec.setWorkloads(workloads);
    }).build()).create();
    await().atMost(Awaits.TIMEOUT).until(() -> Environments.isReady(client, "staging"));
    client.resource(new DeploymentBuilder()
        .withNewMetadata().withName("shop").withNamespace("staging").withLabels(APP).endMetadata()
        .withNewSpec().withReplicas(0).withNewSelector().withMatchLabels(APP).endSelector()
          .withNewTemplate().withNewMetadata().withLabels(APP).endMetadata()
            .withNewSpec().addNewContainer().withName("web").withImage("registry.example/web:1.0").endContainer().endSpec()
          .endTemplate().endSpec()
        .build()).create();
    client.resource(policy()).create();
    client.resource(promotionWaitingForApproval()).create();
    await().atMost(Awaits.TIMEOUT).until(() -> !bindings(client).isEmpty() && waitingOnApproval(client));

    awaitQuiet();
    ApiRequests requests = op.operatorRequests();
    long reads = requests.reads();
    long writes = requests.writes();
    long sent = requests.total();
    Map<String, Double> before = successes();

    // a change that concerns no reconciler's output reaches all three: Promotions and AccessPolicies map
    // Environment events to themselves
    Edits.edit(client.resources(Environment.class).withName("staging"), e -> {
      e.getMetadata().getAnnotations().put("example.com/touched", "yes");
      return e;
    });
    await().atMost(Awaits.TIMEOUT).until(() -> reconciledAgain(before, "environment")
        && reconciledAgain(before, "promotion") && reconciledAgain(before, "accesspolicy"));

    assertThat(requests.reads()).as("GET requests the operator sent for the resync: %s", requests.since(sent))
        .isEqualTo(reads);
    assertThat(requests.writes()).as("writes the operator sent for the resync: %s", requests.since(sent))
        .isEqualTo(writes);
  }

  /** Until the operator has sent nothing for two seconds: provisioning and its follow-up reconciles are over. */
  private void awaitQuiet() {
    ApiRequests requests = op.operatorRequests();
    long[] last = {-1};
    await().atMost(Awaits.TIMEOUT).pollInterval(Duration.ofMillis(200)).during(Duration.ofSeconds(2))
        .until(() -> {
          long now = requests.reads() + requests.writes();
          boolean same = now == last[0];
          last[0] = now;
          return same;
        });
  }

  private boolean reconciledAgain(Map<String, Double> before, String controller) {
    return successes().getOrDefault(controller, 0.0) > before.getOrDefault(controller, 0.0);
  }

  /** Reconciles finished so far, by controller (JOSDK's reconcile timers count them). */
  private Map<String, Double> successes() {
    Map<String, Double> counts = new java.util.HashMap<>();
    op.operator().context().metrics().registry().getMeters().stream()
        .filter(m -> m instanceof io.micrometer.core.instrument.Timer)
        .filter(m -> m.getId().getName().equals("operator.sdk.controllers.execution.reconcile"))
        .forEach(m -> counts.merge(m.getId().getTag("controller"),
            (double) ((io.micrometer.core.instrument.Timer) m).count(), Double::sum));
    return counts;
  }

  private static AccessPolicy policy() {
    AccessPolicy p = new AccessPolicy();
    p.setMetadata(new ObjectMetaBuilder().withName("developers").build());
    AccessPolicySpec spec = new AccessPolicySpec();
    AccessPolicySpec.EnvironmentSelector environments = new AccessPolicySpec.EnvironmentSelector();
    environments.setStages(new ArrayList<>(List.of(Stage.development)));
    spec.setEnvironments(environments);
    AccessPolicySpec.Grant grant = new AccessPolicySpec.Grant();
    grant.setAccess(AccessPolicySpec.Level.read);
    grant.setSubjects(new ArrayList<>(List.of(new SubjectRef(SubjectRef.Kind.Group, "developers", null))));
    spec.setGrants(new ArrayList<>(List.of(grant)));
    p.setSpec(spec);
    return p;
  }

  private static Promotion promotionWaitingForApproval() {
    Promotion p = new Promotion();
    p.setMetadata(new ObjectMetaBuilder().withName("shop-1-1").withNamespace("staging").build());
    PromotionSpec spec = new PromotionSpec();
    spec.setEnvironment("staging");
    spec.setRelease(new Release("1.1", Map.of("web", "registry.example/web:1.1")));
    spec.setRequestedBy("alice");
    Gate gate = new Gate();
    Gate.ApprovalGate approval = new Gate.ApprovalGate();
    approval.setCount(1);
    approval.setGroups(List.of("release-managers"));
    gate.setApproval(approval);
    spec.setGates(new ArrayList<>(List.of(gate)));
    p.setSpec(spec);
    return p;
  }

  private static List<RoleBinding> bindings(KubernetesClient client) {
    return client.rbac().roleBindings().inNamespace("staging").list().getItems().stream()
        .filter(rb -> rb.getMetadata().getLabels() != null
            && rb.getMetadata().getLabels().containsKey("stageline.io/access-policy")).toList();
  }

  private static boolean waitingOnApproval(KubernetesClient client) {
    Promotion p = client.resources(Promotion.class).inNamespace("staging").withName("shop-1-1").get();
    return p != null && p.getStatus() != null && p.getStatus().getPhase() == PromotionStatus.Phase.WaitingForGates;
  }
}
