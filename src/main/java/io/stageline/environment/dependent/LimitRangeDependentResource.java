package io.stageline.environment.dependent;

import io.stageline.kube.LeanItemStore;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeBuilder;
import io.fabric8.kubernetes.api.model.LimitRangeItem;
import io.fabric8.kubernetes.api.model.LimitRangeItemBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.stageline.api.Labels;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.Limits;
import java.util.Map;
import java.util.TreeMap;

/** The namespace's LimitRange: container defaults and bounds from {@code spec.limits}. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR, itemStore = LeanItemStore.class))
public class LimitRangeDependentResource extends ManagedDependentResource<LimitRange> {
  public static final String NAME = "stageline-limits";

  public LimitRangeDependentResource() {
    super(LimitRange.class);
  }

  @Override
  protected String objectName(Environment env) {
    return NAME;
  }

  @Override
  protected LimitRange desired(Environment env, Context<Environment> context) {
    Limits limits = env.getSpec().getLimits();
    LimitRangeItem item = new LimitRangeItemBuilder()
        .withType("Container")
        .withDefault(sorted(limits.getDefaultLimit()))
        .withDefaultRequest(sorted(limits.getDefaultRequest()))
        .withMax(sorted(limits.getMax()))
        .withMin(sorted(limits.getMin()))
        .build();
    // Stated as the server will store it, so that the stored object matches and is not rewritten.
    ServerDefaults.defaultContainerItem(item);
    return new LimitRangeBuilder()
        .withMetadata(metadata(env, NAME))
        .withNewSpec()
          .addToLimits(item)
        .endSpec()
        .build();
  }

  private static Map<String, Quantity> sorted(Map<String, Quantity> values) {
    return values == null || values.isEmpty() ? null : new TreeMap<>(values);
  }

  @Override
  protected LimitRange comparable(LimitRange limitRange) {
    for (LimitRangeItem item : limitRange.getSpec().getLimits()) {
      item.setDefault(ServerDefaults.byValue(item.getDefault()));
      item.setDefaultRequest(ServerDefaults.byValue(item.getDefaultRequest()));
      item.setMax(ServerDefaults.byValue(item.getMax()));
      item.setMin(ServerDefaults.byValue(item.getMin()));
      item.setMaxLimitRequestRatio(ServerDefaults.byValue(item.getMaxLimitRequestRatio()));
    }
    return limitRange;
  }

  /** Kept only while the spec sets limits. */
  public static class Requested implements Condition<LimitRange, Environment> {
    @Override
    public boolean isMet(DependentResource<LimitRange, Environment> dependent, Environment env,
        Context<Environment> context) {
      Limits limits = env.getSpec().getLimits();
      return limits != null && (notEmpty(limits.getDefaultLimit()) || notEmpty(limits.getDefaultRequest())
          || notEmpty(limits.getMax()) || notEmpty(limits.getMin()));
    }

    private static boolean notEmpty(Map<?, ?> map) {
      return map != null && !map.isEmpty();
    }
  }
}
