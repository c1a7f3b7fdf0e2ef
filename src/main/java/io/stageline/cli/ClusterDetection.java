package io.stageline.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Whether a Kubernetes cluster is configured the way kubectl and fabric8 find one. */
final class ClusterDetection {
  private ClusterDetection() {}

  static boolean clusterConfigured(Map<String, String> env, Path home) {
    String kubeconfig = env.get("KUBECONFIG");
    if (kubeconfig != null && !kubeconfig.isBlank()) {
      for (String file : kubeconfig.split(java.io.File.pathSeparator)) {
        if (!file.isBlank() && Files.isRegularFile(Path.of(file))) {
          return true;
        }
      }
    }
    if (env.containsKey("KUBERNETES_SERVICE_HOST")) {
      return true;
    }
    return home != null && Files.isRegularFile(home.resolve(".kube").resolve("config"));
  }
}
