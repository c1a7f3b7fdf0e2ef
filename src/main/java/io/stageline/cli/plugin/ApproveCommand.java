package io.stageline.cli.plugin;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.api.v1alpha1.Approval;
import io.stageline.api.v1alpha1.Promotion;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Adds the current user's approval (name and groups) to a promotion. The cluster decides whether it counts: the
 * approval admission policy rejects an entry whose {@code by} is not the requesting user, and the
 * operator checks with a SubjectAccessReview that the approver may {@code approve} promotions.
 */
@Command(name = "approve", description = "Approve a promotion as the current user.")
class ApproveCommand extends PluginSubcommand {
  @Parameters(paramLabel = "PROMOTION", description = "Name of the promotion.")
  String name;

  @Option(names = "--comment", description = "Why you approve (kept with the approval and in the audit trail).")
  String comment;

  @Override
  int execute(KubernetesClient client, PrintWriter out) {
    Promotion promotion = Lookups.promotion(client, cluster.namespace, name);
    if (promotion.getStatus() != null && promotion.getStatus().getPhase() != null
        && promotion.getStatus().getPhase().isFinal()) {
      throw new IllegalStateException("promotion " + name + " is " + promotion.getStatus().getPhase()
          + "; a finished promotion takes no approvals");
    }
    CurrentUser me = CurrentUser.whoami(client);
    String user = me.name();
    if (promotion.getSpec().getApprovals().stream().anyMatch(a -> user.equals(a.getBy()))) {
      throw new IllegalStateException(user + " has already approved promotion " + name);
    }
    Approval approval = new Approval();
    approval.setBy(user);
    approval.setAt(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    approval.setComment(comment);
    // the groups the approval claims: the approval admission policy accepts only the requester's own
    approval.setGroups(me.groups().stream().filter(g -> !g.startsWith("system:")).toList());

    Promotion approved = client.resources(Promotion.class).inNamespace(promotion.getMetadata().getNamespace())
        .withName(name).edit(p -> {
          p.getSpec().getApprovals().add(approval);
          return p;
        });
    if (!output.printMachine(out, approved)) {
      out.printf("promotion.stageline.io/%s approved by %s%n", name, user);
      out.flush();
    }
    return 0;
  }
}
