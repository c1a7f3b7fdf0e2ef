package io.stageline.promotion.gates;

/** One instant PromQL query, answered with one number. */
public interface PrometheusQueries {

  /**
   * The query's value now: a scalar, or a vector of exactly one sample.
   *
   * @throws Inconclusive when there is no usable answer (unreachable, refused, empty, several series,
   *     not a number), with a message that says which and what to do
   */
  double query(String promql) throws Inconclusive;

  /** No usable answer; the message is for the person reading the gate's status. */
  final class Inconclusive extends Exception {
    public Inconclusive(String message) {
      super(message, null, false, false);
    }
  }

  /** Without a configured Prometheus every measurement is inconclusive, and says how to configure one. */
  PrometheusQueries NONE = promql -> {
    throw new Inconclusive("no Prometheus is configured: start the operator with --prometheus-url "
        + "(Helm value prometheus.url)");
  };
}
