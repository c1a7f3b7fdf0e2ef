package io.stageline.cli.plugin;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.ReleaseRecord;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** The releases an Environment has run, newest first, with the current one marked. */
@Command(name = "history", description = "List the releases an environment has run (revisions to roll back to).")
class HistoryCommand extends PluginSubcommand {
  @Parameters(paramLabel = "ENV", description = "Name of the environment.")
  String environment;

  @Override
  int execute(KubernetesClient client, PrintWriter out) {
    Environment env = Lookups.environment(client, environment);
    List<ReleaseRecord> history = releases(env);
    if (output.printMachine(out, history)) {
      return 0;
    }
    if (history.isEmpty()) {
      out.printf("Environment %s has run no release yet.%n", environment);
      out.flush();
      return 0;
    }
    Integer current = env.getStatus().getRelease() == null ? null : env.getStatus().getRelease().getRevision();
    Table table = new Table("REVISION", "VERSION", "CONFIG", "PROMOTION", "AT", "VERIFIED", "CURRENT");
    for (ReleaseRecord r : history) {
      table.row(r.getRevision(), r.getVersion(), r.getConfigRevision(), r.getPromotion(), r.getAt(),
          r.getVerified() == null ? null : r.getVerified() ? "yes" : "no",
          Objects.equals(current, r.getRevision()) ? "*" : "");
    }
    table.print(out);
    return 0;
  }

  /** The history plus the current release (if the history does not hold it), newest first. */
  static List<ReleaseRecord> releases(Environment env) {
    List<ReleaseRecord> all = new ArrayList<>();
    if (env.getStatus() == null) {
      return all;
    }
    all.addAll(env.getStatus().getReleaseHistory());
    ReleaseRecord current = env.getStatus().getRelease();
    if (current != null && all.stream().noneMatch(r -> Objects.equals(r.getRevision(), current.getRevision()))) {
      all.add(current);
    }
    all.sort(Comparator.comparing(ReleaseRecord::getRevision, Comparator.nullsFirst(Comparator.naturalOrder()))
        .reversed());
    return all;
  }
}
