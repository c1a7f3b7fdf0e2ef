package io.stageline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Optional;

/**
 * A spec or status, which remembers when it could not be read into the model (see {@link LenientRead}).
 * Such a part is empty; the reconcilers report its resource and leave it alone.
 */
public abstract class ModelPart {
  @JsonIgnore
  private String unreadable;

  /** Where and why the stored object could not be read, without its content; empty when it was read. */
  @JsonIgnore
  public Optional<String> unreadable() {
    return Optional.ofNullable(unreadable);
  }

  void markUnreadable(String problem) {
    this.unreadable = problem;
  }

  /**
   * A copy of the resource that keeps the marks, which are not serialised: JOSDK hands reconcilers a
   * serialised copy of the cached object, so this is the cloner it is configured with.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static <R extends io.fabric8.kubernetes.api.model.HasMetadata> R cloneKeepingMarks(R resource,
      io.fabric8.kubernetes.client.utils.KubernetesSerialization serialization) {
    R copy = serialization.clone(resource);
    if (resource instanceof io.fabric8.kubernetes.client.CustomResource original
        && copy instanceof io.fabric8.kubernetes.client.CustomResource cloned) {
      if (original.getSpec() instanceof ModelPart from && cloned.getSpec() instanceof ModelPart to) {
        to.unreadable = from.unreadable;
      }
      if (original.getStatus() instanceof ModelPart from && cloned.getStatus() instanceof ModelPart to) {
        to.unreadable = from.unreadable;
      }
    }
    return copy;
  }

  /** Why the resource's spec or status could not be read, if one could not. */
  public static Optional<String> unreadable(io.fabric8.kubernetes.client.CustomResource<? extends ModelPart,
      ? extends ModelPart> resource) {
    Optional<String> spec = resource.getSpec() == null ? Optional.empty()
        : resource.getSpec().unreadable().map(p -> "spec" + p);
    return spec.or(() -> resource.getStatus() == null ? Optional.empty()
        : resource.getStatus().unreadable().map(p -> "status" + p));
  }
}
