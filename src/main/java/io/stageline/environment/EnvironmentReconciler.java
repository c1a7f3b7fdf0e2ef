package io.stageline.environment;

import io.stageline.conditions.InputProblem;
import io.stageline.api.v1alpha1.StatusConditions;
import io.stageline.api.v1alpha1.EnvironmentConditions;
import io.stageline.environment.step.StepContext;
import io.stageline.environment.step.EnvironmentStep;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Namespace;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.rate.RateLimited;
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;
import io.stageline.api.Labels;
import io.stageline.api.v1alpha1.ModelPart;
import io.stageline.conditions.ProblemReport;
import io.stageline.environment.refresh.DatabaseRefreshStep;
import io.stageline.environment.seed.SeedDataStep;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.stageline.runtime.OperatorContext;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.EnvironmentSpec.DeletionPolicy;
import io.stageline.api.v1alpha1.EnvironmentStatus;
import io.stageline.api.v1alpha1.EnvironmentStatus.Phase;
import io.stageline.conditions.Conditions;
import io.stageline.environment.dependent.LimitRangeDependentResource;
import io.stageline.environment.dependent.NamespaceDependentResource;
import io.stageline.environment.dependent.NetworkPolicyDependentResource;
import io.stageline.environment.dependent.ResourceQuotaDependentResource;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Provisions and keeps an Environment's namespace and what lives in it. Input is checked before
 * anything is written, so the workflow of managed parts is invoked explicitly after the checks; then
 * the steps (config, secrets, seed data, ...) run in order, and status is patched only when it changed.
 */
// Not generation-aware: annotation requests (secret rotation) must reach the reconciler. The event of its own
// status write is dropped (updateFilter); a reconcile it would bring finds nothing to change.
// A failed reconcile is retried with backoff (0.5 s doubling to at most a minute, ~45 minutes of attempts: an
// API outage or a conflict passes without anyone's help); at most 10 reconciles of one resource per second,
// so that no resource can loop hot against the API.
@GradualRetry(maxAttempts = 50, initialInterval = 500, intervalMultiplier = 2, maxInterval = 60_000)
@RateLimited(maxReconciliations = 10, within = 1, unit = TimeUnit.SECONDS)
@ControllerConfiguration(name = "environment", generationAwareEventProcessing = false)
@Workflow(explicitInvocation = true, handleExceptionsInReconciler = true, dependents = {
    @Dependent(name = "namespace", type = NamespaceDependentResource.class),
    @Dependent(name = "quota", type = ResourceQuotaDependentResource.class, dependsOn = "namespace",
        reconcilePrecondition = ResourceQuotaDependentResource.Requested.class),
    @Dependent(name = "limits", type = LimitRangeDependentResource.class, dependsOn = "namespace",
        reconcilePrecondition = LimitRangeDependentResource.Requested.class),
    @Dependent(name = "network-policy", type = NetworkPolicyDependentResource.class, dependsOn = "namespace",
        reconcilePrecondition = NetworkPolicyDependentResource.Requested.class)})
public class EnvironmentReconciler implements Reconciler<Environment>, Cleaner<Environment> {
  /** Bad input is re-checked this often too, since it may be fixed elsewhere (an upstream appears). */
  static final Duration RECHECK_BAD_INPUT = Duration.ofSeconds(10);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final OperatorContext operator;
  private final UpstreamCheck upstreamCheck = new UpstreamCheck();
  private final NamespaceClaim namespaceClaim;
  private final NamespaceAdoption adoption;
  private final ProvisioningStatus provisioning = new ProvisioningStatus();
  private final EnvironmentMetrics metrics;
  /** Run in this order once the namespace and its isolation exist. */
  private final List<EnvironmentStep> steps;
  private final MonitoringStep monitoring;
  /** Compliance checks other packages provide (wired by StagelineOperator). */
  private final List<ComplianceCheck> complianceChecks;
  private final ProblemReport problems;
  private final OwnStatusWrites ownStatusWrites = new OwnStatusWrites();

  public EnvironmentReconciler(OperatorContext operator, List<ComplianceCheck> complianceChecks) {
    this.operator = operator;
    this.complianceChecks = List.copyOf(complianceChecks);
    this.problems = operator.problems();
    var settings = operator.settings();
    this.namespaceClaim = new NamespaceClaim(List.of(settings.configNamespace(), settings.vaultNamespace(),
        settings.operatorNamespace()));
    this.adoption = new NamespaceAdoption(operator);
    this.metrics = new EnvironmentMetrics(operator.metrics().registry());
    this.monitoring = new MonitoringStep(operator.metrics().registry());
    this.steps = List.of(
        new ConfigStep(),
        new SecretsStep(),
        new SeedDataStep(operator),
        new DatabaseRefreshStep(operator),
        new ParityStep(),
        new BackupStep(),
        monitoring,
        new ComplianceStep(this.complianceChecks));
  }

