package io.stageline.runtime;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Operator-wide settings, from command-line flags.
 *
 * @param configNamespace where Environment config sources (ConfigMaps) live
 * @param vaultNamespace where Secrets that Environments copy from live
 * @param operatorNamespace where the operator runs (Lease, cluster-scoped resources' Events)
 * @param leaderElection take a Lease before reconciling, for more than one replica
 * @param identity this replica's leader-election identity
 * @param leaseDuration how long a Lease holds without renewal
 * @param prometheusUrl where metric gates send their PromQL queries; null when none is configured
 * @param prometheusTokenFile a bearer token for that Prometheus, read at each query; null for none
 * @param serviceAccount the ServiceAccount the operator runs as, in {@code operatorNamespace}
 * @param veleroNamespace where Velero runs and keeps its Schedules and Restores
 */
public record OperatorSettings(
    String configNamespace,
    String vaultNamespace,
    String operatorNamespace,
    boolean leaderElection,
    String identity,
    Duration leaseDuration,
    URI prometheusUrl,
    Path prometheusTokenFile,
    String serviceAccount,
    String veleroNamespace) {

  public static OperatorSettings defaults() {
    return new OperatorSettings("stageline-config", "stageline-vault", "stageline-system", false, null,
        Duration.ofSeconds(15), null, null, "stageline-operator", "velero");
  }

  public OperatorSettings withLeaderElection(String identity, Duration leaseDuration) {
    return new OperatorSettings(configNamespace, vaultNamespace, operatorNamespace, true, identity, leaseDuration,
        prometheusUrl, prometheusTokenFile, serviceAccount, veleroNamespace);
  }

  public OperatorSettings withPrometheus(URI url, Path tokenFile) {
    return new OperatorSettings(configNamespace, vaultNamespace, operatorNamespace, leaderElection, identity,
        leaseDuration, url, tokenFile, serviceAccount, veleroNamespace);
  }

  public OperatorSettings withServiceAccount(String namespace, String name) {
    return new OperatorSettings(configNamespace, vaultNamespace, namespace, leaderElection, identity,
        leaseDuration, prometheusUrl, prometheusTokenFile, name, veleroNamespace);
  }

  public OperatorSettings withVeleroNamespace(String namespace) {
    return new OperatorSettings(configNamespace, vaultNamespace, operatorNamespace, leaderElection, identity,
        leaseDuration, prometheusUrl, prometheusTokenFile, serviceAccount, namespace);
  }

  /** The user name the API server knows the operator by: its ServiceAccount's. */
  public String username() {
    return "system:serviceaccount:" + operatorNamespace + ":" + serviceAccount;
  }
}
