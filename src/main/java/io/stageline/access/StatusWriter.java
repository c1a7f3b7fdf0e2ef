package io.stageline.access;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.stageline.api.v1alpha1.AccessPolicy;
import io.stageline.api.v1alpha1.AccessPolicyStatus;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes AccessPolicy status and remembers what it wrote, so that a reconcile that starts before the
 * informer has seen that write (our own RoleBinding writes trigger one at once) starts from the status
 * just written, not an older one, and does not audit the same grant or refusal twice. Status stays
 * the only state: the memory only ever prefers a newer copy of it, by resourceVersion.
 */
final class StatusWriter {
  private record Written(long resourceVersion, AccessPolicyStatus status) {}

  private final KubernetesClient client;
  private final Map<String, Written> written = new ConcurrentHashMap<>();

  StatusWriter(KubernetesClient client) {
    this.client = client;
  }

  /** The newest status known for the policy: the cached one, or the one written after it. */
  AccessPolicyStatus current(AccessPolicy policy) {
    AccessPolicyStatus cached = policy.getStatus() == null ? new AccessPolicyStatus() : policy.getStatus();
    Written mine = written.get(policy.getMetadata().getName());
    long cachedVersion = version(policy.getMetadata().getResourceVersion());
    if (mine != null && cachedVersion >= 0 && mine.resourceVersion() > cachedVersion) {
      return copy(mine.status());
    }
    return cached;
  }

  /** Patches the status subresource (a JSON patch of the difference) when it differs from {@code old}. */
  void write(AccessPolicy policy, AccessPolicyStatus old, AccessPolicyStatus status) {
    if (Serialization.asJson(status).equals(Serialization.asJson(old))) {
      return;
    }
    AccessPolicy patched = client.resources(AccessPolicy.class).withName(policy.getMetadata().getName())
        .editStatus(p -> {
          p.setStatus(copy(status));
          return p;
        });
    long version = version(patched.getMetadata().getResourceVersion());
    if (version >= 0) {
      written.put(policy.getMetadata().getName(), new Written(version, copy(status)));
    }
  }

  void forget(String policy) {
    written.remove(policy);
  }

  private static long version(String resourceVersion) {
    try {
      return resourceVersion == null ? -1 : Long.parseLong(resourceVersion);
    } catch (NumberFormatException e) {
      return -1; // opaque version: trust the cache
    }
  }

  private static AccessPolicyStatus copy(AccessPolicyStatus status) {
    return Serialization.unmarshal(Serialization.asJson(status), AccessPolicyStatus.class);
  }
}
