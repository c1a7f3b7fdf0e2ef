package io.stageline.cli.plugin;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.api.v1alpha1.AccessPolicy;
import io.stageline.api.v1alpha1.AccessPolicyStatus;
import io.stageline.api.v1alpha1.Environment;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Who holds which access level in an environment, through which policy, and until when. */
@Command(name = "access", description = "Show who has which access level in an environment, and emergency grants.")
class AccessCommand extends PluginSubcommand {
  @Parameters(paramLabel = "ENV", description = "Name of the environment.")
  String environment;

  private static final List<String> LEVELS = List.of("read", "write", "deploy", "approve", "admin");

  @Override
  int execute(KubernetesClient client, PrintWriter out) {
    Environment env = Lookups.environment(client, environment);
    String namespace = env.getStatus() != null && env.getStatus().getNamespace() != null
        ? env.getStatus().getNamespace() : env.getSpec().getNamespace() != null ? env.getSpec().getNamespace()
        : environment;

    List<Map<String, Object>> grants = new ArrayList<>();
    List<Map<String, Object>> emergencies = new ArrayList<>();
    for (AccessPolicy policy : client.resources(AccessPolicy.class).list().getItems()) {
      AccessPolicyStatus status = policy.getStatus();
      if (status == null) {
        continue;
      }
      boolean bindsHere = false;
      for (AccessPolicyStatus.Binding b : status.getBindings()) {
        if (namespace.equals(b.getNamespace())) {
          bindsHere = true;
          Map<String, Object> g = new LinkedHashMap<>();
          g.put("subject", b.getSubject());
          g.put("access", b.getAccess());
          g.put("policy", policy.getMetadata().getName());
          g.put("roleBinding", b.getRoleBinding());
          g.put("expiresAt", b.getExpiresAt());
          grants.add(g);
        }
      }
      for (AccessPolicyStatus.EmergencyGrant e : status.getEmergencyGrants()) {
        if (bindsHere || e.getState() == AccessPolicyStatus.EmergencyGrant.State.Expired) {
          Map<String, Object> g = new LinkedHashMap<>();
          g.put("policy", policy.getMetadata().getName());
          g.put("access", e.getAccess());
          g.put("subjects", e.getSubjects());
          g.put("state", e.getState() == null ? null : e.getState().name());
          g.put("reason", e.getReason());
          g.put("ticket", e.getTicket());
          g.put("grantedAt", e.getGrantedAt());
          g.put("expiresAt", e.getExpiresAt());
          if (bindsHere) {
            emergencies.add(g);
          }
        }
      }
    }
    grants.sort(Comparator.comparing((Map<String, Object> g) -> LEVELS.indexOf(String.valueOf(g.get("access"))))
        .reversed().thenComparing(g -> String.valueOf(g.get("subject"))));

    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("environment", environment);
    summary.put("namespace", namespace);
    summary.put("stage", env.getSpec().getStage() == null ? null : env.getSpec().getStage().value());
    summary.put("grants", grants);
    summary.put("emergency", emergencies);
    if (output.printMachine(out, summary)) {
      return 0;
    }
    out.printf("Access to %s (namespace %s, stage %s)%n%n", environment, namespace, summary.get("stage"));
    if (grants.isEmpty()) {
      out.println("No AccessPolicy grants access here.");
    } else {
      Table table = new Table("SUBJECT", "ACCESS", "POLICY", "ROLEBINDING", "EXPIRES");
      grants.forEach(g -> table.row(g.get("subject"), g.get("access"), g.get("policy"), g.get("roleBinding"),
          g.get("expiresAt") == null ? "never" : g.get("expiresAt")));
      table.print(out);
    }
    if (!emergencies.isEmpty()) {
      out.println();
      out.println("Emergency (break-glass) grants:");
      Table table = new Table("POLICY", "ACCESS", "SUBJECTS", "STATE", "EXPIRES", "REASON", "TICKET");
      emergencies.forEach(g -> table.row(g.get("policy"), g.get("access"), String.join(",", asList(g.get("subjects"))),
          g.get("state"), g.get("expiresAt"), g.get("reason"), g.get("ticket")));
      table.print(out);
    }
    out.flush();
    return 0;
  }

  @SuppressWarnings("unchecked")
  private static List<String> asList(Object value) {
    return value == null ? List.of() : (List<String>) value;
  }
}
