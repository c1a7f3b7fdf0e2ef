package io.stageline.environment;

import static io.stageline.environment.TestEnvironments.get;
import static io.stageline.environment.TestEnvironments.hasEvent;
import static io.stageline.testing.Environments.isReady;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.EnvironmentConditions;
import io.stageline.api.v1alpha1.EnvironmentStatus.Phase;
import io.stageline.environment.dependent.LimitRangeDependentResource;
import io.stageline.environment.dependent.NetworkPolicyDependentResource;
import io.stageline.environment.dependent.ResourceQuotaDependentResource;
import io.stageline.testing.Awaits;
import io.stageline.testing.Edits;
import io.stageline.testing.Environments;
import io.stageline.testing.Ground;
import io.stageline.testing.OnBothGrounds;

/**
 * An Environment's provisioning, drift repair and deletion, on the embedded API and on kube-apiserver with
 * kube-controller-manager (whose namespace controller terminates namespaces). The names start with "bg-"
 * because the real control plane is shared by every real-server test of the run.
 */
class EnvironmentOnBothGroundsTest {
  @OnBothGrounds
  void provisionsLabelledNamespaceWithQuotaLimitsAndIsolation(Ground ground) {
    KubernetesClient client = ground.admin();
    client.resource(Environments.development("bg-provision").withQuotaAndLimits().build()).create();

    await().until(() -> isReady(client, "bg-provision"));

    Namespace ns = client.namespaces().withName("bg-provision").get();
    assertThat(ns.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "stageline")
        .containsEntry("stageline.io/environment", "bg-provision")
        .containsEntry("stageline.io/stage", "development")
        .containsEntry("pod-security.kubernetes.io/enforce", "baseline");
    ResourceQuota quota = client.resourceQuotas().inNamespace("bg-provision").withName(ResourceQuotaDependentResource.NAME).get();
    assertThat(quota.getSpec().getHard()).containsEntry("pods", new Quantity("20"));
    LimitRange limits = client.limitRanges().inNamespace("bg-provision").withName(LimitRangeDependentResource.NAME).get();
    assertThat(limits.getSpec().getLimits().get(0).getDefault()).containsEntry("cpu", new Quantity("500m"));
    NetworkPolicy policy = client.network().v1().networkPolicies().inNamespace("bg-provision")
        .withName(NetworkPolicyDependentResource.NAME).get();
    assertThat(policy.getSpec().getIngress()).hasSize(1);
    assertThat(policy.getSpec().getIngress().get(0).getFrom().get(0).getNamespaceSelector()).isNull();

    Environment env = get(client, "bg-provision");
    assertThat(env.getStatus().getPhase()).isEqualTo(Phase.Ready);
    assertThat(env.getStatus().getNamespace()).isEqualTo("bg-provision");
    assertThat(env.getStatus().getObservedGeneration()).isEqualTo(env.getMetadata().getGeneration());
    assertThat(TestEnvironments.conditionStatus(env, EnvironmentConditions.Type.NAMESPACE_READY)).isEqualTo("True");
    assertThat(env.getMetadata().getFinalizers()).isNotEmpty();
    await().until(() -> hasEvent(client, "bg-provision", "Normal", EnvironmentConditions.Reason.PROVISIONED));

    // What the server adds (a namespace's spec.finalizers and kubernetes.io/metadata.name label, defaults) is
    // no drift: a reconcile brought by a quota change rewrites the quota and nothing else.
    String namespaceVersion = ns.getMetadata().getResourceVersion();
    String limitsVersion = limits.getMetadata().getResourceVersion();
    String policyVersion = policy.getMetadata().getResourceVersion();
    long generation = Edits.edit(client.resources(Environment.class).withName("bg-provision"), e -> {
      e.getSpec().setQuota(java.util.Map.of("requests.cpu", new Quantity("4"), "pods", new Quantity("30")));
      return e;
    }).getMetadata().getGeneration();
    await().until(() -> Long.valueOf(generation).equals(get(client, "bg-provision").getStatus().getObservedGeneration()));
    assertThat(client.resourceQuotas().inNamespace("bg-provision").withName(ResourceQuotaDependentResource.NAME).get()
        .getSpec().getHard()).containsEntry("pods", new Quantity("30"));
    assertThat(client.namespaces().withName("bg-provision").get().getMetadata().getResourceVersion())
        .as("namespace rewritten").isEqualTo(namespaceVersion);
    assertThat(client.limitRanges().inNamespace("bg-provision").withName(LimitRangeDependentResource.NAME).get()
        .getMetadata().getResourceVersion()).as("LimitRange rewritten").isEqualTo(limitsVersion);
    assertThat(client.network().v1().networkPolicies().inNamespace("bg-provision")
        .withName(NetworkPolicyDependentResource.NAME).get().getMetadata().getResourceVersion())
        .as("NetworkPolicy rewritten").isEqualTo(policyVersion);
    assertThat(hasEvent(client, "bg-provision", "Normal", EnvironmentConditions.Reason.DRIFT_CORRECTED)).as("drift reported").isFalse();
  }

