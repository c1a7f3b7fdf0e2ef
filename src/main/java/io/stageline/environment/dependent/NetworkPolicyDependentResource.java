package io.stageline.environment.dependent;

import io.stageline.kube.LeanItemStore;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.stageline.api.Labels;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.Isolation.NetworkPolicyMode;
import io.stageline.api.StageDefaults;
import java.util.List;

/**
 * The namespace's isolation: AllowSameEnvironment admits ingress from pods of the same namespace only;
 * DefaultDeny admits none (other policies may open paths); None keeps no policy.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR, itemStore = LeanItemStore.class))
public class NetworkPolicyDependentResource extends ManagedDependentResource<NetworkPolicy> {
  public static final String NAME = "stageline-isolation";

  public NetworkPolicyDependentResource() {
    super(NetworkPolicy.class);
  }

  @Override
  protected String objectName(Environment env) {
    return NAME;
  }

  @Override
  protected NetworkPolicy desired(Environment env, Context<Environment> context) {
    NetworkPolicyMode mode = StageDefaults.networkPolicy(env.getSpec());
    return new NetworkPolicyBuilder()
        .withMetadata(metadata(env, NAME))
        .withNewSpec()
          .withPodSelector(new LabelSelector())
          .withPolicyTypes("Ingress")
          .withIngress(mode == NetworkPolicyMode.AllowSameEnvironment
              ? List.of(new NetworkPolicyIngressRuleBuilder()
                  .withFrom(new NetworkPolicyPeerBuilder().withPodSelector(new LabelSelector()).build())
                  .build())
              // DefaultDeny: no rule at all (null, not an empty list, which an API server drops)
              : null)
        .endSpec()
        .build();
  }

  /** Kept unless isolation.networkPolicy is None; removed when it becomes None. */
  public static class Requested implements Condition<NetworkPolicy, Environment> {
    @Override
    public boolean isMet(DependentResource<NetworkPolicy, Environment> dependent, Environment env,
        Context<Environment> context) {
      return StageDefaults.networkPolicy(env.getSpec()) != NetworkPolicyMode.None;
    }
  }
}
