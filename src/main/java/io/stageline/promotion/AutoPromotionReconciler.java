package io.stageline.promotion;

import io.stageline.api.v1alpha1.EnvironmentConditions;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.rate.RateLimited;
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;
import io.stageline.api.Labels;
import io.stageline.kube.PrimaryPeerEvents;
import io.stageline.api.v1alpha1.ReleaseHistory;
import java.util.concurrent.TimeUnit;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.stageline.runtime.OperatorContext;
import io.stageline.api.v1alpha1.AutoPromotion;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.Promotion;
import io.stageline.api.v1alpha1.PromotionSpec;
import io.stageline.api.v1alpha1.ReleaseRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Opt-in automatic promotion: when an Environment's upstream has a new verified release, creates
 * the Promotion to it (with the gates of {@code spec.autoPromotion.gates}, which still apply).
 * Off unless {@code autoPromotion.enabled: true}, so production never promotes by itself by default.
 * Its own controller on Environment, so that it never writes Environments: it only creates
 * Promotions, one per version (a failed one is not retried by itself).
 */
// A failed reconcile is retried with backoff (0.5 s doubling to at most a minute, ~45 minutes of attempts: an
// API outage or a conflict passes without anyone's help); at most 10 reconciles of one resource per second,
// so that no resource can loop hot against the API.
@GradualRetry(maxAttempts = 50, initialInterval = 500, intervalMultiplier = 2, maxInterval = 60_000)
@RateLimited(maxReconciliations = 10, within = 1, unit = TimeUnit.SECONDS)
@ControllerConfiguration(name = "auto-promotion")
public class AutoPromotionReconciler implements Reconciler<Environment> {
  private final OperatorContext ctx;

  public AutoPromotionReconciler(OperatorContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public UpdateControl<Environment> reconcile(Environment target, Context<Environment> context) {
    if (io.stageline.api.v1alpha1.ModelPart.unreadable(target).isPresent()) {
      return UpdateControl.noUpdate(); // the environment reconciler reports it
    }
    AutoPromotion auto = target.getSpec().getAutoPromotion();
    String upstreamName = target.getSpec().getUpstream();
    if (auto == null || !Boolean.TRUE.equals(auto.getEnabled()) || upstreamName == null) {
      return UpdateControl.noUpdate();
    }
    Environment upstream = ctx.client().resources(Environment.class).withName(upstreamName).get();
    ReleaseRecord release = upstream == null ? null : ReleaseHistory.of(upstream).current().orElse(null);
    if (release == null || !Boolean.TRUE.equals(release.getVerified()) || runs(target, release)) {
      return UpdateControl.noUpdate();
    }
    String name = promotionName(release);
    String namespace = target.targetNamespace();
    if (ctx.client().resources(Promotion.class).inNamespace(namespace).withName(name).get() != null) {
      return UpdateControl.noUpdate(); // one automatic promotion per version; a failed one waits for a person
    }
    ctx.client().resource(promotion(target, namespace, name, release, auto)).create();
    ctx.auditor().success(target, "AutoPromote", EnvironmentConditions.Reason.AUTO_PROMOTION_CREATED, "upstream " + upstreamName
        + " has verified release " + release.getVersion() + ": created promotion " + namespace + "/" + name);
    return UpdateControl.noUpdate();
  }

  private static boolean runs(Environment target, ReleaseRecord release) {
    return ReleaseHistory.of(target).current()
        .map(r -> Objects.equals(r.getVersion(), release.getVersion()) && Objects.equals(r.getImages(), release.getImages()))
        .orElse(false);
  }

  static String promotionName(ReleaseRecord release) {
    String version = release.getVersion() == null ? "r" + release.getRevision() : release.getVersion();
    String name = ("auto-" + version).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    return name.length() > 63 ? name.substring(0, 63).replaceAll("-+$", "") : name;
  }

  private Promotion promotion(Environment target, String namespace, String name, ReleaseRecord release,
      AutoPromotion auto) {
    Promotion p = new Promotion();
    p.getMetadata().setName(name);
    p.getMetadata().setNamespace(namespace);
    p.getMetadata().getLabels().put(Labels.MANAGED_BY, "stageline");
    p.getMetadata().getLabels().put(Labels.ENVIRONMENT, target.getMetadata().getName());
    p.getMetadata().getLabels().put(Labels.AUTO_PROMOTION, "true");
    PromotionSpec spec = new PromotionSpec();
    spec.setEnvironment(target.getMetadata().getName());
    spec.setRelease(ReleaseHistory.toRelease(release));
    spec.setGates(new ArrayList<>(auto.getGates()));
    // the operator's own identity, as the API server (and the approval admission policy) knows it
    spec.setRequestedBy(ctx.settings().username());
    p.setSpec(spec);
    return p;
  }

  /** A change of an Environment (its new release) wakes the Environments downstream of it. */
  @Override
  public List<EventSource<?, Environment>> prepareEventSources(EventSourceContext<Environment> context) {
    var cache = context.getPrimaryCache();
    // from this controller's own watch of Environments (its status changes included), not a second one
    return List.of(new PrimaryPeerEvents<Environment>("auto-promotion-upstreams", upstream -> cache.list()
        .filter(e -> e.getSpec() != null && upstream.getMetadata().getName().equals(e.getSpec().getUpstream()))
        .map(ResourceID::fromResource)
        .collect(Collectors.toSet())));
  }
}
