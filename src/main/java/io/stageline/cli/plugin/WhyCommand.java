package io.stageline.cli.plugin;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.api.v1alpha1.Approval;
import io.stageline.api.v1alpha1.Promotion;
import io.stageline.api.v1alpha1.PromotionStatus;
import io.stageline.api.v1alpha1.PromotionStatus.ApprovalStatus;
import io.stageline.api.v1alpha1.PromotionStatus.GateStatus;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Each gate of a promotion, its state and what it waits for, and the approvals given so far. */
@Command(name = "why", description = "Explain where a promotion stands: each gate and what it waits for.")
class WhyCommand extends PluginSubcommand {
  @Parameters(paramLabel = "PROMOTION", description = "Name of the promotion.")
  String name;

  @Override
  int execute(KubernetesClient client, PrintWriter out) {
    Promotion promotion = Lookups.promotion(client, cluster.namespace, name);
    PromotionStatus status = promotion.getStatus();
    List<GateStatus> gates = status == null ? List.of() : status.getGates();
    List<Approval> approvals = promotion.getSpec().getApprovals();

    Map<String, Object> summary = new LinkedHashMap<>(StatusCommand.summary(promotion));
    summary.put("gates", gates);
    summary.put("verification", status == null ? List.of() : status.getVerification());
    summary.put("approvals", approvals);
    summary.put("approvalDecisions", status == null ? List.of() : status.getApprovals());
    if (output.printMachine(out, summary)) {
      return 0;
    }

    out.printf("Promotion %s/%s to %s: %s%n", summary.get("namespace"), summary.get("name"),
        summary.get("environment"), summary.get("phase"));
    if (summary.get("version") != null) {
      out.printf("Release: %s%n", summary.get("version"));
    }
    if (status != null && status.getWaitingOn() != null) {
      out.printf("Waiting on: %s%n", status.getWaitingOn());
    }
    out.println();
    Instant now = Instant.now();
    if (status != null) {
      // why it stopped (e.g. Rejected: nothing to promote), when a condition says so
      status.getConditions().stream().filter(c -> "False".equals(c.getStatus()))
          .forEach(c -> out.printf("%s: %s (%s)%n", c.getType(), c.getMessage(), c.getReason()));
    }
    if (!gates.isEmpty()) {
      Table table = new Table("GATE", "KIND", "STATE", "FOR", "MESSAGE");
      gates.forEach(g -> table.row(g.getName(), g.getKind(), g.getState(), Lookups.age(g.getSince(), now),
          g.getMessage()));
      table.print(out);
    } else if (!promotion.getSpec().getGates().isEmpty()) {
      // a promotion stopped before its gates ran (e.g. Rejected) still has them: say they never ran
      boolean stopped = status != null && status.getPhase() != null && status.getPhase().isFinal();
      String state = stopped ? "NotEvaluated" : "Pending";
      String message = stopped ? "the promotion ended before this gate ran" : "not evaluated yet";
      Table table = new Table("GATE", "KIND", "STATE", "FOR", "MESSAGE");
      promotion.getSpec().getGates().forEach(g -> table.row(g.getName(), g.kind(), state, null, message));
      table.print(out);
    } else {
      out.println(status == null ? "The operator has not evaluated this promotion yet." : "No gates.");
    }
    if (!approvals.isEmpty()) {
      out.println();
      Table table = new Table("APPROVED-BY", "AT", "ACCEPTED", "COMMENT");
      for (Approval a : approvals) {
        // the decision on this very approval (same person and time): a person's earlier, rejected
        // approval must not lend its verdict to a later one
        List<ApprovalStatus> decisions = status == null ? List.of() : status.getApprovals().stream()
            .filter(d -> a.getBy().equals(d.getBy()) && (d.getAt() == null || d.getAt().equals(a.getAt())))
            .toList();
        String accepted = decisions.isEmpty() ? null
            : decisions.stream().anyMatch(d -> Boolean.TRUE.equals(d.getAccepted())) ? "yes"
            : "no: " + decisions.get(decisions.size() - 1).getReason();
        table.row(a.getBy(), a.getAt(), accepted, a.getComment());
      }
      table.print(out);
    }
    out.flush();
    return 0;
  }
}
