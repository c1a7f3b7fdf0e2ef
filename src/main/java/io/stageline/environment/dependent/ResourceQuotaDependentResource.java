package io.stageline.environment.dependent;

import io.stageline.kube.SkipStatusOnlyUpdates;
import io.stageline.kube.LeanItemStore;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.stageline.api.Labels;
import io.stageline.api.v1alpha1.Environment;
import java.util.TreeMap;

/** The namespace's ResourceQuota, from {@code spec.quota}. */
// the quota controller's status writes (used, hard) are no drift and concern no reconcile
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR, itemStore = LeanItemStore.class,
    onUpdateFilter = SkipStatusOnlyUpdates.class))
public class ResourceQuotaDependentResource extends ManagedDependentResource<ResourceQuota> {
  public static final String NAME = "stageline-quota";

  public ResourceQuotaDependentResource() {
    super(ResourceQuota.class);
  }

  @Override
  protected String objectName(Environment env) {
    return NAME;
  }

  @Override
  protected ResourceQuota desired(Environment env, Context<Environment> context) {
    return new ResourceQuotaBuilder()
        .withMetadata(metadata(env, NAME))
        .withNewSpec().withHard(new TreeMap<>(env.getSpec().getQuota())).endSpec()
        .build();
  }

  @Override
  protected ResourceQuota comparable(ResourceQuota quota) {
    quota.getSpec().setHard(ServerDefaults.byValue(quota.getSpec().getHard()));
    return quota;
  }

  /** Kept only while the spec asks for a quota; removed when the field goes. */
  public static class Requested implements Condition<ResourceQuota, Environment> {
    @Override
    public boolean isMet(DependentResource<ResourceQuota, Environment> dependent, Environment env,
        Context<Environment> context) {
      return env.getSpec().getQuota() != null && !env.getSpec().getQuota().isEmpty();
    }
  }
}
