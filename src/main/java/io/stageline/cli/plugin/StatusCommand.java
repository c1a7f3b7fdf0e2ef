package io.stageline.cli.plugin;

import io.stageline.api.v1alpha1.StatusConditions;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.EnvironmentStatus;
import io.stageline.api.v1alpha1.Promotion;
import io.stageline.api.v1alpha1.PromotionStatus;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/** The delivery path at a glance: each stage with its release and readiness, and what is on its way. */
@Command(name = "status", description = "Show the stages in order, the release each runs, and open promotions.")
class StatusCommand extends PluginSubcommand {

  @Override
  int execute(KubernetesClient client, PrintWriter out) {
    List<Environment> environments = new ArrayList<>(client.resources(Environment.class).list().getItems());
    environments.sort(Comparator.comparing((Environment e) -> e.getSpec().getStage())
        .thenComparing(e -> e.getMetadata().getName()));
    List<Promotion> open = client.resources(Promotion.class).inAnyNamespace().list().getItems().stream()
        .filter(p -> p.getStatus() == null || p.getStatus().getPhase() == null || !p.getStatus().getPhase().isFinal())
        .sorted(Comparator.comparing((Promotion p) -> p.getMetadata().getCreationTimestamp(),
            Comparator.nullsLast(Comparator.naturalOrder())))
        .toList();

    if (output.printMachine(out, Map.of(
        "environments", environments.stream().map(StatusCommand::summary).toList(),
        "promotions", open.stream().map(StatusCommand::summary).toList()))) {
      return 0;
    }
    if (environments.isEmpty()) {
      out.println("No Environments found.");
      out.flush();
      return 0;
    }
    Table stages = new Table("STAGE", "ENVIRONMENT", "UPSTREAM", "NAMESPACE", "RELEASE", "READY", "REASON");
    for (Environment e : environments) {
      Map<String, Object> s = summary(e);
      stages.row(s.get("stage"), s.get("name"), s.get("upstream"), s.get("namespace"), s.get("release"),
          s.get("ready"), s.get("reason"));
    }
    stages.print(out);
    out.println();
    if (open.isEmpty()) {
      out.println("No promotions in progress.");
    } else {
      Instant now = Instant.now();
      Table promotions = new Table("NAMESPACE", "PROMOTION", "ENVIRONMENT", "VERSION", "PHASE", "WAITING-ON", "AGE");
      for (Promotion p : open) {
        Map<String, Object> s = summary(p);
        promotions.row(s.get("namespace"), s.get("name"), s.get("environment"), s.get("version"), s.get("phase"),
            s.get("waitingOn"), Lookups.age(p.getMetadata().getCreationTimestamp(), now));
      }
      promotions.print(out);
    }
    out.flush();
    return 0;
  }

  static Map<String, Object> summary(Environment e) {
    EnvironmentStatus status = e.getStatus();
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("name", e.getMetadata().getName());
    s.put("stage", e.getSpec().getStage() == null ? null : e.getSpec().getStage().value());
    s.put("upstream", e.getSpec().getUpstream());
    s.put("namespace", status != null && status.getNamespace() != null ? status.getNamespace() : e.getSpec().getNamespace());
    s.put("release", status == null || status.getRelease() == null ? null : status.getRelease().getVersion());
    var ready = Lookups.condition(status, StatusConditions.READY);
    s.put("ready", ready.map(c -> c.getStatus()).orElse("Unknown"));
    s.put("reason", ready.filter(c -> !"True".equals(c.getStatus())).map(c -> c.getReason()).orElse(null));
    return s;
  }

  static Map<String, Object> summary(Promotion p) {
    PromotionStatus status = p.getStatus();
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("namespace", p.getMetadata().getNamespace());
    s.put("name", p.getMetadata().getName());
    s.put("environment", p.getSpec().getEnvironment());
    String version = status != null && status.getRelease() != null ? status.getRelease().getVersion()
        : p.getSpec().getRelease() == null ? null : p.getSpec().getRelease().getVersion();
    if (version == null && p.getSpec().getRollbackTo() != null) {
      version = "rollback to revision " + p.getSpec().getRollbackTo();
    }
    s.put("version", version);
    s.put("phase", status == null || status.getPhase() == null ? "Pending" : status.getPhase().name());
    s.put("waitingOn", status == null ? null : status.getWaitingOn());
    s.put("created", p.getMetadata().getCreationTimestamp());
    return s;
  }
}
