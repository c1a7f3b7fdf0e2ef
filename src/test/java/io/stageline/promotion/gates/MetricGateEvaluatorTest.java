package io.stageline.promotion.gates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stageline.api.v1alpha1.Gate;
import io.stageline.api.v1alpha1.Gate.MetricGate;
import io.stageline.api.v1alpha1.Promotion;
import io.stageline.api.v1alpha1.PromotionStatus.GateStatus;
import io.stageline.api.v1alpha1.PromotionStatus.GateStatus.State;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The metric gate's analysis: measured values, limits, hold time and interval, clock and values injected. */
class MetricGateEvaluatorTest {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  /** Answers queued values (a Double) or inconclusive answers (a String), and counts the queries. */
  static final class ScriptedPrometheus implements PrometheusQueries {
    final Deque<Object> answers = new ArrayDeque<>();
    int queries;

    ScriptedPrometheus answer(Object... values) {
      answers.addAll(List.of(values));
      return this;
    }

    @Override
    public double query(String promql) throws Inconclusive {
      queries++;
      Object next = answers.removeFirst();
      if (next instanceof String message) {
        throw new Inconclusive(message);
      }
      return (Double) next;
    }
  }

  private final ScriptedPrometheus prometheus = new ScriptedPrometheus();
  private final MetricGateEvaluator evaluator = new MetricGateEvaluator(prometheus);

  private static Gate gate(Double min, Double max, String holdFor, String interval, Integer failureLimit,
      Integer inconclusiveLimit) {
    MetricGate metric = new MetricGate();
    metric.setQuery("sum(rate(errors[1m])) / sum(rate(requests[1m]))");
    metric.setMin(min);
    metric.setMax(max);
    metric.setHoldFor(holdFor);
    metric.setInterval(interval);
    metric.setFailureLimit(failureLimit);
    metric.setInconclusiveLimit(inconclusiveLimit);
    Gate gate = new Gate();
    gate.setName("error-rate");
    gate.setMetric(metric);
    return gate;
  }

  /** One reconcile at {@code now}, given the gate's status from the last one; returns the new status. */
  private GateStatus step(Gate gate, GateStatus previous, Instant now) {
    GateInput in = new GateInput(new Promotion(), gate, "error-rate", null, null, null, previous, List.of(), now, true);
    GateResult result = evaluator.evaluate(in);
    GateStatus status = new GateStatus();
    status.setName("error-rate");
    status.setKind("metric");
    status.setState(result.state());
    status.setMessage(result.message());
    status.setMeasurement(result.measurement());
    lastWakeUp = result.wakeUpAt();
    return status;
  }

  private Instant lastWakeUp;

  @Test
  void passesOnceTheValueHasStayedInRangeForTheHoldTime() {
    Gate gate = gate(null, 0.01, "2m", "1m", null, null);
    prometheus.answer(0.004, 0.006, 0.002);

    GateStatus first = step(gate, null, T0);
    assertThat(first.getState()).isEqualTo(State.Waiting);
    assertThat(first.getMessage()).isEqualTo("0.004 at most 0.01, held 0s of 2m");
    assertThat(lastWakeUp).isEqualTo(T0.plusSeconds(60));

    GateStatus second = step(gate, first, T0.plusSeconds(60));
    assertThat(second.getState()).isEqualTo(State.Waiting);

    GateStatus third = step(gate, second, T0.plusSeconds(120));
    assertThat(third.getState()).isEqualTo(State.Passed);
    assertThat(third.getMessage()).isEqualTo("0.002 at most 0.01 for 2m");
    assertThat(third.getMeasurement().getValue()).isEqualTo("0.002");
  }

  @Test
  void measuresOnlyOncePerIntervalHoweverOftenItIsReconciled() {
    Gate gate = gate(null, 0.01, "5m", "1m", null, null);
    prometheus.answer(0.004);

    GateStatus first = step(gate, null, T0);
    GateStatus early = step(gate, first, T0.plusSeconds(30));

    assertThat(prometheus.queries).isEqualTo(1);
    assertThat(early.getState()).isEqualTo(State.Waiting);
    assertThat(early.getMeasurement()).isEqualTo(first.getMeasurement());
    assertThat(lastWakeUp).isEqualTo(T0.plusSeconds(60));
  }

