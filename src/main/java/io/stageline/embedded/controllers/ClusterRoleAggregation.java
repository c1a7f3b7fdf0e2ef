package io.stageline.embedded.controllers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stageline.embedded.Json;
import io.stageline.embedded.selector.LabelSelector;
import io.stageline.embedded.store.ObjectKey;
import io.stageline.embedded.store.ObjectStore;
import io.stageline.embedded.store.StoreConflict;
import java.util.Comparator;
import java.util.List;

/**
 * What kube-controller-manager's clusterrole-aggregation controller does: a ClusterRole with an
 * {@code aggregationRule} has its {@code rules} replaced by the rules of every other ClusterRole its
 * selectors match (in name order, each rule once), so {@code kubectl get clusterrole} shows what it grants.
 */
final class ClusterRoleAggregation {
  static final String RESOURCE = ObjectKey.resource("rbac.authorization.k8s.io", "clusterroles");
  private final ObjectStore store;

  ClusterRoleAggregation(ObjectStore store) {
    this.store = store;
  }

  /** Brings every aggregated ClusterRole up to date; one that is already is not written. */
  void aggregateAll() {
    List<ObjectNode> roles = store.list(RESOURCE, null).items().stream()
        .sorted(Comparator.comparing(r -> r.path("metadata").path("name").asText())).toList();
    for (ObjectNode role : roles) {
      JsonNode selectors = role.path("aggregationRule").path("clusterRoleSelectors");
      if (!selectors.isArray() || selectors.isEmpty()) {
        continue;
      }
      ArrayNode rules = Json.array();
      for (ObjectNode other : roles) {
        if (other.path("metadata").path("name").equals(role.path("metadata").path("name"))
            || !selected(selectors, other)) {
          continue;
        }
        for (JsonNode rule : other.path("rules")) {
          if (!contains(rules, rule)) {
            rules.add(rule.deepCopy());
          }
        }
      }
      if (!rules.equals(role.path("rules"))) {
        ObjectNode next = role.deepCopy();
        next.set("rules", rules);
        try {
          store.update(new ObjectKey(RESOURCE, "", role.path("metadata").path("name").asText()), next);
        } catch (StoreConflict changedMeanwhile) {
          // the change that raced this one brings another pass
        }
      }
    }
  }

  private static boolean selected(JsonNode selectors, ObjectNode role) {
    for (JsonNode selector : selectors) {
      if (LabelSelector.fromJson(selector).matches(role)) {
        return true;
      }
    }
    return false;
  }

  private static boolean contains(ArrayNode rules, JsonNode rule) {
    for (JsonNode existing : rules) {
      if (existing.equals(rule)) {
        return true;
      }
    }
    return false;
  }
}
