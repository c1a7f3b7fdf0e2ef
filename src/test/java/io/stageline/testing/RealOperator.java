package io.stageline.testing;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.runtime.OperatorContext;
import io.stageline.runtime.OperatorSettings;
import io.stageline.StagelineOperator;
import java.time.Clock;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.slf4j.LoggerFactory;

/**
 * The Stageline operator started in this JVM (as {@code OperatorExtension} starts it) but acting on the
 * real API server with a token of its ServiceAccount, so deploy/operator-rbac.yaml is what it may do.
 */
public final class RealOperator implements AutoCloseable {
  private final StagelineOperator operator;

  private RealOperator(StagelineOperator operator) {
    this.operator = operator;
  }

  public static RealOperator start(RealControlPlane plane) {
    return start(plane, Clock.systemUTC(), UnaryOperator.identity());
  }

  /** A replica that may not lead: started, but not awaited until its informers sync. */
  public static RealOperator replica(RealControlPlane plane, String identity, Duration lease) {
    return launch(plane, Clock.systemUTC(), s -> s.withLeaderElection(identity, lease));
  }

  private static RealOperator launch(RealControlPlane plane, Clock clock, UnaryOperator<OperatorSettings> settings) {
    RealStageline.require(plane);
    KubernetesClient client = plane.operatorClient();
    OperatorContext context = OperatorContext.create(client, clock, settings.apply(OperatorSettings.defaults()));
    // A replica that loses the Lease exits its JVM; here that JVM runs the tests, so the loss is only logged.
    context.leadership().onLost(() -> LoggerFactory.getLogger(RealOperator.class).error("a replica lost its Lease"));
    StagelineOperator operator = StagelineOperator.create(context);
    operator.start();
    return new RealOperator(operator);
  }

  public static RealOperator start(RealControlPlane plane, Clock clock, UnaryOperator<OperatorSettings> settings) {
    RealOperator started = launch(plane, clock, settings);
    StagelineOperator operator = started.operator;
    try {
      await("the operator's informers to sync as its ServiceAccount").atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(250)).until(operator::isReady);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      String unhealthy = String.valueOf(operator.operator().getRuntimeInfo().unhealthyInformerWrappingEventSourceHealthIndicator());
      started.close();
      throw new AssertionError("The operator did not become ready as its ServiceAccount (an RBAC gap?); unhealthy: "
          + unhealthy, e);
    }
    return started;
  }

  public StagelineOperator operator() {
    return operator;
  }

  @Override
  public void close() {
    operator.close();
    operator.context().client().close();
  }
}
