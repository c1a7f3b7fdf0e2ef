package io.stageline.dashboard;

import io.stageline.kube.LeanItemStore;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.stageline.api.v1alpha1.AccessPolicy;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.Promotion;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches Environments, Promotions (all namespaces) and AccessPolicies with fabric8 informers and
 * keeps them in memory, so that any number of viewers costs the API server nothing: three watches
 * in all. The dashboard has its own informers rather than borrowing JOSDK's, which belong to each
 * reconciler's controller and are not meant to be shared outside it.
 */
final class DashboardCache implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DashboardCache.class);

  private final SharedIndexInformer<Environment> environments;
  private final SharedIndexInformer<Promotion> promotions;
  private final SharedIndexInformer<AccessPolicy> policies;

  DashboardCache(KubernetesClient client, Runnable onChange) {
    environments = client.resources(Environment.class).runnableInformer(0).itemStore(new LeanItemStore<>());
    promotions = client.resources(Promotion.class).inAnyNamespace().runnableInformer(0).itemStore(new LeanItemStore<>());
    policies = client.resources(AccessPolicy.class).runnableInformer(0).itemStore(new LeanItemStore<>());
    for (SharedIndexInformer<?> informer : List.of(environments, promotions, policies)) {
      informer.addEventHandler(new OnAnyChange<>(onChange));
    }
  }

  /** Starts the watches without waiting for them: the page says when the cache is not synced yet. */
  void start() {
    for (SharedIndexInformer<?> informer : List.of(environments, promotions, policies)) {
      informer.start().whenComplete((ok, error) -> {
        if (error != null) {
          LOG.warn("dashboard cannot watch {}: {}", informer.getApiTypeClass().getSimpleName(), error.getMessage());
        }
      });
    }
  }

  boolean synced() {
    return environments.hasSynced() && promotions.hasSynced() && policies.hasSynced();
  }

  List<Environment> environments() {
    return environments.getStore().list();
  }

  List<Promotion> promotions() {
    return promotions.getStore().list();
  }

  List<AccessPolicy> policies() {
    return policies.getStore().list();
  }

  @Override
  public void close() {
    environments.close();
    promotions.close();
    policies.close();
  }

  private record OnAnyChange<T>(Runnable onChange) implements ResourceEventHandler<T> {
    @Override
    public void onAdd(T obj) {
      onChange.run();
    }

    @Override
    public void onUpdate(T oldObj, T newObj) {
      onChange.run();
    }

    @Override
    public void onDelete(T obj, boolean deletedFinalStateUnknown) {
      onChange.run();
    }
  }
}
