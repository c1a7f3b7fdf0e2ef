package io.stageline.realserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.processing.Controller;
import io.javaoperatorsdk.operator.processing.event.source.informer.ManagedInformerEventSource;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.EnvironmentConditions;
import io.stageline.environment.ServerDefaultingTest;
import io.stageline.environment.TestEnvironments;
import io.stageline.environment.dependent.LimitRangeDependentResource;
import io.stageline.environment.dependent.ResourceQuotaDependentResource;
import io.stageline.testing.Environments;
import io.stageline.testing.RealControlPlane;
import io.stageline.testing.RealControlPlaneExtension;
import io.stageline.testing.RealOperator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Environments on a real API server, provisioned by the operator as its ServiceAccount: what the server
 * defaults and enforces (quantities, LimitRange defaults, Pod Security, namespace termination) is real.
 */
@ExtendWith(RealControlPlaneExtension.class)
class EnvironmentOnRealServerTest {
  private static RealOperator operator;
  private static KubernetesClient admin;

  @BeforeAll
  static void start(RealControlPlane plane) {
    operator = RealOperator.start(plane);
    admin = plane.adminClient();
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.close();
    }
    if (admin != null) {
      admin.close();
    }
  }

  static ConditionFactory await() {
    return Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250));
  }

  @Test
  void provisionsANamespaceWhosePodSecurityTheServerEnforces() {
    admin.resource(Environments.staging("rs-provision").withQuotaAndLimits().build()).create();

    await().until(() -> Environments.isReady(admin, "rs-provision"));

    Namespace ns = admin.namespaces().withName("rs-provision").get();
    assertThat(ns.getMetadata().getLabels())
        .containsEntry("stageline.io/environment", "rs-provision")
        .containsEntry("pod-security.kubernetes.io/enforce", "restricted")
        .containsEntry("kubernetes.io/metadata.name", "rs-provision");
    assertThat(admin.resourceQuotas().inNamespace("rs-provision").withName(ResourceQuotaDependentResource.NAME).get()
        .getSpec().getHard()).containsEntry("pods", new Quantity("20"));
    // The ServiceAccount controller gives the namespace its default account, without which any pod is refused.
    await().until(() -> admin.serviceAccounts().inNamespace("rs-provision").withName("default").get() != null);
    Throwable privileged = catchThrowable(() -> admin.pods().inNamespace("rs-provision").resource(new PodBuilder()
        .withNewMetadata().withName("root").endMetadata()
        .withNewSpec().addNewContainer().withName("c").withImage("busybox")
        .withNewSecurityContext().withPrivileged(true).endSecurityContext().endContainer().endSpec()
        .build()).create());
    assertThat(privileged).hasMessageContaining("violates PodSecurity \"restricted:latest\"");
  }

  @Test
  void informerCachesKeepNoneOfTheManagedFieldsTheServerSendsWithEveryObject() {
    admin.resource(Environments.development("rs-lean").withQuotaAndLimits().build()).create();
    await().until(() -> Environments.isReady(admin, "rs-lean"));
    assertThat(admin.resourceQuotas().inNamespace("rs-lean").withName(ResourceQuotaDependentResource.NAME).get()
        .getMetadata().getManagedFields()).as("the server's copy").isNotEmpty();

    List<HasMetadata> cached = operator.operator().operator().getRegisteredControllers().stream()
        .flatMap(c -> ((Controller<?>) c).getEventSourceManager().allEventSources().stream())
        .filter(ManagedInformerEventSource.class::isInstance)
        .flatMap(source -> ((ManagedInformerEventSource<?, ?, ?>) source).list(o -> true))
        .map(HasMetadata.class::cast)
        .toList();
    assertThat(cached).as("the Environment, its namespace and its quota are cached")
        .anyMatch(o -> o instanceof Environment && o.getMetadata().getName().equals("rs-lean"))
        .anyMatch(o -> o instanceof Namespace && o.getMetadata().getName().equals("rs-lean"))
        .anyMatch(o -> o instanceof ResourceQuota && "rs-lean".equals(o.getMetadata().getNamespace()));
    assertThat(cached).allSatisfy(o -> assertThat(o.getMetadata().getManagedFields())
        .as("%s %s/%s", o.getKind(), o.getMetadata().getNamespace(), o.getMetadata().getName()).isNullOrEmpty());
  }

  @Test
  void serverDefaultingCausesNoRewritesAndRealDriftIsRepaired() {
    admin.resource(Environments.development("rs-drift").withQuotaAndLimits().build()).create();
    await().until(() -> Environments.isReady(admin, "rs-drift"));
    LimitRange stored = limitRange("rs-drift");
    // The server canonicalises quantities and fills LimitRange defaults; the operator must see that as no change.
    String version = stored.getMetadata().getResourceVersion();

    Environment env = TestEnvironments.get(admin, "rs-drift");
    env.getSpec().setQuota(Map.of("requests.cpu", new Quantity("4"), "pods", new Quantity("30")));
    long generation = admin.resource(env).update().getMetadata().getGeneration();
    await().until(() -> {
      Environment e = TestEnvironments.get(admin, "rs-drift");
      return Long.valueOf(generation).equals(e.getStatus().getObservedGeneration()) && e.getStatus().isReady();
    });
    assertThat(admin.resourceQuotas().inNamespace("rs-drift").withName(ResourceQuotaDependentResource.NAME).get()
        .getSpec().getHard()).containsEntry("pods", new Quantity("30"));
    assertThat(limitRange("rs-drift").getMetadata().getResourceVersion())
        .as("LimitRange rewritten although only the quota changed").isEqualTo(version);

    admin.limitRanges().inNamespace("rs-drift").withName(LimitRangeDependentResource.NAME).edit(lr -> {
      lr.getSpec().getLimits().get(0).getDefault().put("cpu", new Quantity("8"));
      return lr;
    });
    await().untilAsserted(() -> assertThat(limitRange("rs-drift").getSpec().getLimits().get(0).getDefault())
        .containsEntry("cpu", new Quantity("500m")));
    admin.resourceQuotas().inNamespace("rs-drift").withName(ResourceQuotaDependentResource.NAME).delete();
    await().until(() -> admin.resourceQuotas().inNamespace("rs-drift")
        .withName(ResourceQuotaDependentResource.NAME).get() != null);
  }

  @Test
  void nonCanonicalQuantitiesAndLimitDefaultsAreStoredCanonicallyAndNeverRewritten() {
    admin.resource(Environments.development("rs-canonical").with(spec -> {
      spec.setQuota(Map.of("requests.cpu", new Quantity("1000m"), "requests.memory", new Quantity("1024Mi"),
          "limits.cpu", new Quantity("0.5")));
      spec.setLimits(ServerDefaultingTest.maxAndMinOnly());
    }).build()).create();
    await().until(() -> Environments.isReady(admin, "rs-canonical"));
    ResourceQuota quota = admin.resourceQuotas().inNamespace("rs-canonical")
        .withName(ResourceQuotaDependentResource.NAME).get();
    // What the embedded API stores too (ServerDefaultingTest, BuiltInDefaultingTest).
    assertThat(quota.getSpec().getHard()).extractingFromEntries(e -> e.getKey() + "=" + e.getValue())
        .containsExactlyInAnyOrder("requests.cpu=1", "requests.memory=1Gi", "limits.cpu=500m");
    LimitRange limits = limitRange("rs-canonical");
    assertThat(limits.getSpec().getLimits().get(0).getDefault())
        .isEqualTo(Map.of("cpu", new Quantity("2"), "memory", new Quantity("512Mi")));
    assertThat(limits.getSpec().getLimits().get(0).getDefaultRequest())
        .isEqualTo(Map.of("cpu", new Quantity("2"), "memory", new Quantity("512Mi")));

    // A change of the limits is reconciled; the quota, stored in another form than asked for, stays as it is.
    Environment env = TestEnvironments.get(admin, "rs-canonical");
    env.getSpec().getLimits().setMin(Map.of("memory", new Quantity("32Mi")));
    long generation = admin.resource(env).update().getMetadata().getGeneration();
    await().until(() -> {
      Environment e = TestEnvironments.get(admin, "rs-canonical");
      return Long.valueOf(generation).equals(e.getStatus().getObservedGeneration()) && e.getStatus().isReady();
    });
    assertThat(limitRange("rs-canonical").getSpec().getLimits().get(0).getMin())
        .containsEntry("memory", new Quantity("32Mi"));
    assertThat(admin.resourceQuotas().inNamespace("rs-canonical").withName(ResourceQuotaDependentResource.NAME)
        .get().getMetadata().getResourceVersion()).isEqualTo(quota.getMetadata().getResourceVersion());
    assertThat(TestEnvironments.events(admin, "rs-canonical")).filteredOn(e -> e.getReason().equals(
        EnvironmentConditions.Reason.DRIFT_CORRECTED)).extracting(e -> e.getMessage()).isEmpty();
  }

  @Test
  void deletingAnEnvironmentTerminatesItsNamespaceThroughTheNamespaceController() {
    admin.resource(Environments.development("rs-delete").build()).create();
    await().until(() -> Environments.isReady(admin, "rs-delete"));
    admin.configMaps().inNamespace("rs-delete").resource(new ConfigMapBuilder()
        .withNewMetadata().withName("left-behind").endMetadata().addToData("k", "v").build()).create();

    admin.resources(Environment.class).withName("rs-delete").delete();

    await().atMost(Duration.ofMinutes(3)).until(() -> admin.namespaces().withName("rs-delete").get() == null
        && TestEnvironments.get(admin, "rs-delete") == null);
  }

  private static LimitRange limitRange(String namespace) {
    return admin.limitRanges().inNamespace(namespace).withName(LimitRangeDependentResource.NAME).get();
  }
}
