package io.stageline.environment.dependent;

import io.stageline.kube.LeanItemStore;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Matcher.Result;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.stageline.api.Labels;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.StageDefaults;
import java.util.Map;

/** The stage's namespace, labelled with its Environment, stage and Pod Security level. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR, itemStore = LeanItemStore.class))
public class NamespaceDependentResource extends ManagedDependentResource<Namespace> {

  public NamespaceDependentResource() {
    super(Namespace.class);
  }

  /**
   * Matches when the namespace carries every label and annotation Stageline sets, with its value; what the
   * API server adds (spec.finalizers, status, the label kubernetes.io/metadata.name) is not drift. Not JOSDK's
   * generic matcher: its JSON diff reports kubernetes.io/metadata.name, whose value is the namespace's name
   * like stageline.io/environment's, as a "copy" of that label rather than an addition, so on kube-apiserver
   * every reconcile rewrote the namespace and reported the server's own label as drift.
   */
  @Override
  public Result<Namespace> match(Namespace actual, Namespace desired, Environment primary, Context<Environment> context) {
    addMetadata(true, actual, desired, primary, context);
    boolean matched = contains(actual.getMetadata().getLabels(), desired.getMetadata().getLabels())
        && contains(actual.getMetadata().getAnnotations(), desired.getMetadata().getAnnotations());
    return Result.computed(matched, desired);
  }

  private static boolean contains(Map<String, String> actual, Map<String, String> desired) {
    Map<String, String> present = actual == null ? Map.of() : actual;
    return desired == null || desired.entrySet().stream().allMatch(e -> e.getValue().equals(present.get(e.getKey())));
  }

  @Override
  protected ResourceID targetSecondaryResourceID(Environment env, Context<Environment> context) {
    return new ResourceID(env.targetNamespace());
  }

  @Override
  protected String objectName(Environment env) {
    return env.targetNamespace();
  }

  @Override
  protected Namespace desired(Environment env, Context<Environment> context) {
    return new NamespaceBuilder()
        .withNewMetadata()
          .withName(env.targetNamespace())
          .withLabels(Labels.managed(env))
          .addToLabels(Labels.POD_SECURITY_ENFORCE, StageDefaults.podSecurity(env.getSpec()).name())
        .endMetadata()
        .build();
  }
}
