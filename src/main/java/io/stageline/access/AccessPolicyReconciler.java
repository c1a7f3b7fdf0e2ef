package io.stageline.access;

import io.stageline.kube.LeanItemStore;
import io.stageline.api.v1alpha1.StatusConditions;
import io.stageline.api.v1alpha1.AccessPolicyConditions;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.rate.RateLimited;
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;
import io.stageline.api.Labels;
import io.stageline.api.v1alpha1.ModelPart;
import io.stageline.conditions.Conditions;
import io.stageline.conditions.ProblemReport;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.stageline.runtime.OperatorContext;
import io.stageline.api.v1alpha1.AccessPolicy;
import io.stageline.api.v1alpha1.AccessPolicyStatus;
import io.stageline.api.v1alpha1.AccessPolicyStatus.Refusal;
import io.stageline.api.v1alpha1.Environment;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Keeps the RoleBindings each AccessPolicy implies in the namespaces of the Environments it selects,
 * and ends emergency grants at their expiry with a timer for that instant (the reconcile is
 * rescheduled for the next expiry, computed from the injected Clock; no periodic sweep).
 *
 * <p>Triggered by the policy itself, by any Environment it selects or has bindings for (so a
 * relabelled or new Environment gains or loses bindings), and by any change to its RoleBindings
 * (so edits and deletes by others are reverted).
 */
// A failed reconcile is retried with backoff (0.5 s doubling to at most a minute, ~45 minutes of attempts: an
// API outage or a conflict passes without anyone's help); at most 10 reconciles of one resource per second,
// so that no resource can loop hot against the API.
@GradualRetry(maxAttempts = 50, initialInterval = 500, intervalMultiplier = 2, maxInterval = 60_000)
@RateLimited(maxReconciliations = 10, within = 1, unit = TimeUnit.SECONDS)
@ControllerConfiguration(name = "accesspolicy")
public class AccessPolicyReconciler implements Reconciler<AccessPolicy>, Cleaner<AccessPolicy> {
  private final OperatorContext operator;
  private final AccessAudit audit;
  private final BindingApplier applier;
  private final EmergencyGauge gauge;
  private InformerEventSource<Environment, AccessPolicy> environments;
  private final ProblemReport problems;
  private InformerEventSource<Namespace, AccessPolicy> namespaces;
  private final EmergencyLedger ledger;

  public AccessPolicyReconciler(OperatorContext operator) {
    this.operator = operator;
    this.audit = new AccessAudit(operator.auditor());
    this.applier = new BindingApplier(operator.client(), audit);
    this.gauge = new EmergencyGauge(operator.metrics().registry());
    this.problems = operator.problems();
    this.ledger = new EmergencyLedger(operator.client(), operator.settings().operatorNamespace());
  }

  @Override
  public UpdateControl<AccessPolicy> reconcile(AccessPolicy policy, Context<AccessPolicy> context) {
    if (problems.unreadable(policy)) {
      return UpdateControl.noUpdate();
    }
    // the status this controller wrote last, even before the watch delivers it (JOSDK's update-and-cache)
    AccessPolicyStatus old = policy.getStatus() == null ? new AccessPolicyStatus() : policy.getStatus();
    policy.setStatus(old);
    if (old.getEmergencyGrants() == null) {
      old.setEmergencyGrants(new ArrayList<>());
    }
    if (policy.getSpec().getGrants() != null) {
      Set<String> emergencyKeys = policy.getSpec().getGrants().stream().filter(g -> g.getEmergency() != null
          && g.getSubjects() != null).map(BindingPlanner::grantKey).collect(Collectors.toSet());
      ledger.recall(emergencyKeys, old.getEmergencyGrants());
    }
    Instant now = operator.clock().instant();
    // an Environment that cannot be read is reported by its own reconciler and never selected
    List<Environment> all = environments.list()
        .filter(e -> ModelPart.unreadable(e).isEmpty()).toList();
    AccessPlan plan = BindingPlanner.plan(policy, all, this::namespaceExists, now);
    if (plan.isInvalid()) {
      if (old.getPhase() != AccessPolicyStatus.Phase.Invalid
          || !Objects.equals(readyMessage(old), plan.invalid())) {
        audit.invalid(policy, plan.invalid());
      }
    } else {
      applier.apply(policy, plan, bindings(context), previouslyBound(old));
      plan.newlyGranted().forEach(g -> audit.emergencyGranted(policy, g));
      plan.newlyExpired().forEach(g -> audit.emergencyExpired(policy, g));
      ledger.remember(Stream.concat(plan.newlyGranted().stream(), plan.newlyExpired().stream())
          .toList());
      newRefusals(old, plan).forEach(r -> audit.refused(policy, r));
      gauge.report(policy.getMetadata().getName(), plan.activeEmergenciesByStage());
    }
    AccessPolicyStatus status = AccessPolicyStatusBuilder.build(policy, plan, operator.clock());
    String reason = status.findCondition(StatusConditions.READY).map(c -> c.getReason()).orElse(null);
    if (AccessPolicyConditions.Reason.SELECTS_NOTHING.equals(reason) && !reason.equals(
        old.findCondition(StatusConditions.READY).map(c -> c.getReason()).orElse(null))) {
      operator.auditor().refused(policy, "Select", reason, readyMessage(status));
    }
    writeStatus(policy, old, status, context);
    UpdateControl<AccessPolicy> control = UpdateControl.noUpdate();
    plan.nextExpiry().ifPresent(expiry -> control.rescheduleAfter(delayUntil(expiry)));
    return control;
  }

