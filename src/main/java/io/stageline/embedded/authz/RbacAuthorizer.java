package io.stageline.embedded.authz;

import com.fasterxml.jackson.databind.JsonNode;
import io.stageline.embedded.Store;
import io.stageline.embedded.selector.LabelSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Kubernetes RBAC, evaluated over the Roles, ClusterRoles (with aggregation rules),
 * RoleBindings and ClusterRoleBindings in the store, the way kube-apiserver's RBAC authorizer
 * decides: allowed if any rule of any bound role matches; there are no deny rules.
 * {@code system:masters} is always allowed.
 */
public final class RbacAuthorizer {
  private static final String RBAC = "/apis/rbac.authorization.k8s.io/v1";
  private final Store store;

  public RbacAuthorizer(Store store) {
    this.store = store;
  }

  public record Decision(boolean allowed, String reason) {}

  public boolean allowed(UserInfo user, ResourceAttributes attributes) {
    return decide(user, attributes).allowed();
  }

  public Decision decide(UserInfo user, ResourceAttributes attributes) {
    if (user.isMaster()) {
      return new Decision(true, "allowed by group system:masters");
    }
    for (JsonNode binding : store.list(RBAC + "/clusterrolebindings").items()) {
      if (bindsSubject(binding, user) && roleAllows(binding, null, attributes)) {
        return new Decision(true, "RBAC: allowed by ClusterRoleBinding \"" + name(binding) + "\" of ClusterRole \""
            + binding.path("roleRef").path("name").asText() + "\" to " + subjectText(user));
      }
    }
    if (attributes.namespace() != null && !attributes.namespace().isEmpty() && !attributes.isNonResource()) {
      for (JsonNode binding : store.list(RBAC + "/namespaces/" + attributes.namespace() + "/rolebindings").items()) {
        if (bindsSubject(binding, user) && roleAllows(binding, attributes.namespace(), attributes)) {
          return new Decision(true, "RBAC: allowed by RoleBinding \"" + name(binding) + "/" + attributes.namespace()
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
      rules.add(io.stageline.embedded.Json.MAPPER.valueToTree(java.util.Map.of("verbs", List.of("*"),
          "apiGroups", List.of("*"), "resources", List.of("*"))));
      rules.add(io.stageline.embedded.Json.MAPPER.valueToTree(java.util.Map.of("verbs", List.of("*"),
          "nonResourceURLs", List.of("*"))));
      return rules;
    }
    for (JsonNode binding : store.list(RBAC + "/clusterrolebindings").items()) {
      if (bindsSubject(binding, user)) {
        role(binding, null).ifPresent(role -> rules.addAll(rulesOf(role)));
      }
    }
    if (namespace != null && !namespace.isEmpty()) {
      for (JsonNode binding : store.list(RBAC + "/namespaces/" + namespace + "/rolebindings").items()) {
        if (bindsSubject(binding, user)) {
          role(binding, namespace).ifPresent(role -> rules.addAll(rulesOf(role)));
        }
      }
    }
    return rules;
  }

  private Optional<? extends JsonNode> role(JsonNode binding, String namespace) {
    JsonNode roleRef = binding.path("roleRef");
    return "ClusterRole".equals(roleRef.path("kind").asText())
        ? store.get(RBAC + "/clusterroles/" + roleRef.path("name").asText())
        : store.get(RBAC + "/namespaces/" + namespace + "/roles/" + roleRef.path("name").asText());
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

  private boolean roleAllows(JsonNode binding, String namespace, ResourceAttributes attributes) {
    return role(binding, namespace).map(r -> rulesOf(r).stream().anyMatch(rule -> ruleAllows(rule, attributes))).orElse(false);
  }

  /** A role's rules; a ClusterRole's aggregation rule adds those of every ClusterRole it selects. */
  private List<JsonNode> rulesOf(JsonNode role) {
    List<JsonNode> rules = new ArrayList<>();
    role.path("rules").forEach(rules::add);
    JsonNode selectors = role.path("aggregationRule").path("clusterRoleSelectors");
    if (selectors.isArray() && !selectors.isEmpty()) {
      for (JsonNode other : store.list(RBAC + "/clusterroles").items()) {
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
