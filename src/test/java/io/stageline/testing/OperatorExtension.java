package io.stageline.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.runtime.OperatorContext;
import io.stageline.runtime.OperatorSettings;
import io.stageline.StagelineOperator;
import io.stageline.audit.AuditEvent;
import io.stageline.embedded.EmbeddedApiServer;
import io.stageline.embedded.Installation;
import java.time.Clock;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs the real Stageline operator against a fresh embedded API for each test:
 * {@code @RegisterExtension static OperatorExtension operator = OperatorExtension.running();}.
 * The API holds the operator's namespaces, ServiceAccount and RBAC from deploy/, and the operator
 * runs as that ServiceAccount, so a permission missing from deploy/operator-rbac.yaml fails here
 * as it would on a cluster. {@link #client()} is the administrator, for setting up fixtures.
 */
public class OperatorExtension implements BeforeEachCallback, AfterEachCallback {
  private final boolean startOperator;
  private UnaryOperator<OperatorSettings> settingsCustomizer = UnaryOperator.identity();
  private Clock clock = Clock.systemUTC();
  private EmbeddedApiServer api;
  private KubernetesClient client;
  private StagelineOperator operator;
  private final ApiRequests operatorRequests = new ApiRequests();

  private OperatorExtension(boolean startOperator) {
    this.startOperator = startOperator;
  }

  /** An embedded API with the operator running against it. */
  public static OperatorExtension running() {
    return new OperatorExtension(true);
  }

  /** An embedded API only; start the operator with {@link #startOperator()} when the test is ready. */
  public static OperatorExtension apiOnly() {
    return new OperatorExtension(false);
  }

  public OperatorExtension withClock(Clock clock) {
    this.clock = clock;
    return this;
  }

  public OperatorExtension withSettings(UnaryOperator<OperatorSettings> customizer) {
    this.settingsCustomizer = customizer;
    return this;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    api = EmbeddedApiServer.start(0);
    api.install(Installation.Part.OPERATOR_IDENTITY);
    client = api.newClient();
    if (startOperator) {
      startOperator();
    }
  }

  /** Starts (or, after {@link #stopOperator()}, restarts) the operator with a fresh client of its ServiceAccount. */
  public StagelineOperator startOperator() {
    OperatorContext ctx = OperatorContext.create(operatorRequests.client(api.operatorConfig()), clock,
        settingsCustomizer.apply(OperatorSettings.defaults()));
    operator = StagelineOperator.create(ctx);
    operator.start();
    return operator;
  }

  public void stopOperator() {
    if (operator != null) {
      operator.close();
      operator.context().client().close();
      operator = null;
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    stopOperator();
    if (client != null) {
      client.close();
    }
    if (api != null) {
      api.close();
    }
  }

  /** A client acting as the cluster administrator. */
  public KubernetesClient client() {
    return client;
  }

  public EmbeddedApiServer api() {
    return api;
  }

  public StagelineOperator operator() {
    return operator;
  }

  /** The requests the operator's client has sent, across restarts. */
  public ApiRequests operatorRequests() {
    return operatorRequests;
  }

  /**
   * Waits until the operator's client has sent nothing for two seconds: the reconciles a change brought,
   * and those their own writes brought, are over. Fails if the operator never goes quiet.
   */
  public void awaitOperatorIdle() {
    long[] last = {-1};
    org.awaitility.Awaitility.await().atMost(Awaits.TIMEOUT)
        .pollInterval(java.time.Duration.ofMillis(200)).during(java.time.Duration.ofSeconds(2))
        .until(() -> {
          long now = operatorRequests.total();
          boolean same = now == last[0];
          last[0] = now;
          return same;
        });
  }

  /** Reconciles the running operator has finished for a controller ("environment", "promotion", "accesspolicy"). */
  public long reconciles(String controller) {
    return operator.context().metrics().registry().getMeters().stream()
        .filter(m -> m instanceof io.micrometer.core.instrument.Timer)
        .filter(m -> m.getId().getName().equals("operator.sdk.controllers.execution.reconcile")
            && controller.equals(m.getId().getTag("controller")))
        .mapToLong(m -> ((io.micrometer.core.instrument.Timer) m).count())
        .sum();
  }

  /** The audit lines the running operator wrote about an object, with the reason. */
  public List<AuditEvent> audited(String name, String reason) {
    return operator.context().auditor().recent().stream()
        .filter(e -> name.equals(e.name()) && reason.equals(e.reason())).toList();
  }

  /** Write requests (POST, PUT, PATCH, DELETE) the API has received so far. */
  public long writeRequests() {
    return api.writeRequestCount();
  }
}
