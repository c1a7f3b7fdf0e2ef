package io.stageline.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.ResourceQuotaStatusBuilder;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class SkipStatusOnlyUpdatesTest {
  private final SkipStatusOnlyUpdates<ResourceQuota> filter = new SkipStatusOnlyUpdates<>();

  private static ResourceQuota quota(Consumer<ResourceQuota> change) {
    ResourceQuota quota = new ResourceQuotaBuilder()
        .withNewMetadata().withName("stageline-quota").withNamespace("team-a").withResourceVersion("41")
        .withLabels(Map.of("stageline.io/environment", "team-a")).endMetadata()
        .withNewSpec().withHard(Map.of("pods", new Quantity("20"))).endSpec()
        .build();
    change.accept(quota);
    return quota;
  }

  @Test
  void theQuotaControllerWritingUsedAndHardIsNotPassedOn() {
    ResourceQuota created = quota(q -> {});
    ResourceQuota counted = quota(q -> {
      q.getMetadata().setResourceVersion("42");
      q.setStatus(new ResourceQuotaStatusBuilder()
          .withHard(Map.of("pods", new Quantity("20"))).withUsed(Map.of("pods", new Quantity("0"))).build());
    });

    assertThat(filter.accept(counted, created)).isFalse();
  }

  @Test
  void aChangedSpecLabelOrAnnotationIsPassedOnAlsoWithAStatusChange() {
    ResourceQuota stored = quota(q -> {});

    assertThat(filter.accept(quota(q -> {
      q.getMetadata().setResourceVersion("42");
      q.getSpec().setHard(Map.of("pods", new Quantity("999")));
      q.setStatus(new ResourceQuotaStatusBuilder()
          .withHard(Map.of("pods", new Quantity("999"))).build());
    }), stored)).as("spec edited by hand").isTrue();
    assertThat(filter.accept(quota(q -> q.getMetadata().setLabels(Map.of())), stored)).as("label removed").isTrue();
    assertThat(filter.accept(quota(q -> q.getMetadata().setAnnotations(Map.of("a", "b"))), stored))
        .as("annotation added").isTrue();
  }
}
