package io.stageline.environment;

import static io.stageline.environment.TestEnvironments.hasEvent;
import static io.stageline.testing.Environments.isReady;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeItem;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.api.v1alpha1.EnvironmentConditions;
import io.stageline.api.v1alpha1.Limits;
import io.stageline.environment.dependent.LimitRangeDependentResource;
import io.stageline.environment.dependent.ResourceQuotaDependentResource;
import io.stageline.testing.Environments;
import io.stageline.testing.OperatorExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A quota and limits written the way people write them (1000m, 1024Mi, only max and min) are stored by
 * the API server in canonical form with LimitRange defaults filled in; the operator takes that for what
 * it asked for: once provisioned, nothing is written again and no drift is reported.
 */
public class ServerDefaultingTest {
  @RegisterExtension
  OperatorExtension op = OperatorExtension.running();

  private KubernetesClient client() {
    return op.client();
  }

  public static Limits maxAndMinOnly() {
    Limits limits = new Limits();
    limits.setMax(Map.of("cpu", new Quantity("2000m"), "memory", new Quantity("2048Mi")));
    limits.setMin(Map.of("memory", new Quantity("0.0625Gi")));
    limits.setDefaultLimit(Map.of("memory", new Quantity("512Mi")));
    return limits;
  }

  @Test
  void nonCanonicalQuotaAndLimitsSettleWithNoFurtherWriteOrDriftEvent() {
    client().resource(Environments.development("canonical").with(spec -> {
      spec.setQuota(Map.of("requests.cpu", new Quantity("1000m"), "requests.memory", new Quantity("1024Mi"),
          "limits.cpu", new Quantity("0.5")));
      spec.setLimits(maxAndMinOnly());
    }).build()).create();
    await().until(() -> isReady(client(), "canonical"));
    op.awaitOperatorIdle();

    ResourceQuota quota = client().resourceQuotas().inNamespace("canonical")
        .withName(ResourceQuotaDependentResource.NAME).get();
    assertThat(quota.getSpec().getHard()).as("the API stores quantities in canonical form")
        .extractingFromEntries(e -> e.getKey() + "=" + e.getValue())
        .containsExactlyInAnyOrder("requests.cpu=1", "requests.memory=1Gi", "limits.cpu=500m");
    LimitRange limits = client().limitRanges().inNamespace("canonical")
        .withName(LimitRangeDependentResource.NAME).get();
    LimitRangeItem item = limits.getSpec().getLimits().get(0);
    assertThat(item.getDefault()).as("max fills the missing default")
        .isEqualTo(Map.of("cpu", new Quantity("2"), "memory", new Quantity("512Mi")));
    assertThat(item.getDefaultRequest()).as("default fills the missing default request")
        .isEqualTo(Map.of("cpu", new Quantity("2"), "memory", new Quantity("512Mi")));

    // Every Environment is reconciled afresh after a restart: the stored objects must read as no change.
    long writes = op.writeRequests();
    long reconciles = op.reconciles("environment");
    op.stopOperator();
    op.startOperator();
    await().until(() -> op.reconciles("environment") >= 1);
    op.awaitOperatorIdle();

    assertThat(op.writeRequests()).as("writes after the restart").isEqualTo(writes);
    assertThat(client().limitRanges().inNamespace("canonical").withName(LimitRangeDependentResource.NAME).get()
        .getMetadata().getResourceVersion()).isEqualTo(limits.getMetadata().getResourceVersion());
    assertThat(client().resourceQuotas().inNamespace("canonical").withName(ResourceQuotaDependentResource.NAME)
        .get().getMetadata().getResourceVersion()).isEqualTo(quota.getMetadata().getResourceVersion());
    assertThat(hasEvent(client(), "canonical", "Normal", EnvironmentConditions.Reason.DRIFT_CORRECTED)).isFalse();
    assertThat(reconciles).isPositive();
  }
}
