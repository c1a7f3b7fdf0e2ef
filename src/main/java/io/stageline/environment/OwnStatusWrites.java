package io.stageline.environment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.EnvironmentStatus;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Recognises the watch event of the reconciler's own status write, so that it does not bring a second
 * reconcile that finds nothing to do (JOSDK 5.2 filters its dependents' own writes, not the primary's status).
 * The status to be written is noted before the write (its event can arrive before the write returns); an
 * update that changes nothing but the status, to exactly that status, is the write's own event and is
 * dropped, once. Any other change (spec, labels, annotations, finalizers, deletion, another writer's status
 * such as a promotion's release) reaches the reconciler as before.
 */
final class OwnStatusWrites implements OnUpdateFilter<Environment> {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Status being written, by Environment name; an entry goes when its event arrives or the next write replaces it. */
  private final Map<String, JsonNode> pending = new ConcurrentHashMap<>();

  void writing(Environment env, EnvironmentStatus status) {
    // read back as the watch will deliver it (a field left out of the write comes with its default)
    pending.put(env.getMetadata().getName(), JSON.valueToTree(JSON.convertValue(status, EnvironmentStatus.class)));
  }

  void forget(String name) {
    pending.remove(name);
  }

  /** Accepts (passes on to the reconciler) every update except the event of a status write noted above. */
  @Override
  public boolean accept(Environment updated, Environment old) {
    String name = updated.getMetadata().getName();
    JsonNode written = pending.get(name);
    if (written == null || !onlyStatusChanged(updated.getMetadata(), old.getMetadata())
        || !written.equals(JSON.valueToTree(updated.getStatus()))) {
      return true;
    }
    pending.remove(name, written);
    return false;
  }

  private static boolean onlyStatusChanged(ObjectMeta updated, ObjectMeta old) {
    return Objects.equals(updated.getGeneration(), old.getGeneration())
        && Objects.equals(updated.getLabels(), old.getLabels())
        && Objects.equals(updated.getAnnotations(), old.getAnnotations())
        && Objects.equals(updated.getFinalizers(), old.getFinalizers())
        && Objects.equals(updated.getDeletionTimestamp(), old.getDeletionTimestamp())
        && Objects.equals(updated.getOwnerReferences(), old.getOwnerReferences());
  }
}