  @Override
  public UpdateControl<Environment> reconcile(Environment env, Context<Environment> context) {
    if (problems.unreadable(env)) {
      return UpdateControl.noUpdate();
    }
    StepContext step = new StepContext(env, context, operator, copyOf(env.getStatus()));
    Collection<Environment> all = context.getPrimaryCache().list().collect(Collectors.toList());
    // namespaces Stageline labelled are cached; one it has not labelled yet (first provisioning, adoption)
    // is asked for, since the operator does not watch every namespace of the cluster
    Namespace existing = step.reads().managedNamespace()
        .orElseGet(() -> operator.client().namespaces().withName(env.targetNamespace()).get());
    if (existing != null && existing.getMetadata().getDeletionTimestamp() != null) {
      return awaitTermination(step, existing);
    }
    NamespaceClaim.Result claim = namespaceClaim.check(env, existing, all);
    Optional<InputProblem> problem = upstreamCheck.check(env, all).or(() -> Optional.ofNullable(claim.problem()));
    if (problem.isPresent()) {
      InputProblem p = problem.get();
      step.refuse("Validate", p);
      step.conditions().setFalse(StatusConditions.READY, p.reason(), p.message());
      return finish(step, Phase.Failed).rescheduleAfter(RECHECK_BAD_INPUT);
    }
    if (adoption.prepare(env, existing, claim.verdict())) {
      return finish(step, Phase.Pending);
    }
    provisioning.record(context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow(), step);
    if (step.condition(EnvironmentConditions.Type.NAMESPACE_READY).map(c -> Conditions.TRUE.equals(c.getStatus())).orElse(false)) {
      steps.forEach(s -> StepFailures.run(s, step));
    }
    Phase phase = setReady(step);
    boolean firstReady = phase == Phase.Ready && provisioning.recordFirstReady(step);
    UpdateControl<Environment> control = finish(step, phase);
    if (firstReady) {
      provisioning.auditProvisioned(step);
    }
    if (phase != Phase.Ready) {
      step.requeueAfter(RECHECK_BAD_INPUT);
    }
    step.requeueAfter().ifPresent(control::rescheduleAfter);
    return control;
  }

  /**
   * The filter of the Environment informer's updates (set by StagelineOperator): the event of this
   * reconciler's own status write does not bring another reconcile.
   */
  public OnUpdateFilter<Environment> updateFilter() {
    return ownStatusWrites;
  }

  @Override
  public ErrorStatusUpdateControl<Environment> updateErrorStatus(Environment env, Context<Environment> context,
      Exception e) {
    return problems.reconcileFailed(env, context, e);
  }

  @Override
  public List<EventSource<?, Environment>> prepareEventSources(EventSourceContext<Environment> context) {
    List<EventSource<?, Environment>> sources = new ArrayList<>(
        EnvironmentEventSources.create(context, operator.settings()));
    // compliance findings follow the objects their checks look at (e.g. RoleBindings created by hand)
    complianceChecks.forEach(check -> sources.addAll(check.eventSources(context)));
    return sources;
  }

  @Override
  public DeleteControl cleanup(Environment env, Context<Environment> context) {
    String name = env.getMetadata().getName();
    ownStatusWrites.forget(name);
    metrics.forget(name);
    monitoring.forget(name);
    if (env.getStatus() != null && env.getStatus().getBackup() != null && env.getStatus().getBackup().getSchedule() != null) {
      try {
        BackupStep.unschedule(operator, env, "the Environment was deleted");
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        // the Environment still goes: a finalizer held for an optional integration would strand it
        operator.auditor().failure(env, "UnscheduleBackup", EnvironmentConditions.Reason.BACKUP_UNSCHEDULE_FAILED, "could not delete Velero Schedule "
            + env.getStatus().getBackup().getSchedule() + " (HTTP " + e.getCode() + "); delete it by hand");
      }
    }
    Optional<Namespace> owned = context.getSecondaryResource(Namespace.class)
        .filter(ns -> name.equals(Labels.environmentOf(ns)));
    if (owned.isEmpty()) {
      return DeleteControl.defaultDelete();
    }
    String namespace = owned.get().getMetadata().getName();
    // an Environment whose spec cannot be read keeps its namespace: what it asked for is unknown
    if (ModelPart.unreadable(env).isPresent()
        || env.getSpec().effectiveDeletionPolicy() == DeletionPolicy.Retain) {
      operator.client().namespaces().withName(namespace).edit(ns -> {
        ns.getMetadata().getLabels().put(Labels.RETAINED, "true");
        return ns;
      });
      operator.auditor().success(env, "Retain", EnvironmentConditions.Reason.RETAINED,
          "kept namespace " + namespace + " and its contents (deletionPolicy Retain), labelled "
              + Labels.RETAINED + "=true");
    } else {
      context.managedWorkflowAndDependentResourceContext().cleanupManageWorkflow();
      operator.auditor().success(env, "Delete", EnvironmentConditions.Reason.DELETED,
          "deleted namespace " + namespace + " (deletionPolicy Delete)");
    }
    return DeleteControl.defaultDelete();
  }

