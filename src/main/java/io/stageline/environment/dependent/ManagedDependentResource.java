package io.stageline.environment.dependent;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import io.javaoperatorsdk.operator.processing.dependent.Matcher.Result;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.GenericKubernetesResourceMatcher;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDNoGCKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.stageline.api.Labels;
import io.stageline.api.v1alpha1.Environment;
import java.util.Set;

/**
 * A Kubernetes object an Environment keeps. No owner reference: the namespace is cluster-scoped and a
 * retained namespace must keep its contents, so Stageline deletes what it owns itself (finalizer) and
 * maps objects back to their Environment by the {@code stageline.io/environment} label.
 */
public abstract class ManagedDependentResource<R extends HasMetadata>
    extends CRUDNoGCKubernetesDependentResource<R, Environment> implements SecondaryToPrimaryMapper<R> {

  protected ManagedDependentResource(Class<R> type) {
    super(type);
  }

  /** Which object this is, known without computing the desired state (which may not exist, e.g. no quota). */
  @Override
  protected ResourceID targetSecondaryResourceID(Environment env, Context<Environment> context) {
    return new ResourceID(objectName(env), env.targetNamespace());
  }

  /** The managed object's name in the Environment's namespace. */
  protected abstract String objectName(Environment env);

  @Override
  public Set<ResourceID> toPrimaryResourceIDs(R object) {
    String environment = Labels.environmentOf(object);
    return environment == null ? Set.of() : Set.of(new ResourceID(environment));
  }

  /**
   * Compares the whole spec, so that a field removed from the desired state (a quota key, an ingress
   * rule) is removed from the object too; JOSDK's default matcher only sees fields that differ or are
   * missing. The namespace, to which the API server adds fields of its own, has a matcher of its own. What
   * the server only rewrites (canonical quantities, defaults derived from the object itself) is compared in
   * the form {@link #comparable} gives both sides, so what the server stores is not mistaken for drift.
   */
  @Override
  public Result<R> match(R actual, R desired, Environment primary, Context<Environment> context) {
    addMetadata(true, actual, desired, primary, context);
    var serialization = context.getClient().getKubernetesSerialization();
    R desiredForm = comparable(serialization.clone(desired));
    R actualForm = comparable(serialization.clone(actual));
    return Result.computed(
        GenericKubernetesResourceMatcher.match(desiredForm, actualForm, false, true, context).matched(), desired);
  }

  /** {@code object} (a copy, free to change) in the form in which desired and stored objects are compared. */
  protected R comparable(R object) {
    return object;
  }

  /** Metadata of a managed object in the Environment's namespace. */
  protected static ObjectMeta metadata(Environment env, String name) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(env.targetNamespace())
        .withLabels(Labels.managed(env))
        .build();
  }

  /** Records what this reconcile changed, so the reconciler can tell provisioning from drift correction. */
  @Override
  public ReconcileResult<R> reconcile(Environment primary, Context<Environment> context) {
    ReconcileResult<R> result = super.reconcile(primary, context);
    if (result.getSingleOperation() != ReconcileResult.Operation.NONE) {
      WorkflowChanges.of(context).record(getClass().getSimpleName(), result.getSingleOperation());
    }
    return result;
  }
}
