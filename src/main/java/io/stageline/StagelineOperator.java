package io.stageline;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.Cloner;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.stageline.access.AccessComplianceCheck;
import io.stageline.access.AccessPolicyReconciler;
import io.stageline.api.v1alpha1.ModelPart;
import io.stageline.environment.EnvironmentReconciler;
import io.stageline.kube.LeanItemStore;
import io.stageline.metrics.PromotionWaitGauge;
import io.stageline.promotion.AutoPromotionReconciler;
import io.stageline.promotion.PromotionReconciler;
import io.stageline.runtime.OperatorContext;
import io.stageline.runtime.OperatorSettings;
import java.time.Duration;
import java.util.List;

/**
 * Builds the JOSDK operator with Stageline's reconcilers. Tests and production use this one
 * configuration, so what is tested is what runs.
 */
public final class StagelineOperator implements AutoCloseable {
  private final Operator operator;
  private final OperatorContext context;
  private final PromotionWaitGauge promotionWait;

  private StagelineOperator(Operator operator, OperatorContext context) {
    this.operator = operator;
    this.context = context;
    this.promotionWait = new PromotionWaitGauge(context.client(),
        context.metrics().registry(), context.clock());
  }

  public static StagelineOperator create(OperatorContext context) {
    OperatorSettings settings = context.settings();
    Operator operator = new Operator(o -> {
      o.withKubernetesClient(context.client())
          // Server-side apply is off: the API servers Stageline is tested against (the fabric8 mock and
          // the embedded API grown from it) cannot serve it, and one configuration must serve both.
          // Managed objects are kept with update/patch, and JOSDK's matchers keep no-op reconciles write-free.
          .withUseSSAToPatchPrimaryResource(false)
          // (SSA-based matching would also need the managedFields the informer caches drop)
          .withSSABasedCreateUpdateMatchForDependentResources(false)
          .withCloseClientOnStop(false)
          // keeps the marks of objects that could not be read into the model (see LenientRead)
          .withResourceCloner(new Cloner() {
            @Override
            public <R extends HasMetadata> R clone(R object) {
              return ModelPart.cloneKeepingMarks(object,
                  context.client().getKubernetesSerialization());
            }
          })
          .withStopOnInformerErrorDuringStartup(false)
          .withCacheSyncTimeout(Duration.ofMinutes(2))
          .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(context.metrics().registry()));
      if (settings.leaderElection()) {
        Duration lease = settings.leaseDuration();
        o.withLeaderElectionConfiguration(new LeaderElectionConfiguration(
            "stageline-operator", settings.operatorNamespace(), lease, lease.multipliedBy(2).dividedBy(3),
            Duration.ofSeconds(2), settings.identity(), context.leadership().callbacks(), false));
      }
    });
    // Reconcilers, one per kind (each in its own package):
    // cross-kind wiring lives here, so that no kind's package depends on another's reconciler: access
    // contributes its compliance check to the Environment reconciler
    EnvironmentReconciler environments = new EnvironmentReconciler(context, List.of(new AccessComplianceCheck()));
    // every informer keeps its objects without managedFields (LeanItemStore), the primaries' too
    operator.register(environments, o -> o.withOnUpdateFilter(environments.updateFilter())
        .withItemStore(new LeanItemStore<>()));
    operator.register(new AccessPolicyReconciler(context), o -> o.withItemStore(new LeanItemStore<>()));
    operator.register(new PromotionReconciler(context), o -> o.withItemStore(new LeanItemStore<>()));
    operator.register(new AutoPromotionReconciler(context), o -> o.withItemStore(new LeanItemStore<>()));
    return new StagelineOperator(operator, context);
  }

  public OperatorContext context() {
    return context;
  }

  public Operator operator() {
    return operator;
  }

  /** Ready once started and every informer is watching: what {@code /readyz} answers. */
  public boolean isReady() {
    try {
      return operator.getRuntimeInfo().isStarted() && operator.getRuntimeInfo().allEventSourcesAreHealthy();
    } catch (RuntimeException e) {
      return false;
    }
  }

  public void start() {
    operator.start();
    promotionWait.start(Duration.ofSeconds(30));
  }

  @Override
  public void close() {
    context.leadership().stopping();
    promotionWait.close();
    operator.stop();
  }
}
