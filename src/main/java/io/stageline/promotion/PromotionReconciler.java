package io.stageline.promotion;

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
import io.stageline.api.v1alpha1.ReleaseHistory;
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
import io.stageline.conditions.Conditions;
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
import java.time.Instant;
import java.util.Optional;
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
 * resumes where it stopped without doing anything twice. Phases only move forward.
 */
// A failed reconcile is retried with backoff (0.5 s doubling to at most a minute, ~45 minutes of attempts: an
// API outage or a conflict passes without anyone's help); at most 10 reconciles of one resource per second,
// so that no resource can loop hot against the API.
@GradualRetry(maxAttempts = 50, initialInterval = 500, intervalMultiplier = 2, maxInterval = 60_000)
@RateLimited(maxReconciliations = 10, within = 1, unit = TimeUnit.SECONDS)
@ControllerConfiguration(name = "promotion")
public class PromotionReconciler implements Reconciler<Promotion> {

  private final OperatorContext ctx;
  private final KubernetesClient client;
  private final KubernetesSerialization serialization;
  private final PromotionAdmission admission;
  private final GateRunner gates;
  private final PromotionSwitch promotionSwitch;
  private final PromotionEvents events;
  private final PromotionMetrics metrics;
  private final WakeUpEventSource wakeUps;
  private final PromotionReads reads;
  private final PromotionEnding ending;
  private final ProblemReport problems;
  private final ApprovalPolicyCheck approvalPolicy = new ApprovalPolicyCheck();
  private final GateWatches gateWatches;
  private final FreezeCalendar.Memo freezeCalendar = new FreezeCalendar.Memo();

  public PromotionReconciler(OperatorContext ctx) {
    this.ctx = ctx;
    this.problems = ctx.problems();
    this.client = ctx.client();
    this.serialization = client.getKubernetesSerialization();
    this.reads = new PromotionReads(client, ctx.settings().operatorNamespace());
    this.admission = new PromotionAdmission(serialization, this::environment);
    this.gateWatches = new GateWatches(client, this::environment);
    this.gates = new GateRunner(Map.of(
        "condition", new ConditionGateEvaluator(client, gateWatches),
        "job", new JobGateEvaluator(client, reads),
        "soak", new SoakGateEvaluator(),
        "window", new WindowGateEvaluator(),
        "approval", new ApprovalGateEvaluator(client, approvalPolicy),
        "metric", new MetricGateEvaluator(prometheus(ctx.settings()))));
    this.events = new PromotionEvents(ctx.auditor());
    this.metrics = new PromotionMetrics(ctx.metrics().registry());
    this.ending = new PromotionEnding(events, metrics, reads, ctx.clock());
    this.promotionSwitch = new PromotionSwitch(client, gates, events, metrics, reads, ending);
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
    Step step = new Step(promotion, context, serialization.clone(old), ctx.clock().instant());
    // a reconcile that gets here succeeds (or throws, and updateErrorStatus says so again)
    step.status.setConditions(conditions(step).remove(StatusConditions.RECONCILE_ERROR).build());
    if (old.getPhase() != null && old.getPhase().isFinal()) {
      step.write(); // finished promotions are never re-run; only a failure after the last pass is cleared
      return UpdateControl.noUpdate();
    }
    gateWatches.bind(context.eventSourceRetriever());
    step.status.setObservedGeneration(promotion.getMetadata().getGeneration());
    Environment target = environment(promotion.getSpec().getEnvironment());
    if (target == null) {
      reject(step, PromotionConditions.Reason.UNKNOWN_ENVIRONMENT,
          "Environment \"" + promotion.getSpec().getEnvironment() + "\" does not exist");
    } else if (!target.targetNamespace().equals(promotion.getMetadata().getNamespace())) {
      reject(step, PromotionConditions.Reason.WRONG_NAMESPACE, "a promotion to Environment \"" + target.getMetadata().getName()
          + "\" must be created in its namespace \"" + target.targetNamespace() + "\", not \""
          + promotion.getMetadata().getNamespace() + "\"");
    } else {
      advance(step, target);
    }
    step.write();
    if (phase(step).isFinal()) {
      // the cache may still hold this promotion as it was before this pass finished it
      gateWatches.prune(context.getPrimaryCache().list()
          .filter(p -> !PromotionQueue.phase(p).isFinal() && !ResourceID.fromResource(p).equals(ResourceID.fromResource(promotion)))
          .toList());
    }
    if (step.wakeUpAt != null) {
      wakeUps.wakeAt(ResourceID.fromResource(promotion), step.wakeUpAt);
    }
    UpdateControl<Promotion> control = UpdateControl.noUpdate();
    return step.pollAfter == null ? control : control.rescheduleAfter(step.pollAfter);
  }

