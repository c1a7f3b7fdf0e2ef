package io.stageline.embedded.authz;

import com.fasterxml.jackson.databind.JsonNode;
import io.stageline.embedded.Json;
import io.stageline.embedded.Store;
import io.stageline.embedded.selector.LabelSelector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Kubernetes RBAC, evaluated over the Roles, ClusterRoles (with aggregation rules),
 * RoleBindings and ClusterRoleBindings in the store, the way kube-apiserver's RBAC authorizer
 * decides: allowed if any rule of any bound role matches; there are no deny rules.
 * {@code system:masters} is always allowed.
 *
 * <p>Every request is authorized, so the RBAC objects are read once into a snapshot and reused
 * until {@link #invalidate()} (called after every write to the RBAC API group or to a
 * Namespace). A snapshot read while a write was under way carries the older generation and is
 * not reused.
 */
public final class RbacAuthorizer {
  private static final String RBAC = "/apis/rbac.authorization.k8s.io/v1";
  private final Store store;
  private final AtomicLong generation = new AtomicLong();
  private final AtomicReference<Snapshot> snapshot = new AtomicReference<>();

  public RbacAuthorizer(Store store) {
    this.store = store;
  }

  public record Decision(boolean allowed, String reason) {}

  /** The RBAC objects changed: the next decision reads them again. */
  public void invalidate() {
    generation.incrementAndGet();
  }

  public boolean allowed(UserInfo user, ResourceAttributes attributes) {
    return decide(user, attributes).allowed();
  }

  public Decision decide(UserInfo user, ResourceAttributes attributes) {
    if (user.isMaster()) {
      return new Decision(true, "allowed by group system:masters");
    }
    Snapshot rbac = snapshot();
    for (JsonNode binding : rbac.clusterRoleBindings) {
      if (bindsSubject(binding, user) && rbac.rulesOf(binding, null).stream().anyMatch(r -> ruleAllows(r, attributes))) {
        return new Decision(true, "RBAC: allowed by ClusterRoleBinding \"" + name(binding) + "\" of ClusterRole \""
            + binding.path("roleRef").path("name").asText() + "\" to " + subjectText(user));
      }
    }
    String namespace = attributes.namespace();
    if (namespace != null && !namespace.isEmpty() && !attributes.isNonResource()) {
      for (JsonNode binding : rbac.roleBindings.getOrDefault(namespace, List.of())) {
        if (bindsSubject(binding, user)
            && rbac.rulesOf(binding, namespace).stream().anyMatch(r -> ruleAllows(r, attributes))) {
          return new Decision(true, "RBAC: allowed by RoleBinding \"" + name(binding) + "/" + namespace
              + "\" of " + binding.path("roleRef").path("kind").asText() + " \""
              + binding.path("roleRef").path("name").asText() + "\" to " + subjectText(user));
        }
      }
    }
    return new Decision(false, "");
  }

  /** Every rule that applies to a user in a namespace (SelfSubjectRulesReview, {@code kubectl auth can-i --list}). */
  public List<JsonNode> rulesFor(UserInfo user, String namespace) {
    List<JsonNode> rules = new ArrayList<>();
    if (user.isMaster()) {
      rules.add(Json.MAPPER.valueToTree(Map.of("verbs", List.of("*"), "apiGroups", List.of("*"),
          "resources", List.of("*"))));
      rules.add(Json.MAPPER.valueToTree(Map.of("verbs", List.of("*"), "nonResourceURLs", List.of("*"))));
      return rules;
    }
    Snapshot rbac = snapshot();
    for (JsonNode binding : rbac.clusterRoleBindings) {
      if (bindsSubject(binding, user)) {
        rules.addAll(rbac.rulesOf(binding, null));
      }
    }
    if (namespace != null && !namespace.isEmpty()) {
      for (JsonNode binding : rbac.roleBindings.getOrDefault(namespace, List.of())) {
        if (bindsSubject(binding, user)) {
          rules.addAll(rbac.rulesOf(binding, namespace));
        }
      }
    }
    return rules;
  }

  /** The rules of the role a binding (in {@code namespace}, or a ClusterRoleBinding) refers to. */
  public List<JsonNode> rulesOfRoleRef(JsonNode roleRef, String namespace) {
    return snapshot().rulesOfRef(roleRef, namespace);
  }

  /** The rules a role object grants, with those its aggregation rule selects. */
  public List<JsonNode> rulesOfRole(JsonNode role) {
    return snapshot().rulesOf(role);
  }

  private Snapshot snapshot() {
    long current = generation.get();
    Snapshot cached = snapshot.get();
    if (cached != null && cached.generation == current) {
      return cached;
    }
    Snapshot fresh = new Snapshot(current, store);
    snapshot.set(fresh);
    return fresh;
  }

