package io.stageline.embedded.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongFunction;
import java.util.function.Predicate;

/**
 * The embedded API's object store: an index per resource, sorted by namespace and name (a read
 * by name is one lookup, a list of one namespace a range), one global resource version, an
 * event log that watches resume from, and a {@link Persistence} every change is written to
 * before it is acknowledged. Writes are serialized by one short lock (as etcd serializes its
 * revisions); reads by name take no lock, lists take the read side so that their items and
 * resource version are one consistent snapshot. Stored objects are never modified: callers get
 * copies.
 */
public final class ObjectStore implements AutoCloseable {
  private static final int HISTORY = 20_000;
  private final Map<String, ConcurrentSkipListMap<String, ObjectNode>> resources = new ConcurrentHashMap<>();
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final List<StoreWatch> watches = new CopyOnWriteArrayList<>();
  private final List<java.util.function.Consumer<StoreEvent>> commitListeners = new CopyOnWriteArrayList<>();
  private final Map<String, ObjectKey> byUid = new ConcurrentHashMap<>();
  private final Map<String, java.util.Set<ObjectKey>> dependentsByOwnerUid = new ConcurrentHashMap<>();
  private final Persistence persistence;
  private final EventLog log;
  private final Clock clock;
  private volatile long resourceVersion;

  private ObjectStore(Persistence persistence, Clock clock, int history) {
    this.persistence = persistence;
    this.clock = clock;
    Persistence.State state = persistence.load();
    state.objects().forEach((key, object) -> {
      index(key.resource()).put(key.indexKey(), object);
      indexOwnership(key, null, object);
    });
    this.resourceVersion = state.resourceVersion();
    this.log = new EventLog(history, state.resourceVersion());
  }

  public static ObjectStore open(Persistence persistence) {
    return new ObjectStore(persistence, Clock.systemUTC(), HISTORY);
  }

  /** A store that retains only the last {@code history} changes (tests of expired versions). */
  static ObjectStore withHistory(int history) {
    return new ObjectStore(Persistence.NONE, Clock.systemUTC(), history);
  }

  public static ObjectStore inMemory() {
    return open(Persistence.NONE);
  }

  private ConcurrentSkipListMap<String, ObjectNode> index(String resource) {
    return resources.computeIfAbsent(resource, r -> new ConcurrentSkipListMap<>());
  }

  /** The resource version of the newest change. */
  public long resourceVersion() {
    return resourceVersion;
  }

  // ---- reads

  public Optional<ObjectNode> get(ObjectKey key) {
    ObjectNode object = index(key.resource()).get(key.indexKey());
    return Optional.ofNullable(object).map(ObjectNode::deepCopy);
  }

  /** A consistent list: the items of a resource (of one namespace, or all when null) and its version. */
  public record Snapshot(List<ObjectNode> items, long resourceVersion) {}

  public Snapshot list(String resource, String namespace) {
    List<ObjectNode> shared;
    long version;
    lock.readLock().lock();
    try {
      shared = new ArrayList<>(range(resource, namespace).values());
      version = resourceVersion;
    } finally {
      lock.readLock().unlock();
    }
    return new Snapshot(shared.stream().map(ObjectNode::deepCopy).toList(), version);
  }

  /**
   * The list as it was at exactly {@code version}, rebuilt by undoing the retained events after
   * it ({@code resourceVersionMatch=Exact}); older than the history: {@link TooOldResourceVersion}.
   */
  public Snapshot listAt(String resource, String namespace, long version) {
    Map<String, ObjectNode> state;
    lock.readLock().lock();
    try {
      if (version >= resourceVersion) {
        return list(resource, namespace);
      }
      state = new java.util.TreeMap<>(range(resource, namespace));
      List<StoreEvent> later = log.after(version);
      for (int i = later.size() - 1; i >= 0; i--) {
        StoreEvent event = later.get(i);
        ObjectKey key = event.key();
        if (!key.resource().equals(resource) || (namespace != null && !namespace.equals(key.namespace()))) {
          continue;
        }
        if (event.previous() == null) {
          state.remove(key.indexKey());
        } else {
          state.put(key.indexKey(), event.previous());
        }
      }
    } finally {
      lock.readLock().unlock();
    }
    return new Snapshot(state.values().stream().map(ObjectNode::deepCopy).toList(), version);
  }

  private NavigableMap<String, ObjectNode> range(String resource, String namespace) {
    ConcurrentSkipListMap<String, ObjectNode> index = index(resource);
    // '0' is the character after '/': the range holds exactly the keys "namespace/..."
    return namespace == null ? index : index.subMap(namespace + "/", true, namespace + "0", false);
  }

  // ---- writes