  @Override
  public ErrorStatusUpdateControl<Promotion> updateErrorStatus(
      Promotion promotion, Context<Promotion> context, Exception e) {
    return problems.reconcileFailed(promotion, context, e);
  }

  private void advance(Step step, Environment target) {
    if (phase(step) == Phase.Pending) {
      admit(step, target);
    }
    if (phase(step) == Phase.WaitingForGates) {
      awaitGates(step, target);
    }
    if (phase(step) == Phase.Promoting) {
      promotionSwitch.promote(step, target);
    }
    if (phase(step) == Phase.Verifying) {
      promotionSwitch.verify(step, target);
    }
  }

  private void admit(Step step, Environment target) {
    PromotionAdmission.Decision decision = admission.decide(step.promotion, target);
    if (!decision.admitted()) {
      reject(step, decision.reason(), decision.message());
      return;
    }
    PromotionStatus s = step.status;
    s.setRelease(decision.release());
    List<Promotion> siblings = siblings(step.promotion);
    var ahead = PromotionQueue.ahead(step.promotion, siblings);
    if (ahead.isPresent()) {
      s.setPhase(Phase.Pending);
      s.setWaitingOn("queued behind promotion " + ahead.get().getMetadata().getName()
          + " (" + PromotionQueue.phase(ahead.get()) + ")");
      s.setConditions(conditions(step).setFalse(PromotionConditions.Type.ADMITTED, PromotionConditions.Reason.QUEUED, s.getWaitingOn()).build());
      return;
    }
    s.setPhase(Phase.WaitingForGates);
    s.setStartedAt(step.now.toString());
    s.setConditions(conditions(step).setTrue(PromotionConditions.Type.ADMITTED, PromotionConditions.Reason.ADMITTED,
        "release " + PromotionAdmission.describe(decision.release()) + " may go to " + target.getMetadata().getName()).build());
    events.info(step.promotion, "Start", PromotionConditions.Reason.ADMITTED, "promotion of " + PromotionAdmission.describe(decision.release())
        + " to " + target.getMetadata().getName() + " started");
  }

