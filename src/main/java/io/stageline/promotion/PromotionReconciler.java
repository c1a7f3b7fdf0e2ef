package io.stageline.promotion;

import io.stageline.kube.LeanItemStore;
import io.stageline.api.v1alpha1.PromotionConditions;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.rate.RateLimited;
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;
import io.stageline.api.v1alpha1.StatusConditions;
import io.stageline.conditions.ProblemReport;
import io.stageline.runtime.OperatorSettings;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.stageline.runtime.OperatorContext;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.Promotion;
import io.stageline.api.v1alpha1.PromotionStatus;
import io.stageline.api.v1alpha1.PromotionStatus.Phase;
import io.stageline.promotion.gates.ApprovalGateEvaluator;
import io.stageline.promotion.gates.ApprovalPolicyCheck;
import io.stageline.promotion.gates.ConditionGateEvaluator;
import io.stageline.promotion.gates.FreezeCalendar;
import io.stageline.promotion.gates.GateWatches;
import io.stageline.promotion.gates.GateRunner;
import io.stageline.promotion.gates.HttpPrometheus;
import io.stageline.promotion.gates.JobGateEvaluator;
import io.stageline.promotion.gates.MetricGateEvaluator;
import io.stageline.promotion.gates.PrometheusQueries;
import io.stageline.promotion.gates.PromotionGates;
import io.stageline.promotion.gates.SoakGateEvaluator;
import io.stageline.promotion.gates.WindowGateEvaluator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Moves a release into an Environment: admits it (path, queue), waits for its gates, switches the
 * workloads' images, records the release on the Environment, verifies it and rolls back on failure.
 * All state is the promotion's status; the phase is written before each effect, so a restart
 * resumes where it stopped without doing anything twice. Phases only move forward. Each phase is a
 * {@link PhaseHandler} ({@link PromotionStart}, {@link PromotionSwitch}) that answers the next phase; this class
 * only dispatches to them and writes the status, once per pass.
 */
// A failed reconcile is retried with backoff (0.5 s doubling to at most a minute, ~45 minutes of attempts: an
// API outage or a conflict passes without anyone's help); at most 10 reconciles of one resource per second,
// so that no resource can loop hot against the API.
@GradualRetry(maxAttempts = 50, initialInterval = 500, intervalMultiplier = 2, maxInterval = 60_000)
@RateLimited(maxReconciliations = 10, within = 1, unit = TimeUnit.SECONDS)
@ControllerConfiguration(name = "promotion")
public class PromotionReconciler implements Reconciler<Promotion> {
  /** Phases whose effects (switching images, verifying) are made only once the phase is written. */
  private static final Set<Phase> PERSISTED_BEFORE_EFFECTS = Set.of(Phase.Promoting, Phase.Verifying);

  private final OperatorContext ctx;
  private final KubernetesClient client;
  private final KubernetesSerialization serialization;
  /** The handler of each phase that is not final. */
  private final Map<Phase, PhaseHandler> phases;
  private final WakeUpEventSource wakeUps;
  private final PromotionReads reads;
  private final PromotionEnding ending;
  private final ProblemReport problems;
  private final ApprovalPolicyCheck approvalPolicy = new ApprovalPolicyCheck();
  private final GateWatches gateWatches;

  public PromotionReconciler(OperatorContext ctx) {
    this.ctx = ctx;
    this.problems = ctx.problems();
    this.client = ctx.client();
    this.serialization = client.getKubernetesSerialization();
    this.reads = new PromotionReads(client, ctx.settings().operatorNamespace());
    PromotionAdmission admission = new PromotionAdmission(serialization, this::environment);
    this.gateWatches = new GateWatches(client, this::environment);
    GateRunner gates = new GateRunner(Map.of(
        "condition", new ConditionGateEvaluator(client, gateWatches),
        "job", new JobGateEvaluator(client, reads),
        "soak", new SoakGateEvaluator(),
        "window", new WindowGateEvaluator(),
        "approval", new ApprovalGateEvaluator(client, approvalPolicy),
        "metric", new MetricGateEvaluator(prometheus(ctx.settings()))));
    PromotionEvents events = new PromotionEvents(ctx.auditor());
    PromotionMetrics metrics = new PromotionMetrics(ctx.metrics().registry());
    this.ending = new PromotionEnding(events, metrics, reads);
    PromotionStart start = new PromotionStart(admission, gates, events, metrics, reads, ending);
    PromotionSwitch promotionSwitch = new PromotionSwitch(client, gates, events, metrics, reads, ending);
    this.phases = Map.of(
        Phase.Pending, start::admit,
        Phase.WaitingForGates, start::awaitGates,
        Phase.Promoting, promotionSwitch::promote,
        Phase.Verifying, promotionSwitch::verify);
    this.wakeUps = new WakeUpEventSource(ctx.clock());
  }

  private static PrometheusQueries prometheus(OperatorSettings settings) {
    return settings.prometheusUrl() == null ? PrometheusQueries.NONE
        : new HttpPrometheus(settings.prometheusUrl(), settings.prometheusTokenFile());
  }

