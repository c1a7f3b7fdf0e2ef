package io.stageline.cli.plugin;

import io.stageline.api.v1alpha1.EnvironmentConditions;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.ParityStatus;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
    var inParity = Lookups.condition(env.getStatus(), EnvironmentConditions.Type.IN_PARITY);

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
    String verdict = switch (String.valueOf(summary.get("inParity"))) {
      case "True" -> "in parity";
      case "False" -> "not in parity";
      default -> "parity not known yet";
    };
    out.printf("%s against upstream %s: %s%s%n", environment, env.getSpec().getUpstream(), verdict,
        summary.get("reason") == null ? "" : " (" + summary.get("reason") + ")");
    if (parity == null) {
      out.println("The operator has not compared them yet.");
      out.flush();
      return 0;
    }
    // the columns name both sides, so that nobody has to guess which one runs what
    String here = environment.toUpperCase(Locale.ROOT) + " (HERE)";
    String upstream = env.getSpec().getUpstream().toUpperCase(Locale.ROOT) + " (UPSTREAM)";
    Table table = new Table("WHAT", here, upstream);
    table.row("version", orNone(parity.getVersion()), orNone(parity.getUpstreamVersion()));
    list(parity.getMissingKeys()).forEach(k -> table.row("config key " + k, "missing", "set"));
    list(parity.getExtraKeys()).forEach(k -> table.row("config key " + k, "set", "missing"));
    Map<String, String> ownImages = env.getStatus().getRelease() == null
        || env.getStatus().getRelease().getImages() == null ? Map.of() : env.getStatus().getRelease().getImages();
    for (String entry : list(parity.getImagesDiffer())) {
      // status lists container=upstream image; this side's image comes from this stage's release
      int eq = entry.indexOf('=');
      String container = eq < 0 ? entry : entry.substring(0, eq);
      String theirs = eq < 0 ? "(none)" : entry.substring(eq + 1);
      table.row("image of " + container, ownImages.getOrDefault(container, "(none)"), theirs);
    }
    table.print(out);
    if (parity.getSkewSince() != null) {
      out.printf("Versions differ since %s.%n", parity.getSkewSince());
    }
    out.flush();
    return 0;
  }

  private static String orNone(String value) {
    return value == null ? "(none)" : value;
  }

  private static List<String> list(List<String> values) {
    return values == null ? List.of() : values;
  }
}