  @Test
  void aValueOutOfRangeFailsOnceFailuresExceedTheLimitAndResetsTheHold() {
    Gate gate = gate(null, 0.01, "2m", "1m", 1, null);
    prometheus.answer(0.004, 0.2, 0.003, 0.3);

    GateStatus ok = step(gate, null, T0);
    GateStatus firstBreach = step(gate, ok, T0.plusSeconds(60));
    assertThat(firstBreach.getState()).isEqualTo(State.Waiting);
    assertThat(firstBreach.getMessage()).isEqualTo("0.2 above the maximum 0.01 (1 failed measurement, limit 1)");
    assertThat(firstBreach.getMeasurement().getPassingSince()).isNull();

    GateStatus recovering = step(gate, firstBreach, T0.plusSeconds(120));
    assertThat(recovering.getMessage()).isEqualTo("0.003 at most 0.01, held 0s of 2m");

    GateStatus secondBreach = step(gate, recovering, T0.plusSeconds(180));
    assertThat(secondBreach.getState()).isEqualTo(State.Failed);
    assertThat(secondBreach.getMessage()).isEqualTo("0.3 above the maximum 0.01 (2 failed measurements, limit 1)");
  }

  @Test
  void aMinimumIsALowerBound() {
    Gate gate = gate(0.99, null, null, null, null, null);
    prometheus.answer(0.95);

    GateStatus status = step(gate, null, T0);

    assertThat(status.getState()).isEqualTo(State.Failed);
    assertThat(status.getMessage()).isEqualTo("0.95 below the minimum 0.99 (1 failed measurement, limit 0)");
  }

  @Test
  void anUnreachablePrometheusIsInconclusiveAndFailsTheGateBeyondTheLimit() {
    Gate gate = gate(null, 0.01, null, "30s", null, 1);
    prometheus.answer("cannot reach Prometheus at http://127.0.0.1:1: connection refused",
        "cannot reach Prometheus at http://127.0.0.1:1: connection refused");

    GateStatus first = step(gate, null, T0);
    assertThat(first.getState()).isEqualTo(State.Waiting);
    assertThat(first.getMessage()).isEqualTo("inconclusive: cannot reach Prometheus at http://127.0.0.1:1: "
        + "connection refused (1 inconclusive measurement, limit 1)");
    assertThat(lastWakeUp).isEqualTo(T0.plusSeconds(30));

    GateStatus second = step(gate, first, T0.plusSeconds(30));
    assertThat(second.getState()).isEqualTo(State.Failed);
    assertThat(second.getMeasurement().getInconclusive()).isEqualTo(2);
  }

  @Test
  void withoutAConfiguredPrometheusTheGateSaysHowToConfigureOne() {
    GateInput in = new GateInput(new Promotion(), gate(null, 1.0, null, null, null, null), "error-rate", null, null,
        null, null, List.of(), T0, false);

    GateResult result = new MetricGateEvaluator(PrometheusQueries.NONE).evaluate(in);

    assertThat(result.state()).isEqualTo(State.Failed);
    assertThat(result.message()).contains("no Prometheus is configured: start the operator with --prometheus-url");
  }

  @Test
  void aDecidedGateStaysDecidedWithoutAnotherQuery() {
    Gate gate = gate(null, 0.01, null, "1s", null, null);
    prometheus.answer(0.001);
    GateStatus passed = step(gate, null, T0);
    assertThat(passed.getState()).isEqualTo(State.Passed);

    GateStatus later = step(gate, passed, T0.plus(Duration.ofHours(1)));

    assertThat(later.getState()).isEqualTo(State.Passed);
    assertThat(later.getMessage()).isEqualTo(passed.getMessage());
    assertThat(prometheus.queries).isEqualTo(1);
  }

  @Test
  void theQueryApiAnswerIsReadAsOneNumber() throws Exception {
    assertThat(HttpPrometheus.valueOf(200, """
        {"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1733,"0.25"]}]}}""")).isEqualTo(0.25);
    assertThat(HttpPrometheus.valueOf(200, """
        {"status":"success","data":{"resultType":"scalar","result":[1733,"3"]}}""")).isEqualTo(3.0);
    assertThatThrownBy(() -> HttpPrometheus.valueOf(200, """
        {"status":"success","data":{"resultType":"vector","result":[]}}""")).hasMessage("the query returned no samples");
    assertThatThrownBy(() -> HttpPrometheus.valueOf(200, """
        {"status":"success","data":{"resultType":"vector","result":[{"value":[1,"1"]},{"value":[1,"2"]}]}}"""))
        .hasMessage("the query returned 2 series; aggregate it to one (e.g. with sum or max)");
    assertThatThrownBy(() -> HttpPrometheus.valueOf(200, """
        {"status":"success","data":{"resultType":"scalar","result":[1733,"NaN"]}}""")).hasMessageContaining("NaN");
    assertThatThrownBy(() -> HttpPrometheus.valueOf(400, """
        {"status":"error","errorType":"bad_data","error":"parse error at char 4"}"""))
        .hasMessage("Prometheus refused the query (HTTP 400, bad_data: parse error at char 4)");
  }

  @Test
  void valuesAreShownAsAPersonWritesThem() {
    assertThat(MetricGateEvaluator.show(0.004)).isEqualTo("0.004");
    assertThat(MetricGateEvaluator.show(12.0)).isEqualTo("12");
    assertThat(MetricGateEvaluator.show(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
  }
}
