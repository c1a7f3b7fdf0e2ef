package io.stageline.promotion;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.ReleaseRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Writes an Environment's {@code status.release} and {@code status.releaseHistory}, the two status fields the
 * Promotion controller owns (the Environment controller owns the rest and never changes these). The Environment
 * is read from the promotion controller's informer, never fetched; the JSON patch's first op tests the history
 * as read, so a change this controller has not seen fails the patch instead of being overwritten, and the
 * reconcile is retried by JOSDK on the fresher copy (every step before it is idempotent). The patched
 * Environment goes into the informer's cache at once, so the next pass (verification, a rollback) reads the
 * history as this write left it.
 */
final class EnvironmentReleaseRecorder {
  /** How many releases an Environment remembers; rollbacks can go back this far. */
  static final int KEEP = 20;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesClient client;
  private final KubernetesSerialization serialization;
  private final PromotionReads reads;

  EnvironmentReleaseRecorder(KubernetesClient client, PromotionReads reads) {
    this.client = client;
    this.serialization = client.getKubernetesSerialization();
    this.reads = reads;
  }

  /** Makes {@code record} the current release and appends it to the history (bounded). */
  void record(String environment, ReleaseRecord record) {
    update(environment, history -> {
      List<ReleaseRecord> next = new ArrayList<>(history);
      next.add(record);
      return next.size() > KEEP ? new ArrayList<>(next.subList(next.size() - KEEP, next.size())) : next;
    }, record);
  }

  /** Marks the current release (made by this promotion) verified, in status.release and in the history. */
  void markVerified(String environment, String promotion) {
    Environment env = reads.environment(environment);
    ReleaseRecord cached = env == null || env.getStatus() == null ? null : env.getStatus().getRelease();
    if (cached == null || !promotion.equals(cached.getPromotion()) || Boolean.TRUE.equals(cached.getVerified())) {
      return;
    }
    ReleaseRecord current = serialization.clone(cached); // the cache's copy is never changed in place
    current.setVerified(true);
    update(environment, history -> history.stream()
        .map(r -> {
          if (promotion.equals(r.getPromotion()) && r.getRevision().equals(current.getRevision())) {
            ReleaseRecord verified = serialization.clone(r);
            verified.setVerified(true);
            return verified;
          }
          return r;
        }).toList(), current);
  }

  private void update(String environment, UnaryOperator<List<ReleaseRecord>> change, ReleaseRecord current) {
    Environment env = reads.environment(environment);
    if (env == null) {
      throw new IllegalStateException("Environment \"" + environment + "\" does not exist");
    }
    List<ReleaseRecord> history = env.getStatus() == null || env.getStatus().getReleaseHistory() == null
        ? List.of() : env.getStatus().getReleaseHistory();
    List<Map<String, Object>> ops = new ArrayList<>();
    if (env.getStatus() == null) {
      ops.add(Map.of("op", "add", "path", "/status", "value", Map.of()));
    } else if (!history.isEmpty()) {
      ops.add(Map.of("op", "test", "path", "/status/releaseHistory", "value", serialization.convertValue(history, List.class)));
    }
    ops.add(Map.of("op", "add", "path", "/status/release", "value", serialization.convertValue(current, Map.class)));
    ops.add(Map.of("op", "add", "path", "/status/releaseHistory",
        "value", serialization.convertValue(change.apply(history), List.class)));
    String patch;
    try {
      patch = JSON.writeValueAsString(ops);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    Environment patched = client.resources(Environment.class).withName(environment).subresource("status")
        .patch(PatchContext.of(PatchType.JSON), patch);
    reads.updated(env, patched);
  }
}
