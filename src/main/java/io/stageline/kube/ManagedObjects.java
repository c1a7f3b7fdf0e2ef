package io.stageline.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Create-or-update for objects the steps keep by hand (ConfigMaps, Secrets, Velero and Prometheus
 * objects): writes only when the compared content or Stageline's labels/annotations differ, so a
 * reconcile with nothing to change makes no write.
 */
public final class ManagedObjects {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ManagedObjects() {}

  /** Outcome of {@link #apply}: whether it wrote. */
  public enum Outcome {
    CREATED,
    UPDATED,
    UNCHANGED
  }

  /**
   * Makes the object in the cluster match {@code desired} in the parts {@code content} extracts (e.g. a
   * ConfigMap's data) and in the labels and annotations {@code desired} sets; other labels stay.
   */
  public static <R extends HasMetadata> Outcome apply(KubernetesClient client, R existing, R desired,
      Function<R, Object> content) {
    return apply(client, existing, desired, content, (written, previous) -> {});
  }

  /**
   * As {@link #apply(KubernetesClient, HasMetadata, HasMetadata, Function)}, and hands what was written
   * (with the object it replaced, null for a create) to {@code written}: to put it into a cache.
   */
  public static <R extends HasMetadata> Outcome apply(KubernetesClient client, R existing, R desired,
      Function<R, Object> content, java.util.function.BiConsumer<R, R> written) {
    if (existing == null) {
      written.accept(client.resource(desired).create(), null);
      return Outcome.CREATED;
    }
    boolean same = tree(content.apply(existing)).equals(tree(content.apply(desired)))
        && contains(existing.getMetadata().getLabels(), desired.getMetadata().getLabels())
        && contains(existing.getMetadata().getAnnotations(), desired.getMetadata().getAnnotations());
    if (same) {
      return Outcome.UNCHANGED;
    }
    Map<String, String> labels = new HashMap<>(orEmpty(existing.getMetadata().getLabels()));
    labels.putAll(orEmpty(desired.getMetadata().getLabels()));
    Map<String, String> annotations = new HashMap<>(orEmpty(existing.getMetadata().getAnnotations()));
    annotations.putAll(orEmpty(desired.getMetadata().getAnnotations()));
    desired.getMetadata().setLabels(labels);
    desired.getMetadata().setAnnotations(annotations);
    desired.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
    written.accept(client.resource(desired).update(), existing);
    return Outcome.UPDATED;
  }

  private static JsonNode tree(Object value) {
    return JSON.valueToTree(value);
  }

  private static boolean contains(Map<String, String> actual, Map<String, String> wanted) {
    return wanted == null || orEmpty(actual).entrySet().containsAll(wanted.entrySet());
  }

  private static Map<String, String> orEmpty(Map<String, String> map) {
    return map == null ? Map.of() : map;
  }
}
