package io.stageline.cli.plugin;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.Promotion;
import io.stageline.api.v1alpha1.PromotionSpec;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Objects;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Asks for a rollback: a Promotion with {@code rollbackTo} in the environment's namespace, so that
 * a rollback passes the same gates, RBAC and audit trail as any promotion.
 */
@Command(name = "rollback", description = "Return an environment to an earlier release (creates a Promotion).")
class RollbackCommand extends PluginSubcommand {
  @Parameters(paramLabel = "ENV", description = "Name of the environment.")
  String environment;

  @Option(names = "--to", required = true, paramLabel = "REVISION",
      description = "Revision from `kubectl stageline history ENV`.")
  int revision;

  @Override
  int execute(KubernetesClient client, PrintWriter out) {
    Environment env = Lookups.environment(client, environment);
    if (HistoryCommand.releases(env).stream().noneMatch(r -> Objects.equals(r.getRevision(), revision))) {
      throw new IllegalArgumentException("environment " + environment + " has no revision " + revision
          + " (see: kubectl stageline history " + environment + ")");
    }
    String namespace = env.getStatus().getNamespace() != null ? env.getStatus().getNamespace()
        : env.getSpec().getNamespace() != null ? env.getSpec().getNamespace() : environment;

    Promotion rollback = new Promotion();
    rollback.getMetadata().setName(environment + "-rollback-to-" + revision + "-"
        + Long.toString(Instant.now().getEpochSecond(), 36));
    rollback.getMetadata().setNamespace(namespace);
    PromotionSpec spec = new PromotionSpec();
    spec.setEnvironment(environment);
    spec.setRollbackTo(revision);
    // the approval admission policy requires requestedBy to name the user who creates the Promotion
    spec.setRequestedBy(CurrentUser.of(client));
    rollback.setSpec(spec);
    Promotion created = client.resource(rollback).create();

    if (!output.printMachine(out, created)) {
      out.printf("promotion.stageline.io/%s created in namespace %s (rollback of %s to revision %d)%n",
          created.getMetadata().getName(), namespace, environment, revision);
      out.printf("Follow it with: kubectl stageline why %s -n %s%n", created.getMetadata().getName(), namespace);
      out.flush();
    }
    return 0;
  }
}