  private void awaitGates(Step step, Environment target) {
    PromotionStatus s = step.status;
    var supersededBy = PromotionQueue.supersededBy(step.promotion, siblings(step.promotion));
    if (supersededBy.isPresent()) {
      reject(step, PromotionConditions.Reason.SUPERSEDED, "superseded by promotion " + supersededBy.get().getMetadata().getName());
      return;
    }
    Environment upstream = step.promotion.getSpec().getRollbackTo() != null || target.getSpec().getUpstream() == null
        ? null : environment(target.getSpec().getUpstream());
    // Evaluated afresh on each pass: a platform that tightens the policy holds waiting promotions too.
    RequiredGates.Plan plan = RequiredGates.plan(step.promotion.getSpec().getGates(), target);
    if (plan.refused()) {
      finish(step, target, Phase.Failed, plan.reason(), plan.message());
      return;
    }
    GateRunner.Run run = gates.run(step.promotion, plan.gates(), s.getGates(), s.getApprovals(),
        target, upstream, s.getRelease(), step.now, false);
    run.gates().forEach(g -> g.setRequiredBy(plan.required().contains(g.getName()) ? target.getMetadata().getName() : null));
    events.approvalsJudged(step.promotion, s.getApprovals(), run.approvals());
    run.transitions().forEach(t -> {
      events.gateChanged(step.promotion, t, false);
      if (t.gate().getState() == PromotionStatus.GateStatus.State.Passed) {
        metrics.gateWaited(t.gate().getKind(), t.waited());
      }
    });
    boolean policyMissing = run.gates().stream().anyMatch(g -> ApprovalPolicyCheck.MISSING.equals(g.getMessage()));
    if (policyMissing && !ApprovalPolicyCheck.MISSING.equals(s.getWaitingOn())) {
      events.refusedApprovals(step.promotion, PromotionConditions.Reason.APPROVAL_POLICY_MISSING, ApprovalPolicyCheck.MISSING);
    }
    s.setGates(run.gates());
    s.setApprovals(run.approvals());
    step.wakeUp(run.wakeUpAt(), run.pollAfter());
    if (run.anyFailed()) {
      finish(step, target, Phase.Failed, PromotionConditions.Reason.FAILED, "gate " + run.firstFailed().getName() + " failed: "
          + run.firstFailed().getMessage());
      return;
    }
    var lineStopped = StopTheLine.holds(stopTheLine(), target.getSpec().getStage());
    var frozen = step.promotion.getSpec().getRollbackTo() != null ? Optional.<FreezeCalendar.Hold>empty()
        : freezeCalendar.of(reads.freezeCalendar()).holds(target.getSpec().getStage(), step.now);
    frozen.map(FreezeCalendar.Hold::until).ifPresent(until -> step.wakeUp(until, null));
    if (!run.allPassed() || lineStopped.isPresent() || frozen.isPresent()) {
      s.setWaitingOn(lineStopped.or(() -> frozen.map(FreezeCalendar.Hold::message)).orElse(run.waitingOn()));
      if (lineStopped.isPresent() && !lineStopped.get().equals(step.old.getWaitingOn())) {
        events.info(step.promotion, "GateDecision", PromotionConditions.Reason.LINE_STOPPED, lineStopped.get());
      } else if (lineStopped.isEmpty() && frozen.isPresent() && !frozen.get().message().equals(step.old.getWaitingOn())) {
        events.info(step.promotion, "GateDecision", PromotionConditions.Reason.FROZEN, frozen.get().message());
      }
      return;
    }
    s.setWaitingOn(null);
    ReleaseHistory history = ReleaseHistory.of(target);
    s.setPreviousRelease(history.current().orElse(null));
    s.setRevision(history.nextRevision());
    s.setPhase(Phase.Promoting);
    events.info(step.promotion, "Promote", PromotionConditions.Reason.PROMOTING, "all gates passed: switching "
        + target.getMetadata().getName() + " to " + PromotionAdmission.describe(s.getRelease()) + " (revision " + s.getRevision() + ")");
    step.write(); // the phase is persisted before any effect
  }

  void reject(Step step, String reason, String message) {
    ending.reject(step, reason, message);
  }

  void finish(Step step, Environment target, Phase phase, String reason, String message) {
    ending.finish(step, target, phase, reason, message);
  }

  private Conditions conditions(Step step) {
    return Conditions.from(step.status.getConditions(), step.promotion.getMetadata().getGeneration(), ctx.clock());
  }

  Environment environment(String name) {
    return reads.environment(name);
  }

  private ConfigMap stopTheLine() {
    return reads.stopTheLine();
  }

  private List<Promotion> siblings(Promotion p) {
    return reads.promotions(p.getMetadata().getNamespace());
  }

  private static Phase phase(Step step) {
    return step.status.getPhase() == null ? Phase.Pending : step.status.getPhase();
  }

  /** One reconcile's working state: the promotion as last written, its new status, and when to look again. */
  final class Step {
    Promotion promotion;
    final Context<Promotion> context;
    final PromotionStatus status;
    PromotionStatus old;
    final Instant now;
    Instant wakeUpAt;
    Duration pollAfter;

    Step(Promotion promotion, Context<Promotion> context, PromotionStatus status, Instant now) {
      this.promotion = promotion;
      this.context = context;
      this.status = status;
      this.old = promotion.getStatus() == null ? new PromotionStatus() : promotion.getStatus();
      this.now = now;
    }

