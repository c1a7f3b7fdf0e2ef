package io.stageline.testing;

import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The API a {@link OnBothGrounds} test runs against, with the operator running on it as its
 * ServiceAccount: the embedded API (fresh for each test) or the JVM's real control plane (shared, so a
 * test names its objects so that no other test on that ground uses the names).
 */
public interface Ground {
  /** "embedded" or "real". */
  String name();

  /** A client acting as the cluster administrator ({@code admin} on both grounds). */
  KubernetesClient admin();

  /** A new client acting as the user, as {@code kubectl --as USER --as-group GROUP}; the caller closes it. */
  KubernetesClient clientAs(String user, String... groups);

  /** Stops the operator (its client too); {@link #startOperator()} starts a fresh one, as a restart would. */
  void stopOperator();

  void startOperator();
}
