package io.stageline.embedded;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stageline.embedded.store.ObjectKey;
import io.stageline.embedded.store.ObjectStore;
import java.util.List;
import java.util.Optional;

/**
 * The {@link ObjectStore} addressed by the API's URLs, for the parts of the embedded API that
 * read by path (catalog, RBAC, admission). Everything the embedded API adds (admission, patches,
 * selectors) happens before a write reaches it.
 */
public final class Store {
  private final ObjectStore objects;

  public Store(ObjectStore objects) {
    this.objects = objects;
  }

  public ObjectStore objects() {
    return objects;
  }

  public Optional<ObjectNode> get(String objectPath) {
    ResourcePath path = ResourcePath.parse(objectPath);
    return path == null || path.name() == null ? Optional.empty() : objects.get(key(path));
  }

  /** The objects of a collection URL, sorted by namespace and name, plus the store's resource version. */
  public Listing list(String collectionPath) {
    ResourcePath path = ResourcePath.parse(collectionPath);
    ObjectStore.Snapshot snapshot = objects.list(resource(path), path.namespace());
    return new Listing(snapshot.items(), Long.toString(snapshot.resourceVersion()));
  }

  public record Listing(List<ObjectNode> items, String resourceVersion) {}

  static ObjectKey key(ResourcePath path) {
    return new ObjectKey(resource(path), path.namespace(), path.name());
  }

  static String resource(ResourcePath path) {
    return ObjectKey.resource(path.group(), path.plural());
  }
}
