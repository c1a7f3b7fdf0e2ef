package io.stageline.environment.dependent;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.stageline.api.Labels;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.environment.StageDefaults;

/** The stage's namespace, labelled with its Environment, stage and Pod Security level. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class NamespaceDependentResource extends ManagedDependentResource<Namespace> {

  public NamespaceDependentResource() {
    super(Namespace.class);
  }

  /** The API server adds spec.finalizers to namespaces: compare only what Stageline sets. */
  @Override
  protected boolean exactSpec() {
    return false;
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