  /** Stores a new object with a uid, creation time, generation 1 and a new resource version. */
  public ObjectNode create(ObjectKey key, ObjectNode object) {
    ObjectNode stored = object.deepCopy();
    lock.writeLock().lock();
    try {
      if (index(key.resource()).containsKey(key.indexKey())) {
        throw new StoreConflict(StoreConflict.Kind.ALREADY_EXISTS, key);
      }
      ObjectNode metadata = metadata(stored);
      metadata.remove("deletionTimestamp");
      metadata.put("uid", UUID.randomUUID().toString());
      metadata.put("creationTimestamp", now());
      metadata.put("generation", 1);
      commit(StoreEvent.ADDED, key, stored, null);
      return stored.deepCopy();
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Replaces an object. A stale {@code metadata.resourceVersion} is a {@link StoreConflict};
   * uid, creation time and deletion time are kept; the generation grows when anything outside
   * metadata and status changed; an unchanged object keeps its version and makes no event. An
   * object being deleted whose last finalizer goes is removed; its final state is returned.
   */
  public ObjectNode update(ObjectKey key, ObjectNode object) {
    ObjectNode next = object.deepCopy();
    lock.writeLock().lock();
    try {
      ObjectNode current = index(key.resource()).get(key.indexKey());
      if (current == null) {
        throw new StoreConflict(StoreConflict.Kind.NOT_FOUND, key);
      }
      ObjectNode metadata = metadata(next);
      JsonNode currentMeta = current.path("metadata");
      String expected = metadata.path("resourceVersion").asText("");
      if (!expected.isEmpty() && !expected.equals(currentMeta.path("resourceVersion").asText())) {
        throw new StoreConflict(StoreConflict.Kind.STALE, key);
      }
      for (String kept : List.of("uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
          "generation", "resourceVersion")) {
        if (currentMeta.has(kept)) {
          metadata.set(kept, currentMeta.get(kept));
        } else {
          metadata.remove(kept);
        }
      }
      if (metadata.has("deletionTimestamp") && !hasFinalizers(key, next)) {
        commit(StoreEvent.DELETED, key, next, current);
        return next.deepCopy();
      }
      if (next.equals(current)) {
        return next;
      }
      if (!specOf(next).equals(specOf(current))) {
        metadata.put("generation", currentMeta.path("generation").asLong(0) + 1);
      }
      commit(StoreEvent.MODIFIED, key, next, current);
      return next.deepCopy();
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Deletes an object: at once when it has no finalizers, else marks it with a deletion time
   * (once) and leaves it to its finalizers. Returns the object's final or marked state.
   */
  public ObjectNode delete(ObjectKey key) {
    return delete(key, null);
  }

  /**
   * Deletes an object as {@link #delete(ObjectKey)}, first adding {@code finalizer} (when not
   * null) as kube-apiserver adds the garbage collector's {@code orphan} or
   * {@code foregroundDeletion} finalizer for those propagation policies, also to an object
   * already being deleted.
   */
  public ObjectNode delete(ObjectKey key, String finalizer) {
    lock.writeLock().lock();
    try {
      ObjectNode current = index(key.resource()).get(key.indexKey());
      if (current == null) {
        throw new StoreConflict(StoreConflict.Kind.NOT_FOUND, key);
      }
      ObjectNode next = current.deepCopy();
      boolean added = false;
      if (finalizer != null && !hasFinalizer(current, finalizer)) {
        JsonNode finalizers = metadata(next).get("finalizers");
        (finalizers instanceof com.fasterxml.jackson.databind.node.ArrayNode list ? list
            : metadata(next).putArray("finalizers")).add(finalizer);
        added = true;
      }
      if (!hasFinalizers(key, next)) {
        commit(StoreEvent.DELETED, key, next, current);
      } else if (!current.path("metadata").has("deletionTimestamp")) {
        metadata(next).put("deletionTimestamp", now()).put("deletionGracePeriodSeconds", 0);
        if (isNamespace(key)) {
          child(next, "status").put("phase", "Terminating");
        }
        commit(StoreEvent.MODIFIED, key, next, current);
      } else if (added) {
        commit(StoreEvent.MODIFIED, key, next, current);
      }
      return next.deepCopy();
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Under the write lock: a new version, persisted first, then indexed, logged and sent to watches. */
  private void commit(String type, ObjectKey key, ObjectNode next, ObjectNode previous) {
    long version = resourceVersion + 1;
    metadata(next).put("resourceVersion", Long.toString(version));
    boolean removed = type.equals(StoreEvent.DELETED);
    persistence.write(version, key, removed ? null : next);
    resourceVersion = version;
    if (removed) {
      index(key.resource()).remove(key.indexKey());
    } else {
      index(key.resource()).put(key.indexKey(), next);
    }
    indexOwnership(key, previous, removed ? null : next);
    StoreEvent event = new StoreEvent(type, version, key, next, previous);
    log.append(event);
    for (var listener : commitListeners) {
      listener.accept(event);
    }
    for (StoreWatch watch : watches) {
      if (!watch.deliver(event)) {
        watches.remove(watch);
        watch.closedByStore();
      }
    }
  }

  /**
   * Metadata finalizers, and for a Namespace also {@code spec.finalizers} (the namespace
   * controller's {@code kubernetes}), keep an object being deleted.
   */
  private static boolean hasFinalizers(ObjectKey key, ObjectNode object) {
    return !object.path("metadata").path("finalizers").isEmpty()
        || (isNamespace(key) && !object.path("spec").path("finalizers").isEmpty());
  }

  /** Whether the object's metadata lists {@code finalizer}. */
  public static boolean hasFinalizer(JsonNode object, String finalizer) {
    for (JsonNode f : object.path("metadata").path("finalizers")) {
      if (f.asText().equals(finalizer)) {
        return true;
      }
    }
    return false;
  }

  static boolean isNamespace(ObjectKey key) {
    return key.resource().equals("/namespaces");
  }

  private void indexOwnership(ObjectKey key, ObjectNode previous, ObjectNode next) {
    if (previous != null) {
      byUid.remove(previous.path("metadata").path("uid").asText());
      for (JsonNode owner : previous.path("metadata").path("ownerReferences")) {
        java.util.Set<ObjectKey> dependents = dependentsByOwnerUid.get(owner.path("uid").asText());
        if (dependents != null) {
          dependents.remove(key);
        }
      }
    }
    if (next != null) {
      byUid.put(next.path("metadata").path("uid").asText(), key);
      for (JsonNode owner : next.path("metadata").path("ownerReferences")) {
        dependentsByOwnerUid.computeIfAbsent(owner.path("uid").asText(), u -> ConcurrentHashMap.newKeySet()).add(key);
      }
    }
  }

  /** Whether an object with this uid exists (owner references name their owner by uid). */
  public boolean existsWithUid(String uid) {
    return byUid.containsKey(uid);
  }

  /** Where the object with this uid is, if it exists. */
  public Optional<ObjectKey> keyOf(String uid) {
    return Optional.ofNullable(byUid.get(uid));
  }

  /** The objects whose owner references name this uid. */
  public List<ObjectKey> dependentsOf(String uid) {
    return List.copyOf(dependentsByOwnerUid.getOrDefault(uid, java.util.Set.of()));
  }

  /** Every object that has owner references (a collector's sweep after a start). */
  public List<ObjectKey> objectsWithOwners() {
    return dependentsByOwnerUid.values().stream().flatMap(java.util.Set::stream).distinct().toList();
  }

  /** The resources (group/plural) that hold objects. */
  public List<String> resources() {
    return resources.entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(Map.Entry::getKey).toList();
  }

  /**
   * Called with every committed change, under the write lock and in version order: it must only
   * hand the event on (controllers queue work), never block or write.
   */
  public void onCommit(java.util.function.Consumer<StoreEvent> listener) {
    commitListeners.add(listener);
  }

  // ---- watches

  /**
   * Opens a watch. With {@code fromVersion} null it first sends every current object as ADDED
   * (a watch without a resource version); else every retained change after that version, or
   * {@link TooOldResourceVersion} when the history no longer reaches back to it. Registered
   * under the write lock, so no change is missed or sent twice.
   */
  public StoreWatch watch(String resource, String namespace, Predicate<ObjectNode> filter, Long fromVersion,
      WatchListener listener) {
    StoreWatch watch = new StoreWatch(this, resource, namespace, filter, listener);
    lock.writeLock().lock();
    try {
      if (fromVersion == null) {
        for (ObjectNode object : range(resource, namespace).values()) {
          if (watch.matches(object) && !watch.send(StoreEvent.ADDED, object)) {
            watch.closedByStore();
            return watch;
          }
        }
      } else if (fromVersion < resourceVersion) {
        for (StoreEvent event : log.after(fromVersion)) {
          if (!watch.deliver(event)) {
            watch.closedByStore();
            return watch;
          }
        }
      }
      watches.add(watch);
      return watch;
    } finally {
      lock.writeLock().unlock();
    }
  }

  void bookmark(StoreWatch watch, LongFunction<ObjectNode> bookmarkObject) {
    lock.readLock().lock();
    try {
      if (watch.isOpen() && !watch.send("BOOKMARK", bookmarkObject.apply(resourceVersion))) {
        watches.remove(watch);
        watch.closedByStore();
      }
    } finally {
      lock.readLock().unlock();
    }
  }

  void remove(StoreWatch watch) {
    watches.remove(watch);
  }

  /** How many watches are open (tests prove that closed connections release theirs). */
  public int openWatches() {
    return watches.size();
  }

  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      for (StoreWatch watch : watches) {
        watch.closedByStore();
      }
      watches.clear();
      persistence.close();
    } finally {
      lock.writeLock().unlock();
    }
  }

  // ---- helpers

  private String now() {
    return Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static ObjectNode metadata(ObjectNode object) {
    return child(object, "metadata");
  }

  private static ObjectNode child(ObjectNode object, String field) {
    JsonNode child = object.get(field);
    return child instanceof ObjectNode node ? node : object.putObject(field);
  }

  private static Map<String, JsonNode> specOf(ObjectNode object) {
    Map<String, JsonNode> fields = new HashMap<>();
    object.fields().forEachRemaining(e -> {
      if (!e.getKey().equals("metadata") && !e.getKey().equals("status")) {
        fields.put(e.getKey(), e.getValue());
      }
    });
    return fields;
  }
}