    void wakeUp(Instant at, Duration poll) {
      if (at != null && (wakeUpAt == null || at.isBefore(wakeUpAt))) {
        wakeUpAt = at;
      }
      if (poll != null && (pollAfter == null || poll.compareTo(pollAfter) < 0)) {
        pollAfter = poll;
      }
    }

    /** Writes the status if it changed (a pass that finds nothing new writes nothing), and caches the result. */
    void write() {
      if (Objects.equals(serialization.asJson(old), serialization.asJson(status))) {
        return;
      }
      PromotionStatus toWrite = serialization.clone(status);
      promotion = PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(promotion, context, p -> {
        p.setStatus(toWrite);
        return p;
      });
      old = serialization.clone(status);
    }
  }

  @Override
  public List<EventSource<?, Promotion>> prepareEventSources(EventSourceContext<Promotion> context) {
    var cache = context.getPrimaryCache();
    var environments = new InformerEventSource<>(InformerEventSourceConfiguration.from(Environment.class, Promotion.class)
        .withName("promotion-environments")
        .withSecondaryToPrimaryMapper(env -> unfinished(cache.list()))
        .build(), context);
    var jobs = new InformerEventSource<>(InformerEventSourceConfiguration.from(Job.class, Promotion.class)
        .withName("promotion-jobs")
        .withSecondaryToPrimaryMapper(job -> sameNamespaceOrReferenced(cache.list().toList(), job))
        .build(), context);
    var deployments = new InformerEventSource<>(InformerEventSourceConfiguration.from(Deployment.class, Promotion.class)
        .withName("promotion-deployments")
        .withSecondaryToPrimaryMapper(d -> sameNamespace(cache.list(), d))
        .build(), context);
    var statefulSets = new InformerEventSource<>(InformerEventSourceConfiguration.from(StatefulSet.class, Promotion.class)
        .withName("promotion-statefulsets")
        .withSecondaryToPrimaryMapper(d -> sameNamespace(cache.list(), d))
        .build(), context);
    var lineSwitch = new InformerEventSource<>(InformerEventSourceConfiguration.from(ConfigMap.class, Promotion.class)
        .withName("promotion-stop-the-line")
        .withNamespaces(Set.of(ctx.settings().operatorNamespace()))
        .withGenericFilter(cm -> StopTheLine.NAME.equals(cm.getMetadata().getName())
            || FreezeCalendar.NAME.equals(cm.getMetadata().getName()))
        .withSecondaryToPrimaryMapper(cm -> unfinished(cache.list()))
        .build(), context);
    var siblings = new InformerEventSource<>(InformerEventSourceConfiguration.from(Promotion.class, Promotion.class)
        .withName("promotion-siblings")
        .withSecondaryToPrimaryMapper(p -> sameNamespace(cache.list(), p).stream()
            .filter(id -> !id.getName().equals(p.getMetadata().getName())).collect(Collectors.toSet()))
        .build(), context);
    reads.use(environments, lineSwitch, siblings, deployments, statefulSets, jobs);
    var approvalPolicies = new InformerEventSource<>(InformerEventSourceConfiguration.from(ValidatingAdmissionPolicy.class, Promotion.class)
        .withName("promotion-approval-policy")
        .withGenericFilter(p -> ApprovalPolicyCheck.POLICY.equals(p.getMetadata().getName()))
        .withSecondaryToPrimaryMapper(p -> unfinished(cache.list()))
        .build(), context);
    var approvalBindings = new InformerEventSource<>(
        InformerEventSourceConfiguration.from(ValidatingAdmissionPolicyBinding.class, Promotion.class)
        .withName("promotion-approval-policy-bindings")
        .withSecondaryToPrimaryMapper(b -> unfinished(cache.list()))
        .build(), context);
    approvalPolicy.readFrom(approvalPolicies, approvalBindings);
    return List.of(environments, jobs, deployments, statefulSets, lineSwitch, siblings, wakeUps, approvalPolicies, approvalBindings);
  }

  private static Set<ResourceID> unfinished(Stream<Promotion> promotions) {
    return promotions.filter(p -> !PromotionQueue.phase(p).isFinal()).map(ResourceID::fromResource).collect(Collectors.toSet());
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