  /**
   * Writes the status when it changed, as every Stageline reconciler does (JOSDK's update-and-cache): the
   * next reconcile, which our own RoleBinding writes trigger at once, starts from the status just written,
   * so the same grant or refusal is not audited twice.
   */
  private static void writeStatus(AccessPolicy policy, AccessPolicyStatus old, AccessPolicyStatus status,
      Context<AccessPolicy> context) {
    if (Serialization.asJson(status).equals(Serialization.asJson(old))) {
      return;
    }
    AccessPolicyStatus written = Serialization.unmarshal(Serialization.asJson(status), AccessPolicyStatus.class);
    PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(policy, context, latest -> {
      latest.setStatus(written);
      return latest;
    });
  }

  @Override
  public ErrorStatusUpdateControl<AccessPolicy> updateErrorStatus(
      AccessPolicy policy, Context<AccessPolicy> context, Exception e) {
    return problems.reconcileFailed(policy, context, e);
  }

  @Override
  public DeleteControl cleanup(AccessPolicy policy, Context<AccessPolicy> context) {
    applier.deleteAll(policy, bindings(context), AccessPolicyConditions.Reason.POLICY_DELETED);
    gauge.forget(policy.getMetadata().getName());
    return DeleteControl.defaultDelete();
  }

  @Override
  public List<EventSource<?, AccessPolicy>> prepareEventSources(EventSourceContext<AccessPolicy> context) {
    environments = new InformerEventSource<>(
        InformerEventSourceConfiguration.from(Environment.class, AccessPolicy.class)
            .withName("access-environments")
            .withItemStore(new LeanItemStore<>())
            .withSecondaryToPrimaryMapper(env -> policiesConcerning(context, (Environment) env))
            .build(),
        context);
    InformerEventSource<RoleBinding, AccessPolicy> roleBindings = new InformerEventSource<>(
        InformerEventSourceConfiguration.from(RoleBinding.class, AccessPolicy.class)
            .withName("access-rolebindings")
            .withItemStore(new LeanItemStore<>())
            .withWatchAllNamespaces()
            .withLabelSelector(Labels.ACCESS_POLICY)
            .withSecondaryToPrimaryMapper(rb -> Set.of(new ResourceID(
                rb.getMetadata().getLabels().get(Labels.ACCESS_POLICY))))
            .build(),
        context);
    applier.cacheIn(roleBindings);
    namespaces = new InformerEventSource<>(
        InformerEventSourceConfiguration.from(Namespace.class, AccessPolicy.class)
            .withName("access-namespaces")
            .withItemStore(new LeanItemStore<>())
            // only the namespaces Environments manage (labelled so): a binding is never made anywhere else
            .withLabelSelector(Labels.MANAGED_BY + "=" + Labels.STAGELINE)
            .withSecondaryToPrimaryMapper(ns -> environments.list(e -> e.getSpec() != null
                    && e.targetNamespace().equals(ns.getMetadata().getName()))
                .flatMap(e -> policiesConcerning(context, e).stream()).collect(Collectors.toSet()))
            .build(),
        context);
    return List.of(environments, roleBindings, namespaces, new AccessRolesKeeper(operator.client(), operator.auditor(), operator.leadership()));
  }

  /** The policies that select an Environment now, or that bound or refused something there before. */
  private static Set<ResourceID> policiesConcerning(EventSourceContext<AccessPolicy> context, Environment env) {
    String name = env.getMetadata().getName();
    String namespace = env.targetNamespace();
    return context.getPrimaryCache().list()
        .filter(p -> (p.getSpec() != null && EnvironmentSelection.selects(p.getSpec().getEnvironments(), env))
            || (p.getStatus() != null && p.getStatus().getBindings() != null
                && p.getStatus().getBindings().stream().anyMatch(b -> namespace.equals(b.getNamespace())))
            || (p.getStatus() != null && p.getStatus().getRefused() != null
                && p.getStatus().getRefused().stream().anyMatch(r -> name.equals(r.getEnvironment()))))
        .map(ResourceID::fromResource)
        .collect(Collectors.toSet());
  }

  private boolean namespaceExists(String namespace) {
    return namespaces.get(new ResourceID(namespace)).isPresent();
  }

  /** The policy's RoleBindings, in every namespace: the informer indexes them by their policy label. */
  private static List<RoleBinding> bindings(Context<AccessPolicy> context) {
    return List.copyOf(context.getSecondaryResources(RoleBinding.class));
  }

  /** The exact wait until an expiry, rounded up so the timer never fires before it. */
  private Duration delayUntil(Instant expiry) {
    Duration delay = Duration.between(operator.clock().instant(), expiry).plusMillis(1);
    return delay.isNegative() || delay.isZero() ? Duration.ofMillis(1) : delay;
  }

  private static Set<String> previouslyBound(AccessPolicyStatus old) {
    if (old.getBindings() == null) {
      return Set.of();
    }
    return old.getBindings().stream()
        .map(b -> b.getNamespace() + "/" + b.getRoleBinding() + "/" + b.getSubject())
        .collect(Collectors.toSet());
  }

  private static List<Refusal> newRefusals(AccessPolicyStatus old, AccessPlan plan) {
    Set<String> before = old.getRefused() == null ? Set.of() : old.getRefused().stream()
        .map(AccessPolicyReconciler::refusalKey).collect(Collectors.toSet());
    return plan.refusals().stream().filter(r -> !before.contains(refusalKey(r))).toList();
  }

  private static String refusalKey(Refusal r) {
    return r.getSubject() + "|" + r.getEnvironment() + "|" + r.getReason();
  }

  private static String readyMessage(AccessPolicyStatus status) {
    return status.findCondition(StatusConditions.READY).map(c -> c.getMessage()).orElse(null);
  }
}
