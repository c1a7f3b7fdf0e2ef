package io.stageline.promotion;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
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
 * Writes an Environment's {@code status.release} and {@code status.releaseHistory}, and nothing else
 * of its status (the environment reconciler owns the rest). A JSON patch whose first op tests the
 * history's current value makes a concurrent change fail the patch instead of being overwritten;
 * the recorder then reads again and retries.
 */
public class EnvironmentReleaseRecorder {
  /** How many releases an Environment remembers; rollbacks can go back this far. */
  public static final int KEEP = 20;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ATTEMPTS = 5;

  private final KubernetesClient client;
  private final KubernetesSerialization serialization;

  public EnvironmentReleaseRecorder(KubernetesClient client) {
    this.client = client;
    this.serialization = client.getKubernetesSerialization();
  }

  /** Makes {@code record} the current release and appends it to the history (bounded). */
  public void record(String environment, ReleaseRecord record) {
    update(environment, history -> {
      List<ReleaseRecord> next = new ArrayList<>(history);
      next.add(record);
      return next.size() > KEEP ? new ArrayList<>(next.subList(next.size() - KEEP, next.size())) : next;
    }, record);
  }

  /** Marks the current release (made by this promotion) verified, in status.release and in the history. */
  public void markVerified(String environment, String promotion) {
    Environment env = client.resources(Environment.class).withName(environment).get();
    ReleaseRecord current = env == null || env.getStatus() == null ? null : env.getStatus().getRelease();
    if (current == null || !promotion.equals(current.getPromotion()) || Boolean.TRUE.equals(current.getVerified())) {
      return;
    }
    current.setVerified(true);
    update(environment, history -> history.stream()
        .peek(r -> {
          if (promotion.equals(r.getPromotion()) && r.getRevision().equals(current.getRevision())) {
            r.setVerified(true);
          }
        }).toList(), current);
  }

  private void update(String environment, UnaryOperator<List<ReleaseRecord>> change, ReleaseRecord current) {
    for (int attempt = 1; ; attempt++) {
      Environment env = client.resources(Environment.class).withName(environment).get();
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
      try {
        client.resources(Environment.class).withName(environment).subresource("status")
            .patch(PatchContext.of(PatchType.JSON), JSON.writeValueAsString(ops));
        return;
      } catch (KubernetesClientException e) {
        if (attempt >= ATTEMPTS) {
          throw e;
        }
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
