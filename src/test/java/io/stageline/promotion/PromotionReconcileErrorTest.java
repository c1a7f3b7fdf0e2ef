package io.stageline.promotion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.mockwebserver.http.MockResponse;
import io.stageline.api.v1alpha1.Promotion;
import io.stageline.api.v1alpha1.PromotionSpec;
import io.stageline.api.v1alpha1.PromotionStatus.Phase;
import io.stageline.testing.Awaits;
import io.stageline.testing.OperatorExtension;
import io.stageline.testing.PromotionPath;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A Promotion whose reconcile throws is told so by ReconcileError, and the pass that then succeeds removes it. */
class PromotionReconcileErrorTest {
  @RegisterExtension OperatorExtension op = OperatorExtension.apiOnly();

  @Test
  void aStatusUpdateThatFailsSetsReconcileErrorAndThePassThatSucceedsRemovesIt() {
    op.startOperator();
    // every status update of this promotion fails until the fault is lifted; the error's own write is a patch
    op.api().injectFault((request, api) -> request.getMethod().equals("PUT")
        && request.getPath().startsWith("/apis/stageline.io/v1alpha1/namespaces/default/promotions/lost/status")
        ? new MockResponse().setResponseCode(500).setHeader("Content-Type", "application/json")
            .setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"InternalError\","
                + "\"message\":\"injected fault\",\"code\":500}")
        : null);
    Promotion p = new Promotion();
    p.getMetadata().setName("lost");
    p.getMetadata().setNamespace("default");
    PromotionSpec spec = new PromotionSpec();
    spec.setEnvironment("qa");
    spec.setRelease(PromotionPath.release("1.0.0"));
    spec.setRequestedBy("alice");
    spec.setGates(new ArrayList<>());
    p.setSpec(spec);
    op.client().resource(p).create();

    await().atMost(Awaits.TIMEOUT).untilAsserted(() -> assertThat(condition("ReconcileError")).isNotNull()
        .satisfies(c -> {
          assertThat(c.getStatus()).isEqualTo("True");
          assertThat(c.getReason()).isEqualTo("ApiError");
          assertThat(c.getMessage()).contains("500").doesNotContain("injected fault");
        }));
    assertThat(get().getStatus().getPhase()).as("the rejection the failed pass decided was not written").isNull();

    op.api().injectFault(null);
    await().atMost(Awaits.TIMEOUT).until(() -> get().getStatus().getPhase() == Phase.Rejected
        && condition("ReconcileError") == null);
    assertThat(condition("Admitted").getReason()).isEqualTo("UnknownEnvironment");
  }

  private Promotion get() {
    return op.client().resources(Promotion.class).inNamespace("default").withName("lost").get();
  }

  private Condition condition(String type) {
    Promotion p = get();
    return p == null || p.getStatus() == null ? null : p.getStatus().findCondition(type).orElse(null);
  }
}
