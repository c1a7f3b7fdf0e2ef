package io.stageline.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Conflict-safe edits for tests: {@code Edits.edit(client.resources(Environment.class).withName("dev"), e -> ...)}.
 * fabric8's {@code edit} reads the object and writes the change at the version it read, so it fails
 * with 409 Conflict when the operator writes the same object (status, finalizers) in between, which on
 * a loaded machine happens at random. The change is a function of the object, so it is simply applied
 * again to a fresh read, as a user re-running {@code kubectl edit} would. Every other error is thrown.
 */
public final class Edits {
  private static final int HTTP_CONFLICT = 409;
  private static final int ATTEMPTS = 20;

  private Edits() {
  }

  public static <T extends HasMetadata> T edit(Resource<T> resource, UnaryOperator<T> change) {
    return onFreshReadAfterConflict(() -> resource.edit(change));
  }

  public static <T extends HasMetadata> T editStatus(Resource<T> resource, UnaryOperator<T> change) {
    return onFreshReadAfterConflict(() -> resource.editStatus(change));
  }

  private static <T> T onFreshReadAfterConflict(Supplier<T> write) {
    for (int attempt = 1; ; attempt++) {
      try {
        return write.get();
      } catch (KubernetesClientException e) {
        if (e.getCode() != HTTP_CONFLICT || attempt == ATTEMPTS) {
          throw e;
        }
      }
    }
  }
}