  @OnBothGrounds
  void revertsALoweredPodSecurityLabelAndAnEditedQuota(Ground ground) {
    KubernetesClient client = ground.admin();
    client.resource(Environments.staging("bg-drift").withQuota(Environments.quota()).build()).create();
    await().until(() -> isReady(client, "bg-drift"));

    Edits.edit(client.namespaces().withName("bg-drift"), ns -> {
      ns.getMetadata().getLabels().put("pod-security.kubernetes.io/enforce", "privileged");
      return ns;
    });
    Edits.edit(client.resourceQuotas().inNamespace("bg-drift").withName(ResourceQuotaDependentResource.NAME), q -> {
      q.getSpec().getHard().put("pods", new Quantity("999"));
      q.getSpec().getHard().remove("requests.cpu");
      return q;
    });

    await().untilAsserted(() -> assertThat(client.namespaces().withName("bg-drift").get().getMetadata().getLabels())
        .containsEntry("pod-security.kubernetes.io/enforce", "restricted"));
    await().until(() -> hasEvent(client, "bg-drift", "Normal", EnvironmentConditions.Reason.DRIFT_CORRECTED));
    await().untilAsserted(() -> assertThat(client.resourceQuotas().inNamespace("bg-drift")
        .withName(ResourceQuotaDependentResource.NAME).get().getSpec().getHard())
        .isEqualTo(Environments.quota()));
  }

  @OnBothGrounds
  void developmentNamespaceIsDeletedWithItsEnvironmentAndProductionsIsRetained(Ground ground) {
    KubernetesClient client = ground.admin();
    client.resource(Environments.development("bg-delete").withQuota(Environments.quota()).build()).create();
    client.resource(Environments.production("bg-retain").withQuota(Environments.quota()).build()).create();
    await().until(() -> isReady(client, "bg-delete") && isReady(client, "bg-retain"));

    client.resources(Environment.class).withName("bg-delete").delete();
    client.resources(Environment.class).withName("bg-retain").delete();

    // On the real server the namespace controller empties the namespace first: it can take minutes when loaded.
    await().atMost(Awaits.PROCESS_START).until(() -> client.resources(Environment.class).withName("bg-delete").get() == null
        && client.namespaces().withName("bg-delete").get() == null);
    assertThat(hasEvent(client, "bg-delete", "Normal", EnvironmentConditions.Reason.DELETED)).isTrue();
    await().until(() -> client.resources(Environment.class).withName("bg-retain").get() == null);
    assertThat(client.namespaces().withName("bg-retain").get().getMetadata().getLabels())
        .containsEntry("stageline.io/retained", "true");
    assertThat(client.resourceQuotas().inNamespace("bg-retain").withName(ResourceQuotaDependentResource.NAME).get())
        .isNotNull();
    assertThat(hasEvent(client, "bg-retain", "Normal", EnvironmentConditions.Reason.RETAINED)).isTrue();
  }
}
