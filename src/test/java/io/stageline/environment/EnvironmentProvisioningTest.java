package io.stageline.environment;

import static io.stageline.environment.TestEnvironments.get;
import static io.stageline.testing.Environments.isReady;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.Isolation.NetworkPolicyMode;
import io.stageline.api.v1alpha1.Isolation;
import io.stageline.environment.dependent.NetworkPolicyDependentResource;
import io.stageline.environment.dependent.ResourceQuotaDependentResource;
import io.stageline.testing.Edits;
import io.stageline.testing.Environments;
import io.stageline.testing.OperatorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EnvironmentProvisioningTest {
  @RegisterExtension
  OperatorExtension op = OperatorExtension.running();

  private KubernetesClient client() {
    return op.client();
  }

  @Test
  void stagingAndProductionEnforceRestrictedPodSecurityByDefault() {
    client().resource(Environments.staging("staging").build()).create();
    client().resource(Environments.production("prod").with(spec -> {
      Isolation isolation = new Isolation();
      isolation.setPodSecurity(Isolation.PodSecurityLevel.baseline);
      spec.setIsolation(isolation);
    }).build()).create();

    await().until(() -> isReady(client(), "staging") && isReady(client(), "prod"));

    assertThat(client().namespaces().withName("staging").get().getMetadata().getLabels())
        .containsEntry("pod-security.kubernetes.io/enforce", "restricted");
    assertThat(client().namespaces().withName("prod").get().getMetadata().getLabels())
        .containsEntry("pod-security.kubernetes.io/enforce", "baseline");
    // a production stage below its default isolation is reported, not refused
    assertThat(get(client(), "prod").getStatus().getCompliance()).extracting(f -> f.getType())
        .containsExactly("PodSecurityLowered");
  }

  @Test
  void networkPolicyFollowsTheIsolationMode() {
    client().resource(Environments.test("test").build()).create();
    await().until(() -> networkPolicy("test") != null);

    Edits.edit(client().resources(Environment.class).withName("test"), e -> {
      e.getSpec().setIsolation(isolation(NetworkPolicyMode.DefaultDeny));
      return e;
    });
    await().untilAsserted(() -> assertThat(networkPolicy("test").getSpec().getIngress()).isEmpty());

    Edits.edit(client().resources(Environment.class).withName("test"), e -> {
      e.getSpec().setIsolation(isolation(NetworkPolicyMode.None));
      return e;
    });
    await().until(() -> networkPolicy("test") == null);
    await().until(() -> isReady(client(), "test"));
  }

  @Test
  void removedQuotaFieldRemovesTheQuota() {
    client().resource(Environments.development("dev").withQuota(Environments.quota()).build()).create();
    await().until(() -> quota("dev") != null);

    // as kubectl patch does: no resourceVersion, so the operator's concurrent status writes cannot conflict
    client().resources(Environment.class).withName("dev").patch(
        io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
        "{\"spec\":{\"quota\":null}}");

    await().until(() -> quota("dev") == null);
  }

  @Test
  void provisioningIsOneReconcileAndItsOwnStatusWriteBringsNoOther() {
    client().resource(Environments.development("dev").withQuotaAndLimits().build()).create();
    await().until(() -> isReady(client(), "dev"));
    op.awaitOperatorIdle();

    // namespace, quota, limits, network policy and the Ready status in one pass; neither the objects it
    // created nor its status write bring a second reconcile (the finalizer's write comes first, by JOSDK)
    assertThat(op.reconciles("environment")).isEqualTo(1);
    assertThat(quota("dev")).isNotNull();
  }

  @Test
  void exposesEnvironmentCountByStageAndReadiness() {
    client().resource(Environments.development("dev").build()).create();
    await().until(() -> isReady(client(), "dev"));

    await().untilAsserted(() -> assertThat(op.operator().context().metrics().scrape())
        .contains("stageline_environments{ready=\"true\",stage=\"development\"} 1.0"));
  }

  private ResourceQuota quota(String ns) {
    return client().resourceQuotas().inNamespace(ns).withName(ResourceQuotaDependentResource.NAME).get();
  }

  private NetworkPolicy networkPolicy(String ns) {
    return client().network().v1().networkPolicies().inNamespace(ns).withName(NetworkPolicyDependentResource.NAME).get();
  }

  static Isolation isolation(NetworkPolicyMode mode) {
    Isolation isolation = new Isolation();
    isolation.setNetworkPolicy(mode);
    return isolation;
  }
}
