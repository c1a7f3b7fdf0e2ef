package io.stageline.promotion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stageline.api.v1alpha1.Promotion;
import io.stageline.api.v1alpha1.PromotionStatus.Phase;
import io.stageline.api.v1alpha1.Stage;
import io.stageline.testing.PromotionPath;
import io.stageline.testing.Awaits;
import io.stageline.testing.OperatorExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An Environment that opts in receives each verified upstream release by itself; one that does not, never. */
class AutoPromotionTest {
  @RegisterExtension OperatorExtension op = OperatorExtension.running();

  @Test
  void optedInEnvironmentReceivesVerifiedUpstreamReleasesOthersDoNot() {
    PromotionPath f = PromotionPath.of(op);
    f.autoPromotingPath();
    f.environment("staging", Stage.staging, "test");

    f.released("1.0.0", "development");

    Promotion auto = await().atMost(Awaits.TIMEOUT)
        .until(() -> f.get("test", "auto-1-0-0"), p -> p != null);
    assertThat(auto.getSpec().getRequestedBy()).isEqualTo("system:serviceaccount:stageline-system:stageline-operator");
    assertThat(auto.getMetadata().getLabels()).containsEntry("stageline.io/auto-promotion", "true");
    assertThat(auto.getSpec().getGates()).hasSize(1);
    f.awaitPhase("test", "auto-1-0-0", Phase.Succeeded);
    assertThat(f.env("test").getStatus().getRelease().getVersion()).isEqualTo("1.0.0");

    await().during(Duration.ofSeconds(2)).until(() ->
        f.client().resources(Promotion.class).inNamespace("staging").list().getItems().isEmpty());
    String metrics = op.operator().context().metrics().scrape();
    assertThat(metrics).contains("stageline_promotions_total{result=\"Succeeded\",stage=\"test\"} 1.0");
    assertThat(metrics).contains("stageline_promotion_gate_wait_seconds");
  }
}
