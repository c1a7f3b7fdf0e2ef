package io.stageline.bench;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.stageline.runtime.OperatorContext;
import io.stageline.runtime.OperatorSettings;
import io.stageline.StagelineOperator;
import io.stageline.embedded.EmbeddedApiServer;
import io.stageline.testing.ApiRequests;
import java.time.Clock;
import java.util.List;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;

/** The real operator, as production builds it, plus p50/p99 on JOSDK's reconcile timers. */
final class BenchOperator implements AutoCloseable {
  private final StagelineOperator operator;
  private final ApiRequests requests;

  private BenchOperator(StagelineOperator operator, ApiRequests requests) {
    this.operator = operator;
    this.requests = requests;
  }

  static BenchOperator start(EmbeddedApiServer api) {
    // the operator runs as its ServiceAccount under deploy/operator-rbac.yaml, as in embedded mode
    try (KubernetesClient admin = api.newClient()) {
      if (admin.serviceAccounts().inNamespace(EmbeddedApiServer.OPERATOR_NAMESPACE)
          .withName(EmbeddedApiServer.OPERATOR_SERVICE_ACCOUNT).get() == null) {
        api.install(io.stageline.embedded.Installation.Part.OPERATOR_IDENTITY);
      }
    }
    return start(api.operatorConfig());
  }

  /** The operator acting with {@code config}: the embedded API's operator identity, or a ServiceAccount token of a real server. */
  static BenchOperator start(Config config) {
    // the operator's client counts its own requests (reads are GETs of objects and lists, watches apart)
    ApiRequests requests = new ApiRequests();
    KubernetesClient client = requests.client(config);
    OperatorContext ctx = OperatorContext.create(client, Clock.systemUTC(), OperatorSettings.defaults());
    // JOSDK's timers keep no percentiles by default; ask for p50/p99 before the first reconcile creates them
    ctx.metrics().registry().config().meterFilter(new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        return id.getType() == Meter.Type.TIMER
            ? DistributionStatisticConfig.builder().percentiles(0.5, 0.99).build().merge(config) : config;
      }
    });
    StagelineOperator operator = StagelineOperator.create(ctx);
    operator.start();
    return new BenchOperator(operator, requests);
  }

  /** GETs of objects and lists the operator has sent (the informers' initial lists included, watches not). */
  long reads() {
    return requests.reads();
  }

  /** POST, PUT, PATCH and DELETE requests the operator has sent (a real server cannot count them for us). */
  long writes() {
    return requests.writes();
  }

  /**
   * Reconciles of {@code controller} running or queued now (JOSDK's gauges); 0 when the operator has nothing
   * left to do, so that it can be stopped without interrupting a reconcile whose write would go uncounted.
   */
  double pending(String controller) {
    return operator.context().metrics().registry().getMeters().stream()
        .filter(m -> m instanceof io.micrometer.core.instrument.Gauge)
        .filter(m -> m.getId().getName().equals("operator.sdk.reconciliations.executions." + controller)
            || m.getId().getName().equals("operator.sdk.reconciliations.queue.size." + controller))
        .mapToDouble(m -> ((io.micrometer.core.instrument.Gauge) m).value())
        .sum();
  }

  /** Its informers have synced. */
  boolean isReady() {
    return operator.isReady();
  }

  /** JOSDK's reconcile-execution timers of one controller (success and failure). */
  List<Timer> reconcileTimers(String controller) {
    return operator.context().metrics().registry().getMeters().stream()
        .filter(m -> m instanceof Timer)
        .map(m -> (Timer) m)
        .filter(t -> t.getId().getName().equals("operator.sdk.controllers.execution.reconcile")
            && controller.equals(t.getId().getTag("controller")))
        .toList();
  }

  long reconciles(String controller) {
    return reconcileTimers(controller).stream().mapToLong(Timer::count).sum();
  }

  /** p50 and p99 in milliseconds of the reconciles (Micrometer's decaying window of about 2 minutes). */
  double[] reconcilePercentilesMillis(String controller) {
    double[] result = {Double.NaN, Double.NaN};
    for (Timer t : reconcileTimers(controller)) {
      for (ValueAtPercentile v : t.takeSnapshot().percentileValues()) {
        result[v.percentile() < 0.9 ? 0 : 1] = v.value(java.util.concurrent.TimeUnit.MILLISECONDS);
      }
    }
    return result;
  }

  @Override
  public void close() {
    operator.close();
    operator.context().client().close();
  }
}
