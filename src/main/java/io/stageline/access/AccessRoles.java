package io.stageline.access;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.stageline.api.Labels;
import io.stageline.api.v1alpha1.AccessPolicySpec.Level;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The five access levels as ClusterRoles, bound per namespace by RoleBindings. This class is the
 * one definition: the operator keeps these present and unmodified, and
 * {@code deploy/access-clusterroles.yaml} is generated from it (a test checks they are equal).
 *
 * <p>Secrets are left out of read, write and deploy on purpose: get/list/watch would show their
 * values, and update/patch/delete return the object with its values too. Secret values come from
 * the Environment's vault ({@code spec.secrets}); only admin touches Secrets directly. For the same
 * reason pods/exec, pods/attach and pods/portforward (which reach mounted secrets) are admin-only.
 */
public final class AccessRoles {
  static final List<String> READ = List.of("get", "list", "watch");
  static final List<String> CHANGE = List.of("create", "update", "patch", "delete", "deletecollection");

  /** What there is to see in a namespace, by API group (Secrets deliberately absent). */
  private static final Map<String, List<String>> VISIBLE = Map.ofEntries(
      Map.entry("", List.of("pods", "pods/log", "pods/status", "services", "endpoints", "configmaps",
          "persistentvolumeclaims", "serviceaccounts", "events", "replicationcontrollers", "resourcequotas",
          "limitranges")),
      Map.entry("apps", List.of("deployments", "deployments/scale", "statefulsets", "statefulsets/scale",
          "daemonsets", "replicasets", "controllerrevisions")),
      Map.entry("batch", List.of("jobs", "cronjobs")),
      Map.entry("autoscaling", List.of("horizontalpodautoscalers")),
      Map.entry("policy", List.of("poddisruptionbudgets")),
      Map.entry("networking.k8s.io", List.of("ingresses", "networkpolicies")),
      Map.entry("discovery.k8s.io", List.of("endpointslices")),
      Map.entry("events.k8s.io", List.of("events")),
      Map.entry("rbac.authorization.k8s.io", List.of("roles", "rolebindings")),
      Map.entry("stageline.io", List.of("promotions")));

  /** Workloads and their configuration, which write may change. */
  private static final Map<String, List<String>> WORKLOADS_AND_CONFIG = Map.ofEntries(
      Map.entry("", List.of("pods", "services", "configmaps", "persistentvolumeclaims")),
      Map.entry("apps", List.of("deployments", "deployments/scale", "statefulsets", "statefulsets/scale",
          "daemonsets", "replicasets")),
      Map.entry("batch", List.of("jobs", "cronjobs")),
      Map.entry("autoscaling", List.of("horizontalpodautoscalers")),
      Map.entry("policy", List.of("poddisruptionbudgets")),
      Map.entry("networking.k8s.io", List.of("ingresses")));

  private AccessRoles() {}

  /** All five, in level order. */
  public static List<ClusterRole> all() {
    return Arrays.stream(Level.values()).map(AccessRoles::clusterRole).toList();
  }

  public static boolean isAccessRole(String clusterRoleName) {
    return Arrays.stream(Level.values()).anyMatch(l -> l.clusterRole().equals(clusterRoleName));
  }

  public static ClusterRole clusterRole(Level level) {
    return new ClusterRoleBuilder()
        .withNewMetadata()
          .withName(level.clusterRole())
          .addToLabels(Labels.MANAGED_BY, Labels.STAGELINE)
          .addToLabels(Labels.ACCESS_LEVEL, level.name())
          .addToAnnotations(Labels.DESCRIPTION, description(level))
        .endMetadata()
        .withRules(rules(level))
        .build();
  }

  static String description(Level level) {
    return switch (level) {
      case read -> "Sees everything in the namespace except Secrets.";
      case write -> "read, plus changes workloads and their configuration (not Secrets).";
      case deploy -> "read, plus requests Promotions and changes workload images (patch deployments, statefulsets).";
      case approve -> "read, plus approves Promotions (adds an approval in the approver's own name); no Secrets, no exec.";
      case admin -> "Full control of the namespace's resources, including Secrets, exec and approving Promotions.";
    };
  }

  static List<PolicyRule> rules(Level level) {
    List<PolicyRule> rules = new ArrayList<>(readRules());
    switch (level) {
      case read -> { }
      case write -> rules.addAll(writeRules());
      case deploy -> {
        rules.add(rule("stageline.io", List.of("promotions"), List.of("create")));
        rules.add(rule("apps", List.of("deployments", "statefulsets"), List.of("patch")));
      }
      case approve ->
        // patch and update carry the approval (spec.approvals) to the API; the shipped approval admission
        // policy lets a user who may not delete promotions change nothing else, and the operator counts an
        // approval only from a user RBAC allows to approve (a SubjectAccessReview)
        rules.add(rule("stageline.io", List.of("promotions"), List.of("patch", "update", "approve")));
      case admin -> {
        rules.addAll(writeRules());
        rules.add(rule("", List.of("secrets"), concat(READ, CHANGE)));
        rules.add(rule("", List.of("pods/exec", "pods/attach", "pods/portforward"), List.of("create", "get")));
        rules.add(rule("", List.of("serviceaccounts"), CHANGE));
        rules.add(rule("networking.k8s.io", List.of("networkpolicies"), CHANGE));
        rules.add(rule("stageline.io", List.of("promotions"), concat(CHANGE, List.of("approve"))));
      }
    }
    return rules;
  }

  private static List<PolicyRule> readRules() {
    return VISIBLE.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .map(e -> rule(e.getKey(), e.getValue(), READ)).toList();
  }

  private static List<PolicyRule> writeRules() {
    return WORKLOADS_AND_CONFIG.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .map(e -> rule(e.getKey(), e.getValue(), CHANGE)).toList();
  }

  /** The five roles as the multi-document YAML shipped in {@code deploy/access-clusterroles.yaml}. */
  public static String manifest() {
    StringBuilder yaml = new StringBuilder("""
        # The five access levels Stageline binds per namespace (generated from io.stageline.access.AccessRoles;
        # AccessRolesManifestTest fails when this file and the Java definition differ). The operator also
        # creates them and reverts any change, so applying this file is optional.
        """);
    for (ClusterRole role : all()) {
      yaml.append(io.fabric8.kubernetes.client.utils.Serialization.asYaml(role));
    }
    return yaml.toString();
  }

  private static PolicyRule rule(String apiGroup, List<String> resources, List<String> verbs) {
    return new PolicyRuleBuilder().withApiGroups(apiGroup).withResources(resources).withVerbs(verbs).build();
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