  @Override
  public UpdateControl<Promotion> reconcile(Promotion promotion, Context<Promotion> context) {
    if (problems.unreadable(promotion)) {
      return UpdateControl.noUpdate();
    }
    PromotionStatus old = promotion.getStatus() == null ? new PromotionStatus() : promotion.getStatus();
    PromotionPass pass = new PromotionPass(promotion, serialization.clone(old), ctx.clock());
    // a reconcile that gets here succeeds (or throws, and updateErrorStatus says so again)
    pass.status.setConditions(pass.conditions().remove(StatusConditions.RECONCILE_ERROR).build());
    if (pass.phase().isFinal()) {
      write(pass, context); // finished promotions are never re-run; only a failure after the last pass is cleared
      return UpdateControl.noUpdate();
    }
    gateWatches.bind(context.eventSourceRetriever());
    pass.status.setObservedGeneration(promotion.getMetadata().getGeneration());
    Environment target = environment(promotion.getSpec().getEnvironment());
    if (target == null) {
      ending.reject(pass, PromotionConditions.Reason.UNKNOWN_ENVIRONMENT,
          "Environment \"" + promotion.getSpec().getEnvironment() + "\" does not exist");
    } else if (!target.targetNamespace().equals(promotion.getMetadata().getNamespace())) {
      ending.reject(pass, PromotionConditions.Reason.WRONG_NAMESPACE, "a promotion to Environment \""
          + target.getMetadata().getName() + "\" must be created in its namespace \"" + target.targetNamespace()
          + "\", not \"" + promotion.getMetadata().getNamespace() + "\"");
    } else {
      advance(phases, pass, target);
    }
    write(pass, context);
    if (pass.phase().isFinal()) {
      // the cache may still hold this promotion as it was before this pass finished it
      gateWatches.prune(context.getPrimaryCache().list()
          .filter(p -> !PromotionQueue.phase(p).isFinal() && !ResourceID.fromResource(p).equals(ResourceID.fromResource(promotion)))
          .toList());
    }
    if (pass.wakeUpAt != null) {
      wakeUps.wakeAt(ResourceID.fromResource(promotion), pass.wakeUpAt);
    }
    UpdateControl<Promotion> control = UpdateControl.noUpdate();
    return pass.pollAfter == null ? control : control.rescheduleAfter(pass.pollAfter);
  }

  @Override
  public ErrorStatusUpdateControl<Promotion> updateErrorStatus(
      Promotion promotion, Context<Promotion> context, Exception e) {
    return problems.reconcileFailed(promotion, context, e);
  }

  /**
   * Runs the handler of the promotion's phase, and of the phases it moves into, until it waits or ends. A move
   * into Promoting or Verifying ends the pass instead: the status is written with that phase before the
   * phase's effects are made (so a restart resumes there without doing anything twice), and the next pass,
   * scheduled at once, makes them.
   */
  static void advance(Map<Phase, PhaseHandler> phases, PromotionPass pass, Environment target) {
    Phase phase = pass.phase();
    while (!phase.isFinal()) {
      Phase next = phases.get(phase).handle(pass, target);
      if (next == phase) {
        return;
      }
      if (PERSISTED_BEFORE_EFFECTS.contains(next)) {
        pass.wakeUp(null, Duration.ZERO);
        return;
      }
      phase = next;
    }
  }

  Environment environment(String name) {
    return reads.environment(name);
  }

  /** Writes the status if it changed (a pass that finds nothing new writes nothing), and caches the result. */
  private void write(PromotionPass pass, Context<Promotion> context) {
    if (Objects.equals(serialization.asJson(pass.old), serialization.asJson(pass.status))) {
      return;
    }
    PromotionStatus toWrite = serialization.clone(pass.status);
    PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(pass.promotion, context, p -> {
      p.setStatus(toWrite);
      return p;
    });
  }

