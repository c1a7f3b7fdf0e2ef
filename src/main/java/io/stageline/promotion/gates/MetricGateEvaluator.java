package io.stageline.promotion.gates;

import io.stageline.api.v1alpha1.Gate.MetricGate;
import io.stageline.api.v1alpha1.PromotionStatus.GateStatus;
import io.stageline.api.v1alpha1.PromotionStatus.GateStatus.State;
import io.stageline.api.v1alpha1.PromotionStatus.Measurement;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

/**
 * Measures a PromQL query every interval against the operator's Prometheus and decides as Argo
 * Rollouts' analysis does: a value inside [min, max] succeeds, outside fails, no answer is
 * inconclusive; the gate passes once successes have held for {@code for}, and fails when failures or
 * inconclusive measurements exceed their limits. The counts live in the gate's status, so a restart
 * resumes the analysis, and a decided gate stays decided.
 */
public class MetricGateEvaluator implements GateEvaluator {
  static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);
  private static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

  private final PrometheusQueries prometheus;

  public MetricGateEvaluator(PrometheusQueries prometheus) {
    this.prometheus = prometheus;
  }

  @Override
  public GateResult evaluate(GateInput in) {
    MetricGate gate = in.gate().getMetric();
    GateStatus previous = in.previous();
    Measurement last = previous == null ? null : previous.getMeasurement();
    if (last != null && (previous.getState() == State.Passed || previous.getState() == State.Failed)) {
      return new GateResult(previous.getState(), previous.getMessage(), null, null, null, null,
          java.util.List.of(), last);
    }
    Duration interval = duration(gate.getInterval(), DEFAULT_INTERVAL);
    if (interval.compareTo(MIN_INTERVAL) < 0) {
      interval = MIN_INTERVAL;
    }
    if (last != null && last.getAt() != null) {
      Instant next = Instant.parse(last.getAt()).plus(interval);
      if (in.now().isBefore(next)) {
        return GateResult.waiting(previous.getMessage()).withMeasurement(last).wakeUpAt(next);
      }
    }
    return measure(in, gate, last, interval);
  }

  private GateResult measure(GateInput in, MetricGate gate, Measurement last, Duration interval) {
    Instant now = in.now();
    int failures = last == null || last.getFailures() == null ? 0 : last.getFailures();
    int inconclusive = last == null || last.getInconclusive() == null ? 0 : last.getInconclusive();
    double value;
    try {
      value = prometheus.query(gate.getQuery());
    } catch (PrometheusQueries.Inconclusive e) {
      inconclusive++;
      int limit = limit(gate.getInconclusiveLimit());
      Measurement m = new Measurement(null, now.toString(), null, failures, inconclusive);
      String counts = inconclusive + " inconclusive measurement" + (inconclusive == 1 ? "" : "s") + ", limit " + limit;
      if (inconclusive > limit) {
        return GateResult.failed("inconclusive: " + e.getMessage() + " (" + counts + ")").withMeasurement(m);
      }
      return GateResult.waiting("inconclusive: " + e.getMessage() + " (" + counts + ")").withMeasurement(m)
          .wakeUpAt(now.plus(interval));
    }
    String shown = show(value);
    if (!inRange(gate, value)) {
      failures++;
      int limit = limit(gate.getFailureLimit());
      Measurement m = new Measurement(shown, now.toString(), null, failures, inconclusive);
      String verdict = shown + " " + outside(gate, value) + " (" + failures + " failed measurement"
          + (failures == 1 ? "" : "s") + ", limit " + limit + ")";
      if (failures > limit) {
        return GateResult.failed(verdict).withMeasurement(m);
      }
      return GateResult.waiting(verdict).withMeasurement(m).wakeUpAt(now.plus(interval));
    }
    Instant passingSince = last == null || last.getPassingSince() == null ? now : Instant.parse(last.getPassingSince());
    Measurement m = new Measurement(shown, now.toString(), passingSince.toString(), failures, inconclusive);
    Duration hold = duration(gate.getHoldFor(), Duration.ZERO);
    Duration held = Duration.between(passingSince, now);
    if (held.compareTo(hold) >= 0) {
      return GateResult.passed(shown + " " + range(gate) + (hold.isZero() ? "" : " for " + Durations.format(held)))
          .withMeasurement(m);
    }
    Instant holdEnds = passingSince.plus(hold);
    Instant next = now.plus(interval);
    return GateResult.waiting(shown + " " + range(gate) + ", held " + Durations.format(held) + " of "
        + Durations.format(hold)).withMeasurement(m).wakeUpAt(next.isBefore(holdEnds) ? next : holdEnds);
  }

  private static boolean inRange(MetricGate gate, double value) {
    return (gate.getMin() == null || value >= gate.getMin()) && (gate.getMax() == null || value <= gate.getMax());
  }

  private static String range(MetricGate gate) {
    if (gate.getMin() != null && gate.getMax() != null) {
      return "within " + show(gate.getMin()) + ".." + show(gate.getMax());
    }
    return gate.getMax() != null ? "at most " + show(gate.getMax()) : "at least " + show(gate.getMin());
  }

  private static String outside(MetricGate gate, double value) {
    if (gate.getMax() != null && value > gate.getMax()) {
      return "above the maximum " + show(gate.getMax());
    }
    return "below the minimum " + show(gate.getMin());
  }

  /** A value as a person writes it: 0.004, 12 (not 12.0), 1.5E-7, +Inf. */
  static String show(double value) {
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    BigDecimal shown = new BigDecimal(Double.toString(value)).stripTrailingZeros();
    return shown.scale() <= 0 && shown.precision() - shown.scale() <= 15 ? shown.toPlainString() : shown.toString();
  }

  private static int limit(Integer limit) {
    return limit == null ? 0 : limit;
  }

  private static Duration duration(String text, Duration otherwise) {
    return text == null || text.isBlank() ? otherwise : Durations.parse(text);
  }
}