  private static String subjectText(UserInfo user) {
    return "User \"" + user.username() + "\"";
  }

  private static String name(JsonNode object) {
    return object.path("metadata").path("name").asText();
  }

  private static boolean bindsSubject(JsonNode binding, UserInfo user) {
    for (JsonNode subject : binding.path("subjects")) {
      String kind = subject.path("kind").asText();
      String name = subject.path("name").asText();
      boolean matches = switch (kind) {
        case "User" -> name.equals(user.username());
        case "Group" -> user.groups().contains(name);
        case "ServiceAccount" -> ("system:serviceaccount:" + subject.path("namespace").asText() + ":" + name)
            .equals(user.username());
        default -> false;
      };
      if (matches) {
        return true;
      }
    }
    return false;
  }

  /** The RBAC objects at one moment, with ClusterRoles and Roles by name. */
  private static final class Snapshot {
    final long generation;
    final List<JsonNode> clusterRoleBindings = new ArrayList<>();
    final Map<String, List<JsonNode>> roleBindings = new HashMap<>();
    final Map<String, JsonNode> clusterRoles = new HashMap<>();
    final Map<String, JsonNode> roles = new HashMap<>();

    Snapshot(long generation, Store store) {
      this.generation = generation;
      clusterRoleBindings.addAll(store.list(RBAC + "/clusterrolebindings").items());
      for (JsonNode binding : store.list(RBAC + "/rolebindings").items()) {
        roleBindings.computeIfAbsent(binding.path("metadata").path("namespace").asText(), k -> new ArrayList<>())
            .add(binding);
      }
      for (JsonNode role : store.list(RBAC + "/clusterroles").items()) {
        clusterRoles.put(name(role), role);
      }
      for (JsonNode role : store.list(RBAC + "/roles").items()) {
        roles.put(role.path("metadata").path("namespace").asText() + "/" + name(role), role);
      }
    }

    List<JsonNode> rulesOf(JsonNode binding, String namespace) {
      return rulesOfRef(binding.path("roleRef"), namespace);
    }

    List<JsonNode> rulesOfRef(JsonNode roleRef, String namespace) {
      JsonNode role = "ClusterRole".equals(roleRef.path("kind").asText())
          ? clusterRoles.get(roleRef.path("name").asText())
          : roles.get(namespace + "/" + roleRef.path("name").asText());
      return role == null ? List.of() : rulesOf(role);
    }

    /** A role's rules; a ClusterRole's aggregation rule adds those of every ClusterRole it selects. */
    List<JsonNode> rulesOf(JsonNode role) {
      List<JsonNode> rules = new ArrayList<>();
      role.path("rules").forEach(rules::add);
      JsonNode selectors = role.path("aggregationRule").path("clusterRoleSelectors");
      if (selectors.isArray() && !selectors.isEmpty()) {
        for (JsonNode other : clusterRoles.values()) {
          if (name(other).equals(name(role))) {
            continue;
          }
          for (JsonNode selector : selectors) {
            if (LabelSelector.fromJson(selector).matches(other)) {
              other.path("rules").forEach(rules::add);
              break;
            }
          }
        }
      }
      return rules;
    }
  }

  static boolean ruleAllows(JsonNode rule, ResourceAttributes attributes) {
    if (!contains(rule.path("verbs"), attributes.verb())) {
      return false;
    }
    if (attributes.isNonResource()) {
      for (JsonNode url : rule.path("nonResourceURLs")) {
        String pattern = url.asText();
        if (pattern.equals("*") || pattern.equals(attributes.nonResourcePath())
            || (pattern.endsWith("*") && attributes.nonResourcePath().startsWith(pattern.substring(0, pattern.length() - 1)))) {
          return true;
        }
      }
      return false;
    }
    if (!contains(rule.path("apiGroups"), attributes.group())) {
      return false;
    }
    String subresource = attributes.subresource() == null ? "" : attributes.subresource();
    String combined = subresource.isEmpty() ? attributes.resource() : attributes.resource() + "/" + subresource;
    boolean resourceMatches = false;
    for (JsonNode resource : rule.path("resources")) {
      String value = resource.asText();
      if (value.equals("*") || value.equals(combined) || (!subresource.isEmpty() && value.equals("*/" + subresource))) {
        resourceMatches = true;
        break;
      }
    }
    if (!resourceMatches) {
      return false;
    }
    JsonNode names = rule.path("resourceNames");
    return names.isEmpty() || (attributes.name() != null && contains(names, attributes.name()));
  }

  private static boolean contains(JsonNode values, String wanted) {
    for (JsonNode value : values) {
      if (value.asText().equals("*") || value.asText().equals(wanted)) {
        return true;
      }
    }
    return false;
  }
}
