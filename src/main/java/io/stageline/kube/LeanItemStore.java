package io.stageline.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;

/**
 * The item store of every informer the operator runs: each object is kept without
 * {@code metadata.managedFields}, which a real API server sends on every object (about a dozen entries
 * per Environment's objects, each a tree of maps) and which nothing in Stageline reads. It is dropped in
 * place on {@code put}, before fabric8 hands the object to the event handlers, so old and new objects of
 * an update event are alike in this. What stays is exactly what the server sent otherwise: resourceVersion
 * (JOSDK's recognition of its own writes), labels and annotations (including
 * {@code kubectl.kubernetes.io/last-applied-configuration}, which Stageline's updates build from the cached
 * object and would otherwise erase on the server). An update built from a cached object carries no
 * managedFields, and the API server keeps the stored ones when a request omits them.
 *
 * <p>JOSDK's server-side-apply matching of dependents compares against managedFields; it is off
 * ({@code StagelineOperator}), and must stay off while this store is used. One instance per informer:
 * fabric8 removes from the store what a relist of its informer no longer lists.
 */
public class LeanItemStore<R extends HasMetadata> extends BasicItemStore<R> {

  /** Public and without arguments, as JOSDK instantiates it from {@code @Informer(itemStore = ...)}. */
  public LeanItemStore() {
    super(Cache::metaNamespaceKeyFunc);
  }

  @Override
  public R put(String key, R object) {
    if (object.getMetadata() != null) {
      object.getMetadata().setManagedFields(null);
    }
    return super.put(key, object);
  }
}
