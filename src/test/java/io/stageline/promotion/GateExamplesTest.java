package io.stageline.promotion;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.stageline.api.v1alpha1.Gate;
import io.stageline.api.v1alpha1.Promotion;
import io.stageline.api.v1alpha1.Stage;
import io.stageline.promotion.gates.FreezeCalendar;
import io.stageline.promotion.gates.GateInput;
import io.stageline.promotion.gates.GateResult;
import io.stageline.promotion.gates.WindowGateEvaluator;
import io.stageline.testing.OperatorExtension;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * examples/gates: the platform's freeze calendar and a production promotion with a night window and a
 * metric-verified switch are what docs/promotion.md says they are: admitted by the API, read by the
 * operator's gate checks, and holding or opening at the times their comments give.
 */
class GateExamplesTest {
  @RegisterExtension OperatorExtension op = OperatorExtension.apiOnly();

  @Test
  void theFreezeCalendarHoldsStagingAndProductionOverYearEndAndProductionInEachQuarterClose() throws IOException {
    ConfigMap calendar = load("freeze-calendar.yaml", ConfigMap.class);
    op.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("stageline-system").endMetadata()
        .build()).createOr(NonDeletingOperation::update);
    op.client().resource(calendar).create();

    assertThat(FreezeCalendar.holds(calendar, Stage.production, Instant.parse("2026-12-24T12:00:00Z")).orElseThrow().message())
        .startsWith("frozen until Tue 5 Jan 2027 00:00 Europe/Berlin by freeze 'year-end' (year-end freeze)");
    assertThat(FreezeCalendar.holds(calendar, Stage.staging, Instant.parse("2026-12-22T12:00:00Z"))).isPresent();
    assertThat(FreezeCalendar.holds(calendar, Stage.test, Instant.parse("2026-12-22T12:00:00Z"))).isEmpty();
    assertThat(FreezeCalendar.holds(calendar, Stage.production, Instant.parse("2027-03-31T12:00:00Z")).orElseThrow().message())
        .startsWith("frozen until Thu 1 Apr 2027 00:00 Europe/Berlin by freeze 'quarter-close' (quarter close)");
    assertThat(FreezeCalendar.holds(calendar, Stage.production, Instant.parse("2027-04-01T12:00:00Z"))).isEmpty();
    assertThat(FreezeCalendar.holds(calendar, Stage.staging, Instant.parse("2027-03-31T12:00:00Z"))).isEmpty();
  }

  @Test
  void theNightWindowAndMetricVerifiedPromotionIsAdmittedAndItsWindowOpensAtNightAcrossMidnight() throws IOException {
    Promotion promotion = load("promotion-production-night-metric.yaml", Promotion.class);
    op.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("shop-prod").endMetadata()
        .build()).createOr(NonDeletingOperation::update);

    Promotion stored = op.client().resource(promotion).create();
    PromotionAdmission admission = new PromotionAdmission(op.client().getKubernetesSerialization(), name -> null);
    assertThat(admission.invalidGate(stored, stored.getSpec().getGates())).isEmpty();
    Gate.MetricGate metric = stored.getSpec().getVerification().getGates().get(0).getMetric();
    assertThat(metric.getMax()).isEqualTo(0.01);
    assertThat(stored.getSpec().getVerification().getRollbackOnFailure()).isTrue();

    Gate night = stored.getSpec().getGates().get(0);
    // Thursday 23:30 in Berlin: open until 02:00 on Friday morning
    assertThat(window(stored, night, "2026-12-10T22:30:00Z").message()).isEqualTo("window open until Fri 02:00 Europe/Berlin");
    // Friday 23:00 in Berlin: no Friday night; it opens on Monday at 22:00
    assertThat(window(stored, night, "2026-12-11T22:00:00Z").message()).isEqualTo("window opens Mon 22:00 Europe/Berlin");
  }

  private static GateResult window(Promotion p, Gate gate, String now) {
    return new WindowGateEvaluator().evaluate(new GateInput(p, gate, gate.getName(), null, null, null, null, List.of(),
        Instant.parse(now), false));
  }

  private <T> T load(String file, Class<T> type) throws IOException {
    try (InputStream in = Files.newInputStream(Path.of("examples", "gates", file))) {
      return op.client().getKubernetesSerialization().unmarshal(in, type);
    }
  }
}
