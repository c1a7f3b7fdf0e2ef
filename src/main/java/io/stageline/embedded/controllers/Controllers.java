package io.stageline.embedded.controllers;

import io.stageline.embedded.store.ObjectKey;
import io.stageline.embedded.store.ObjectStore;
import io.stageline.embedded.store.StoreEvent;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controllers of kube-controller-manager that act on the store itself, run on one thread
 * from the store's committed changes: the namespace controller (a deleted namespace's contents
 * go, then the namespace), the garbage collector (an object whose every owner is gone goes;
 * foreground and orphan deletions) and the clusterrole-aggregation controller (an aggregated
 * ClusterRole's rules follow the roles it selects).
 * The store hands changes over under its lock; the work happens here, outside it, as the real
 * controllers work from their watches.
 */
public final class Controllers implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Controllers.class);
  private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
    Thread thread = new Thread(r, "embedded-api-controllers");
    thread.setDaemon(true);
    return thread;
  });
  private final NamespaceController namespaces;
  private final GarbageCollector collector;
  private final ClusterRoleAggregation aggregation;

  private Controllers(ObjectStore store) {
    this.namespaces = new NamespaceController(store);
    this.collector = new GarbageCollector(store);
    this.aggregation = new ClusterRoleAggregation(store);
  }

  /** Starts both on {@code store}, first catching up with what an earlier run left unfinished. */
  public static Controllers start(ObjectStore store) {
    Controllers controllers = new Controllers(store);
    store.onCommit(controllers::changed);
    controllers.run(controllers.namespaces::resumeAll);
    controllers.run(controllers.collector::sweep);
    controllers.run(controllers.aggregation::aggregateAll);
    return controllers;
  }

  private void changed(StoreEvent event) {
    ObjectKey key = event.key();
    if (key.resource().equals(ClusterRoleAggregation.RESOURCE)) {
      run(aggregation::aggregateAll);
    }
    if (key.resource().equals("/namespaces") && !event.type().equals(StoreEvent.DELETED)
        && event.object().path("metadata").has("deletionTimestamp")) {
      run(() -> namespaces.finalizeNamespace(key.name()));
    }
    if (!event.type().equals(StoreEvent.DELETED) && !event.object().path("metadata").path("ownerReferences").isEmpty()) {
      run(() -> collector.check(key));
    }
    if (!event.type().equals(StoreEvent.DELETED) && event.object().path("metadata").has("deletionTimestamp")
        && (ObjectStore.hasFinalizer(event.object(), GarbageCollector.ORPHAN)
            || ObjectStore.hasFinalizer(event.object(), GarbageCollector.FOREGROUND))) {
      run(() -> collector.deleting(key));
    }
    if (!event.object().path("metadata").path("ownerReferences").isEmpty()
        || (event.previous() != null && !event.previous().path("metadata").path("ownerReferences").isEmpty())) {
      run(() -> collector.dependentChanged(event.object(), event.previous()));
    }
    if (event.type().equals(StoreEvent.DELETED)) {
      String uid = event.object().path("metadata").path("uid").asText();
      run(() -> collector.ownerGone(uid));
      if (!key.namespace().isEmpty()) {
        run(() -> namespaces.contentGone(key.namespace()));
      }
    }
  }

  private void run(Runnable task) {
    try {
      worker.execute(() -> {
        try {
          task.run();
        } catch (RuntimeException e) {
          LOG.warn("embedded API controller failed", e);
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException stopped) {
      // the API is stopping
    }
  }

  @Override
  public void close() {
    worker.shutdownNow();
    try {
      worker.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
