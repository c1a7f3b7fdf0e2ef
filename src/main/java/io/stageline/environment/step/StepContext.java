package io.stageline.environment.step;

import io.stageline.conditions.InputProblem;
import io.stageline.kube.ManagedObjects;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.stageline.runtime.OperatorContext;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.EnvironmentStatus;
import io.stageline.conditions.Conditions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What one reconcile of one Environment shares between its steps: the Environment as read, the status
 * being built (a copy of the current one: fields a step does not own, such as the release that
 * promotions record, pass through untouched), its conditions, and which conditions Ready waits for.
 */
public final class StepContext {
  private final Environment environment;
  private final Context<Environment> context;
  private final OperatorContext operator;
  private final EnvironmentStatus status;
  private final Conditions conditions;
  private final EnvironmentReads reads;
  private final List<String> readyGates = new ArrayList<>();
  private Duration requeueAfter;

  public StepContext(Environment environment, Context<Environment> context, OperatorContext operator,
      EnvironmentStatus status) {
    this.environment = environment;
    this.context = context;
    this.operator = operator;
    this.status = status;
    this.reads = new EnvironmentReads(context, operator.settings());
    this.conditions = Conditions.from(status.getConditions(), environment.getMetadata().getGeneration(),
        operator.clock());
  }

  public Environment environment() {
    return environment;
  }

  public String name() {
    return environment.getMetadata().getName();
  }

  /** The environment's namespace. */
  public String namespace() {
    return environment.targetNamespace();
  }

  public Context<Environment> context() {
    return context;
  }

  public OperatorContext operator() {
    return operator;
  }

  /** For writes; reads go through {@link #reads()}. */
  public KubernetesClient client() {
    return operator.client();
  }

  /** What the steps read, from the informer caches. */
  public EnvironmentReads reads() {
    return reads;
  }

  /**
   * Creates or updates an object Stageline keeps by hand (see {@link ManagedObjects}) and puts what it
   * wrote into the cache the next reconcile reads.
   */
  public <R extends HasMetadata> ManagedObjects.Outcome keep(R existing, R desired,
      Function<R, Object> content) {
    return ManagedObjects.apply(client(), existing, desired, content, reads::remember);
  }

  public EnvironmentStatus status() {
    return status;
  }

  public Conditions conditions() {
    return conditions;
  }

  /** Makes Ready wait for this condition to be True. */
  public StepContext gatesReady(String conditionType) {
    if (!readyGates.contains(conditionType)) {
      readyGates.add(conditionType);
    }
    return this;
  }

  /** Asks for another reconcile after this long (for progress nothing watches, e.g. a Velero restore). */
  public void requeueAfter(Duration delay) {
    if (requeueAfter == null || delay.compareTo(requeueAfter) < 0) {
      requeueAfter = delay;
    }
  }

  /** The shortest delay a step asked for, if any. */
  public Optional<Duration> requeueAfter() {
    return Optional.ofNullable(requeueAfter);
  }

  /** Now, by the operator's clock, in RFC 3339 seconds. */
  public String now() {
    return Instant.now(operator.clock()).truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** The conditions Ready waits for, in the order the steps named them. */
  public List<String> readyGates() {
    return readyGates;
  }

  /** The condition as set so far in this reconcile. */
  public Optional<Condition> condition(String type) {
    return Conditions.find(conditions.build(), type);
  }

  /** The condition as the Environment had it before this reconcile. */
  public Optional<Condition> previousCondition(String type) {
    return environment.getStatus() == null ? Optional.empty() : environment.getStatus().findCondition(type);
  }

  /** Reports bad input (see {@link #refuse(String, String, String, String)}). */
  public void refuse(String action, InputProblem problem) {
    refuse(problem.conditionType(), action, problem.reason(), problem.message());
  }

  /**
   * Sets a condition to False for bad input and, when the reason is new, audits it as a refusal (a
   * Warning event). Repeating the same finding on later reconciles stays silent.
   */
  public void refuse(String type, String action, String reason, String message) {
    boolean isNew = previousCondition(type)
        .map(c -> !Conditions.FALSE.equals(c.getStatus()) || !reason.equals(c.getReason()) || !message.equals(c.getMessage()))
        .orElse(true);
    conditions.setFalse(type, reason, message);
    if (isNew) {
      operator.auditor().refused(environment, action, reason, message);
    }
  }
}
