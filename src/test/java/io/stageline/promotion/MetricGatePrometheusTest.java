package io.stageline.promotion;

import static io.stageline.testing.PromotionPath.release;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stageline.api.v1alpha1.Gate;
import io.stageline.api.v1alpha1.Gate.MetricGate;
import io.stageline.api.v1alpha1.Promotion;
import io.stageline.api.v1alpha1.PromotionStatus.GateStatus;
import io.stageline.api.v1alpha1.PromotionStatus.Phase;
import io.stageline.api.v1alpha1.Stage;
import io.stageline.api.v1alpha1.Verification;
import io.stageline.testing.PromotionPath;
import io.stageline.testing.Awaits;
import io.stageline.testing.OperatorExtension;
import io.stageline.testing.PrometheusServer;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Metric gates against a real Prometheus server scraping an exporter the test controls. */
class MetricGatePrometheusTest {
  private static PrometheusServer prometheus;
  /** Where the operator's metric gates send queries: the real server, unless a test points elsewhere. */
  private URI target;

  @RegisterExtension
  OperatorExtension op = OperatorExtension.running()
      .withSettings(s -> s.withPrometheus(target == null ? prometheus.url() : target, null));
  PromotionPath f;

  @BeforeAll
  static void startPrometheus() {
    prometheus = PrometheusServer.start();
  }

  @AfterAll
  static void stopPrometheus() throws Exception {
    prometheus.close();
  }

  private void path() {
    f = PromotionPath.of(op);
    f.environment("development", Stage.development, null);
    f.released("1.0.0", "development");
  }

  private static Gate errorRate(double max, Integer inconclusiveLimit) {
    MetricGate metric = new MetricGate();
    metric.setQuery("max(shop_error_ratio)");
    metric.setMax(max);
    metric.setInterval("1s");
    metric.setInconclusiveLimit(inconclusiveLimit);
    Gate gate = new Gate();
    gate.setName("error-rate");
    gate.setMetric(metric);
    return gate;
  }

  @Test
  void aHealthyReleasePassesItsMetricGateAndIsPromoted() {
    prometheus.set("shop_error_ratio", 0.002);
    path();

    f.promotion("good", "development", release("1.1.0"), errorRate(0.05, null));

    Promotion p = f.awaitPhase("development", "good", Phase.Succeeded);
    assertThat(p.getStatus().getGates()).singleElement().satisfies(g -> {
      assertThat(g.getState()).isEqualTo(GateStatus.State.Passed);
      assertThat(g.getMessage()).isEqualTo("0.002 at most 0.05");
      assertThat(g.getMeasurement().getValue()).isEqualTo("0.002");
    });
  }

  @Test
  void anErrorRateBreachDuringVerificationRollsTheReleaseBack() {
    prometheus.set("shop_error_ratio", 0.4);
    path();

    f.promotion("bad", "development", "development", release("1.1.0"), spec -> {
      Verification v = new Verification();
      v.setGates(List.of(errorRate(0.05, null)));
      v.setRollbackOnFailure(true);
      spec.setVerification(v);
      return spec;
    });

    Promotion p = f.awaitPhase("development", "bad", Phase.RolledBack);
    assertThat(p.getStatus().findCondition("Succeeded").orElseThrow().getMessage())
        .startsWith("verification gate error-rate failed: 0.4 above the maximum 0.05 (1 failed measurement, limit 0)");
    assertThat(f.shop("development").getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("registry.example/web:1.0.0");
  }

  @Test
  void anUnreachablePrometheusIsInconclusiveWithAClearMessage() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      target = URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }
    op.stopOperator();
    op.startOperator();
    path();

    f.promotion("blind", "development", release("1.1.0"), errorRate(0.05, 100));

    await().atMost(Awaits.TIMEOUT).untilAsserted(() -> assertThat(f.waitingOn("development", "blind"))
        .startsWith("inconclusive: cannot reach Prometheus at " + target + ": connection refused (")
        .contains("inconclusive measurement", "limit 100"));
    assertThat(f.get("development", "blind").getStatus().getPhase()).isEqualTo(Phase.WaitingForGates);
  }
}
