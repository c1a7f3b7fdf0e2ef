package io.stageline.cli.plugin;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** kubectl's connection flags; without them, the current context of $KUBECONFIG or ~/.kube/config. */
class ClusterOptions {
  @Option(names = "--kubeconfig", paramLabel = "FILE", description = "Path to the kubeconfig file to use.")
  Path kubeconfig;

  @Option(names = "--context", description = "The kubeconfig context to use.")
  String context;

  @Option(names = {"-n", "--namespace"}, description = "Namespace of the promotion (default: found by name).")
  String namespace;

  KubernetesClient client() {
    if (kubeconfig != null) {
      if (!Files.isRegularFile(kubeconfig)) {
        throw new IllegalArgumentException("kubeconfig " + kubeconfig + " does not exist");
      }
      return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(context, kubeconfig.toFile())).build();
    }
    return new KubernetesClientBuilder().withConfig(Config.autoConfigure(context)).build();
  }
}
