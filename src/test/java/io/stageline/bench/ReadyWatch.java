package io.stageline.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.stageline.api.v1alpha1.Environment;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Follows Environments through a watch (no polling of N objects) and counts the Ready ones. */
final class ReadyWatch implements AutoCloseable {
  private final Set<String> ready = ConcurrentHashMap.newKeySet();
  private final SharedIndexInformer<Environment> informer;

  ReadyWatch(KubernetesClient client) {
    informer = client.resources(Environment.class).inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Environment env) {
        track(env);
      }

      @Override
      public void onUpdate(Environment old, Environment env) {
        track(env);
      }

      @Override
      public void onDelete(Environment env, boolean unknown) {
        ready.remove(env.getMetadata().getName());
      }
    });
  }

  private void track(Environment env) {
    if (env.getStatus() != null && env.getStatus().isReady()) {
      ready.add(env.getMetadata().getName());
    }
  }

  /** Waits until {@code n} are Ready; false on timeout. */
  boolean awaitReady(int n, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (ready.size() < n) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Heap.sleep(20);
    }
    return true;
  }

  int readyCount() {
    return ready.size();
  }

  @Override
  public void close() {
    informer.close();
  }
}
