package io.stageline.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.net.HttpURLConnection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The one create-or-update for objects Stageline keeps by hand rather than as JOSDK dependents
 * (ConfigMaps and Secrets of the Environment steps, seed data, masking keys, Velero and Prometheus
 * objects, RoleBindings, the access ClusterRoles). It compares only what the caller names as the
 * content, plus the labels and annotations the desired object sets, so fields the API server defaults
 * or other writers add never count as a difference: a reconcile with nothing to change makes no write.
 *
 * <p>The existing object is what the caller read (usually from an informer cache). When that was out of
 * date, the API answers 409 (the object exists after all, or was changed since): the object is read
 * afresh and compared again, a few times, so a stale cache costs one read rather than a failed reconcile.
 */
public final class ManagedObjects {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Writes tried per call; each conflict after the first is a genuine race with another writer. */
  static final int ATTEMPTS = 3;

  private ManagedObjects() {}

  /** Outcome of {@link #apply}: whether it wrote. */
  public enum Outcome {
    CREATED,
    UPDATED,
    /** Deleted and created again, because a field that cannot be updated differed. */
    REPLACED,
    UNCHANGED
  }

  /**
   * Makes the object in the cluster match {@code desired} in the parts {@code content} extracts (e.g. a
   * ConfigMap's data) and in the labels and annotations {@code desired} sets; other labels and annotations
   * stay.
   */
  public static <R extends HasMetadata> Outcome apply(KubernetesClient client, R existing, R desired,
      Function<R, Object> content) {
    return apply(client, existing, desired, content, (written, previous) -> {});
  }

  /**
   * As {@link #apply(KubernetesClient, HasMetadata, HasMetadata, Function)}, and hands what was written
   * (with the object it replaced, null for a create) to {@code written}: to put it into the cache the
   * next reconcile reads, so that it neither creates it twice nor writes it again.
   */
  public static <R extends HasMetadata> Outcome apply(KubernetesClient client, R existing, R desired,
      Function<R, Object> content, BiConsumer<R, R> written) {
    return apply(client, existing, desired, content, r -> null, written);
  }

  /**
   * As {@link #apply(KubernetesClient, HasMetadata, HasMetadata, Function, BiConsumer)} for a kind with a
   * field the API refuses to update (e.g. a RoleBinding's roleRef): when what {@code immutable} extracts
   * differs, the object is deleted and created again.
   */
  public static <R extends HasMetadata> Outcome apply(KubernetesClient client, R existing, R desired,
      Function<R, Object> content, Function<R, Object> immutable, BiConsumer<R, R> written) {
    R current = existing;
    for (int attempt = 1; ; attempt++) {
      try {
        return write(client, current, desired, content, immutable, written);
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt == ATTEMPTS) {
          throw e;
        }
        current = client.resource(desired).get();
      }
    }
  }

  /**
   * The hook that puts what was written into an informer's cache, so that the next reconcile reads it even
   * before the watch delivers it.
   */
  public static <R extends HasMetadata> BiConsumer<R, R> cachedIn(InformerEventSource<R, ?> informer) {
    return (written, previous) -> {
      if (previous == null) {
        informer.handleRecentResourceCreate(ResourceID.fromResource(written), written);
      } else {
        informer.handleRecentResourceUpdate(ResourceID.fromResource(written), written, previous);
      }
    };
  }

  private static <R extends HasMetadata> Outcome write(KubernetesClient client, R existing, R desired,
      Function<R, Object> content, Function<R, Object> immutable, BiConsumer<R, R> written) {
    if (existing == null) {
      written.accept(client.resource(desired).create(), null);
      return Outcome.CREATED;
    }
    if (!Objects.equals(tree(immutable.apply(existing)), tree(immutable.apply(desired)))) {
      client.resource(existing).delete();
      written.accept(client.resource(desired).create(), null);
      return Outcome.REPLACED;
    }
    if (same(existing, desired, content)) {
      return Outcome.UNCHANGED;
    }
    R update = client.getKubernetesSerialization().clone(desired);
    update.getMetadata().setLabels(merged(existing.getMetadata().getLabels(), desired.getMetadata().getLabels()));
    update.getMetadata().setAnnotations(
        merged(existing.getMetadata().getAnnotations(), desired.getMetadata().getAnnotations()));
    // optimistic: a copy older than the server's answers 409 and is read again (see apply)
    update.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
    written.accept(client.resource(update).update(), existing);
    return Outcome.UPDATED;
  }

  /** Whether {@code existing} already has the content and the marks {@code desired} asks for. */
  private static <R extends HasMetadata> boolean same(R existing, R desired, Function<R, Object> content) {
    return Objects.equals(tree(content.apply(existing)), tree(content.apply(desired)))
        && contains(existing.getMetadata().getLabels(), desired.getMetadata().getLabels())
        && contains(existing.getMetadata().getAnnotations(), desired.getMetadata().getAnnotations());
  }

  private static JsonNode tree(Object value) {
    return JSON.valueToTree(value);
  }

  private static Map<String, String> merged(Map<String, String> existing, Map<String, String> desired) {
    Map<String, String> merged = new HashMap<>(orEmpty(existing));
    merged.putAll(orEmpty(desired));
    return merged;
  }

  private static boolean contains(Map<String, String> actual, Map<String, String> wanted) {
    return wanted == null || orEmpty(actual).entrySet().containsAll(wanted.entrySet());
  }

  private static Map<String, String> orEmpty(Map<String, String> map) {
    return map == null ? Map.of() : map;
  }
}
