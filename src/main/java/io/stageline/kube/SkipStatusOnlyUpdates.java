package io.stageline.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;

/**
 * For the informer of a managed object whose status no reconcile reads: passes on every update except one
 * that changed only the status, such as kube-controller-manager's quota controller writing a ResourceQuota's
 * {@code status.hard} and {@code status.used} after each create and whenever usage in the namespace moves.
 * A change of spec, labels, annotations, owners, finalizers or deletion still reaches the reconciler
 * (drift repair), and so does a deletion, which is no update.
 */
public class SkipStatusOnlyUpdates<R extends HasMetadata> implements OnUpdateFilter<R> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public boolean accept(R updated, R old) {
    return !withoutStatus(updated).equals(withoutStatus(old));
  }

  private static JsonNode withoutStatus(HasMetadata object) {
    ObjectNode tree = JSON.valueToTree(object);
    tree.remove("status");
    if (tree.get("metadata") instanceof ObjectNode metadata) {
      // both change with every write, whatever it changed
      metadata.remove("resourceVersion");
      metadata.remove("managedFields");
    }
    return tree;
  }
}
