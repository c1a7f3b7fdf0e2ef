package io.stageline.embedded.admission;

import com.fasterxml.jackson.databind.JsonNode;
import io.stageline.embedded.selector.LabelSelector;
import java.util.function.Function;

/**
 * Whether a write falls under a policy's {@code matchConstraints} or a binding's
 * {@code matchResources}: resource rules (groups, versions, operations, resources with
 * subresources and wildcards, resource names), exclusions, namespace and object selectors.
 */
final class PolicyMatcher {
  private PolicyMatcher() {}

  static boolean matches(JsonNode match, AdmissionRequest request, Function<String, JsonNode> namespaceLookup) {
    if (match == null || match.isMissingNode() || match.isNull()) {
      return true;
    }
    if (match.has("resourceRules") && !anyRule(match.path("resourceRules"), request)) {
      return false;
    }
    if (anyRule(match.path("excludeResourceRules"), request)) {
      return false;
    }
    JsonNode objectSelector = match.path("objectSelector");
    if (objectSelector.isObject() && !objectSelector.isEmpty()) {
      LabelSelector selector = LabelSelector.fromJson(objectSelector);
      boolean newMatches = request.object() != null && selector.matches(request.object());
      boolean oldMatches = request.oldObject() != null && selector.matches(request.oldObject());
      if (!newMatches && !oldMatches) {
        return false;
      }
    }
    JsonNode namespaceSelector = match.path("namespaceSelector");
    if (namespaceSelector.isObject() && !namespaceSelector.isEmpty()) {
      String namespace = request.type().namespaced() ? request.namespace()
          : request.type().kind().equals("Namespace") ? request.name() : null;
      if (namespace != null) {
        JsonNode ns = namespaceLookup.apply(namespace);
        if (ns == null || !LabelSelector.fromJson(namespaceSelector).matches(ns)) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean anyRule(JsonNode rules, AdmissionRequest request) {
    for (JsonNode rule : rules) {
      if (ruleMatches(rule, request)) {
        return true;
      }
    }
    return false;
  }

  private static boolean ruleMatches(JsonNode rule, AdmissionRequest request) {
    String subresource = request.subresource() == null ? "" : request.subresource();
    String resource = subresource.isEmpty() ? request.type().plural() : request.type().plural() + "/" + subresource;
    boolean resourceMatches = false;
    for (JsonNode value : rule.path("resources")) {
      String text = value.asText();
      if (text.equals(resource) || (text.equals("*") && subresource.isEmpty()) || text.equals("*/*")
          || (!subresource.isEmpty() && text.equals("*/" + subresource))
          || (text.equals(request.type().plural() + "/*") && !subresource.isEmpty())) {
        resourceMatches = true;
      }
    }
    String scope = rule.path("scope").asText("*");
    boolean scopeMatches = scope.equals("*") || (scope.equals("Namespaced") == request.type().namespaced());
    JsonNode names = rule.path("resourceNames");
    boolean nameMatches = names.isEmpty() || contains(names, request.name());
    return resourceMatches && scopeMatches && nameMatches
        && contains(rule.path("apiGroups"), request.type().group())
        && contains(rule.path("apiVersions"), request.type().version())
        && contains(rule.path("operations"), request.operation().name());
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