  @Override
  public List<EventSource<?, Promotion>> prepareEventSources(EventSourceContext<Promotion> context) {
    var cache = context.getPrimaryCache();
    var environments = new InformerEventSource<>(InformerEventSourceConfiguration.from(Environment.class, Promotion.class)
        .withName("promotion-environments")
        .withItemStore(new LeanItemStore<>())
        .withSecondaryToPrimaryMapper(env -> unfinished(cache.list().filter(p -> reads(p, env))))
        .build(), context);
    var jobs = new InformerEventSource<>(InformerEventSourceConfiguration.from(Job.class, Promotion.class)
        .withName("promotion-jobs")
        .withItemStore(new LeanItemStore<>())
        .withSecondaryToPrimaryMapper(job -> sameNamespaceOrReferenced(cache.list().toList(), job))
        .build(), context);
    var deployments = new InformerEventSource<>(InformerEventSourceConfiguration.from(Deployment.class, Promotion.class)
        .withName("promotion-deployments")
        .withItemStore(new LeanItemStore<>())
        .withSecondaryToPrimaryMapper(d -> sameNamespace(cache.list(), d))
        .build(), context);
    var statefulSets = new InformerEventSource<>(InformerEventSourceConfiguration.from(StatefulSet.class, Promotion.class)
        .withName("promotion-statefulsets")
        .withItemStore(new LeanItemStore<>())
        .withSecondaryToPrimaryMapper(d -> sameNamespace(cache.list(), d))
        .build(), context);
    var lineSwitch = new InformerEventSource<>(InformerEventSourceConfiguration.from(ConfigMap.class, Promotion.class)
        .withName("promotion-stop-the-line")
        .withItemStore(new LeanItemStore<>())
        .withNamespaces(Set.of(ctx.settings().operatorNamespace()))
        .withGenericFilter(cm -> StopTheLine.NAME.equals(cm.getMetadata().getName())
            || FreezeCalendar.NAME.equals(cm.getMetadata().getName()))
        .withSecondaryToPrimaryMapper(cm -> unfinished(cache.list()))
        .build(), context);
    var siblings = new InformerEventSource<>(InformerEventSourceConfiguration.from(Promotion.class, Promotion.class)
        .withName("promotion-siblings")
        .withItemStore(new LeanItemStore<>())
        .withSecondaryToPrimaryMapper(p -> sameNamespace(cache.list(), p).stream()
            .filter(id -> !id.getName().equals(p.getMetadata().getName())).collect(Collectors.toSet()))
        .build(), context);
    reads.use(environments, lineSwitch, siblings, deployments, statefulSets, jobs);
    var approvalPolicies = new InformerEventSource<>(InformerEventSourceConfiguration.from(ValidatingAdmissionPolicy.class, Promotion.class)
        .withName("promotion-approval-policy")
        .withItemStore(new LeanItemStore<>())
        .withGenericFilter(p -> ApprovalPolicyCheck.POLICY.equals(p.getMetadata().getName()))
        .withSecondaryToPrimaryMapper(p -> unfinished(cache.list()))
        .build(), context);
    var approvalBindings = new InformerEventSource<>(
        InformerEventSourceConfiguration.from(ValidatingAdmissionPolicyBinding.class, Promotion.class)
        .withName("promotion-approval-policy-bindings")
        .withItemStore(new LeanItemStore<>())
        .withSecondaryToPrimaryMapper(b -> unfinished(cache.list()))
        .build(), context);
    approvalPolicy.readFrom(approvalPolicies, approvalBindings);
    return List.of(environments, jobs, deployments, statefulSets, lineSwitch, siblings, wakeUps, approvalPolicies, approvalBindings);
  }

  private static Set<ResourceID> unfinished(Stream<Promotion> promotions) {
    return promotions.filter(p -> !PromotionQueue.phase(p).isFinal()).map(ResourceID::fromResource).collect(Collectors.toSet());
  }

  /**
   * Whether a promotion reads this Environment: its target or an Environment upstream of the target (the
   * upstream's release, the path's first stage). Matched by name, so that an Environment deleted or not yet
   * created wakes the promotions naming it too. Not every Environment's change concerns every promotion:
   * when many promotions start at once, each start's writes to its own Environment would otherwise wake all
   * the others, and their reconciles would hit the per-promotion rate limit and wait out its second.
   */
  private boolean reads(Promotion p, Environment changed) {
    String name = p.getSpec() == null ? null : p.getSpec().getEnvironment();
    String wanted = changed.getMetadata().getName();
    Set<String> seen = new HashSet<>();
    while (name != null && seen.add(name)) {
      if (name.equals(wanted)) {
        return true;
      }
      Environment env = environment(name);
      name = env == null || env.getSpec() == null ? null : env.getSpec().getUpstream();
    }
    return false;
  }

  /** Promotions in the object's namespace, and those whose condition gates name an object in it (a CI namespace). */
  private Set<ResourceID> sameNamespaceOrReferenced(List<Promotion> promotions, HasMetadata object) {
    Set<ResourceID> ids = sameNamespace(promotions.stream(), object);
    ids.addAll(unfinished(promotions.stream().filter(p -> refersTo(p, object))));
    return ids;
  }

  private boolean refersTo(Promotion p, HasMetadata object) {
    // the target's required condition gates wake the promotion too (read from the Environment informer)
    return PromotionGates.conditionRefs(p, environment(p.getSpec().getEnvironment())).stream()
        .anyMatch(ref -> object.getKind().equals(ref.getKind()) && object.getMetadata().getName().equals(ref.getName())
            && Objects.equals(object.getMetadata().getNamespace(),
                ref.getNamespace() == null ? p.getMetadata().getNamespace() : ref.getNamespace()));
  }

  private static Set<ResourceID> sameNamespace(Stream<Promotion> promotions, HasMetadata object) {
    return new HashSet<>(unfinished(promotions.filter(p -> Objects.equals(p.getMetadata().getNamespace(), object.getMetadata().getNamespace()))));
  }
}