  /** Ready waits for every gating condition; its reason is the first one that is not True. */
  private static Phase setReady(StepContext step) {
    for (String gate : step.readyGates()) {
      var condition = step.condition(gate);
      if (condition.isEmpty() || !Conditions.TRUE.equals(condition.get().getStatus())) {
        String reason = condition.map(c -> c.getReason()).orElse(EnvironmentConditions.Reason.PROVISIONING);
        String message = gate + ": " + condition.map(c -> c.getMessage()).orElse("not yet reported");
        step.conditions().setFalse(StatusConditions.READY, reason, message);
        return Conditions.isTrue(step.conditions().build(), EnvironmentConditions.Type.NAMESPACE_READY) ? Phase.Degraded : Phase.Pending;
      }
    }
    step.conditions().setTrue(StatusConditions.READY, EnvironmentConditions.Reason.PROVISIONED, "namespace " + step.namespace() + " is ready");
    return Phase.Ready;
  }

  /** Sets this reconciler's own status fields and patches status only when something changed. */
  /**
   * A namespace being deleted (an earlier Environment of this name, or someone's kubectl delete) refuses new
   * content until the namespace controller has emptied it; nothing is provisioned into it meanwhile. Its
   * deletion (a watch event when Stageline labelled it) or the recheck brings the provisioning reconcile.
   */
  private UpdateControl<Environment> awaitTermination(StepContext step, Namespace terminating) {
    String message = "namespace " + terminating.getMetadata().getName() + " is being deleted (since "
        + terminating.getMetadata().getDeletionTimestamp() + "); it is provisioned once it is gone";
    step.refuse(EnvironmentConditions.Type.NAMESPACE_READY, "Provision", EnvironmentConditions.Reason.NAMESPACE_TERMINATING, message);
    step.conditions().setFalse(StatusConditions.READY, EnvironmentConditions.Reason.NAMESPACE_TERMINATING, message);
    return finish(step, Phase.Pending).rescheduleAfter(RECHECK_BAD_INPUT);
  }

  private UpdateControl<Environment> finish(StepContext step, Phase phase) {
    Environment env = step.environment();
    EnvironmentStatus status = step.status();
    status.setObservedGeneration(env.getMetadata().getGeneration());
    status.setPhase(phase);
    status.setNamespace(env.targetNamespace());
    // a reconcile that gets here succeeded: an earlier failure's ReconcileError goes
    status.setConditions(step.conditions().remove(StatusConditions.RECONCILE_ERROR).build());
    metrics.record(step.name(), env.getSpec().getStage(), phase == Phase.Ready);
    patchStatus(env, status, step.context());
    return UpdateControl.noUpdate();
  }

  /**
   * Writes the status when it changed, as every Stageline reconciler does: JOSDK's update-and-cache, whose
   * resourceVersion makes a concurrent write a conflict, retried on the fresher cached copy, and whose
   * result the next reconcile reads even before the watch delivers it. {@code status.release} and
   * {@code status.releaseHistory} are the Promotion controller's (docs/architecture.md): they are taken
   * from the copy being written, never from this reconcile, so a promotion's record is never undone.
   */
  private void patchStatus(Environment env, EnvironmentStatus status, Context<Environment> context) {
    if (JSON.valueToTree(copyOf(env.getStatus())).equals(JSON.valueToTree(status))) {
      return;
    }
    EnvironmentStatus mine = copyOf(status);
    PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(env, context, latest -> {
      EnvironmentStatus written = copyOf(mine);
      EnvironmentStatus theirs = latest.getStatus();
      written.setRelease(theirs == null ? null : theirs.getRelease());
      written.setReleaseHistory(theirs == null ? null : theirs.getReleaseHistory());
      ownStatusWrites.writing(latest, written);
      latest.setStatus(written);
      return latest;
    });
  }

  private static EnvironmentStatus copyOf(EnvironmentStatus status) {
    return status == null ? new EnvironmentStatus() : JSON.convertValue(status, EnvironmentStatus.class);
  }
}
