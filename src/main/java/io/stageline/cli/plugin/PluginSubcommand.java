package io.stageline.cli.plugin;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;

/** What every plugin command shares: kubectl's connection flags, {@code -o}, and one client. */
abstract class PluginSubcommand implements Callable<Integer> {
  @Mixin
  ClusterOptions cluster;

  @Mixin
  OutputOptions output;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    try (KubernetesClient client = cluster.client()) {
      return execute(client, spec.commandLine().getOut());
    }
  }

  abstract int execute(KubernetesClient client, PrintWriter out);
}
