package io.stageline.cli.plugin;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.ParityStatus;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** How an environment differs from its upstream: configuration keys, version and images. */
@Command(name = "parity", description = "Show how an environment differs from its upstream.")
class ParityCommand extends PluginSubcommand {
  @Parameters(paramLabel = "ENV", description = "Name of the environment.")
  String environment;

  @Override
  int execute(KubernetesClient client, PrintWriter out) {
    Environment env = Lookups.environment(client, environment);
    ParityStatus parity = env.getStatus() == null ? null : env.getStatus().getParity();
    var inParity = Lookups.condition(env.getStatus(), "InParity");

    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("environment", environment);
    summary.put("upstream", env.getSpec().getUpstream());
    summary.put("inParity", inParity.map(c -> c.getStatus()).orElse("Unknown"));
    summary.put("reason", inParity.map(c -> c.getMessage()).orElse(null));
    summary.put("parity", parity);
    if (output.printMachine(out, summary)) {
      return 0;
    }
    if (env.getSpec().getUpstream() == null) {
      out.printf("Environment %s has no upstream: it is the start of the delivery path.%n", environment);
      out.flush();
      return 0;
    }
    out.printf("%s against upstream %s: in parity %s%s%n", environment, env.getSpec().getUpstream(),
        summary.get("inParity"), summary.get("reason") == null ? "" : " (" + summary.get("reason") + ")");
    if (parity == null) {
      out.println("The operator has not compared them yet.");
      out.flush();
      return 0;
    }
    Table table = new Table("WHAT", "HERE", "UPSTREAM");
    table.row("version", parity.getVersion(), parity.getUpstreamVersion());
    list(parity.getMissingKeys()).forEach(k -> table.row("config key " + k, "missing", "set"));
    list(parity.getExtraKeys()).forEach(k -> table.row("config key " + k, "set", "missing"));
    list(parity.getImagesDiffer()).forEach(i -> table.row("image " + i, "differs", "differs"));
    table.print(out);
    if (parity.getSkewSince() != null) {
      out.printf("Versions differ since %s.%n", parity.getSkewSince());
    }
    out.flush();
    return 0;
  }

  private static List<String> list(List<String> values) {
    return values == null ? List.of() : values;
  }
}
