package io.stageline.api;

import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.Map;
import java.util.Set;

/**
 * Describes the fields of the Kubernetes types Stageline's model embeds but does not own — the
 * standard {@code Condition} of every status and the {@code LabelSelector} of selectors — with the
 * descriptions Kubernetes itself publishes, and the top-level {@code spec} and {@code status} that
 * fabric8's {@code CustomResource} declares. Their classes cannot carry Stageline's
 * {@code @JsonPropertyDescription}, so without this {@code kubectl explain} shows them bare.
 * A description the model gives wins; this only fills what is missing.
 */
final class CrdStandardDescriptions {
  private static final Set<String> CONDITION_FIELDS =
      Set.of("lastTransitionTime", "message", "observedGeneration", "reason", "status", "type");
  private static final Set<String> SELECTOR_FIELDS = Set.of("matchExpressions", "matchLabels");

  private static final Map<String, String> CONDITION = Map.of(
      "lastTransitionTime", "lastTransitionTime is the last time the condition transitioned from one status to"
          + " another. This should be when the underlying condition changed. If that is not known, then using the"
          + " time when the API field changed is acceptable.",
      "message", "message is a human readable message indicating details about the transition. This may be an"
          + " empty string.",
      "observedGeneration", "observedGeneration represents the .metadata.generation that the condition was set"
          + " based upon. For instance, if .metadata.generation is currently 12, but the"
          + " .status.conditions[x].observedGeneration is 9, the condition is out of date with respect to the"
          + " current state of the instance.",
      "reason", "reason contains a programmatic identifier indicating the reason for the condition's last"
          + " transition. Producers of specific condition types may define expected values and meanings for this"
          + " field, and whether the values are considered a guaranteed API. The value should be a CamelCase"
          + " string. This field may not be empty.",
      "status", "status of the condition, one of True, False, Unknown.",
      "type", "type of condition in CamelCase or in foo.example.com/CamelCase.");

  private static final Map<String, String> SELECTOR = Map.of(
      "matchExpressions", "matchExpressions is a list of label selector requirements. The requirements are ANDed.",
      "matchLabels", "matchLabels is a map of {key,value} pairs. A single {key,value} in the matchLabels map is"
          + " equivalent to an element of matchExpressions, whose key field is \"key\", the operator is \"In\","
          + " and the values array contains only \"value\". The requirements are ANDed.");

  private static final String REQUIREMENT = "A label selector requirement is a selector that contains values, a"
      + " key, and an operator that relates the key and values.";
  private static final Map<String, String> REQUIREMENT_FIELDS = Map.of(
      "key", "key is the label key that the selector applies to.",
      "operator", "operator represents a key's relationship to a set of values. Valid operators are In, NotIn,"
          + " Exists and DoesNotExist.",
      "values", "values is an array of string values. If the operator is In or NotIn, the values array must be"
          + " non-empty. If the operator is Exists or DoesNotExist, the values array must be empty.");

  private CrdStandardDescriptions() {}

  /** Fills the root's spec and status with the given texts, then every Condition and LabelSelector below. */
  static void fill(JSONSchemaProps root, String spec, String status) {
    if (root == null || root.getProperties() == null) {
      return;
    }
    describe(root.getProperties().get("spec"), spec);
    describe(root.getProperties().get("status"), status);
    walk(root);
  }

  private static void walk(JSONSchemaProps schema) {
    if (schema == null) {
      return;
    }
    Map<String, JSONSchemaProps> properties = schema.getProperties();
    if (properties != null) {
      if (properties.keySet().equals(CONDITION_FIELDS)) {
        CONDITION.forEach((name, text) -> describe(properties.get(name), text));
      } else if (properties.keySet().equals(SELECTOR_FIELDS)) {
        SELECTOR.forEach((name, text) -> describe(properties.get(name), text));
        JSONSchemaProps requirement = properties.get("matchExpressions").getItems() == null
            ? null : properties.get("matchExpressions").getItems().getSchema();
        if (requirement != null && requirement.getProperties() != null) {
          describe(requirement, REQUIREMENT);
          REQUIREMENT_FIELDS.forEach((name, text) -> describe(requirement.getProperties().get(name), text));
        }
      }
      properties.values().forEach(CrdStandardDescriptions::walk);
    }
    if (schema.getAdditionalProperties() != null) {
      walk(schema.getAdditionalProperties().getSchema());
    }
    if (schema.getItems() != null) {
      walk(schema.getItems().getSchema());
    }
  }

  private static void describe(JSONSchemaProps schema, String text) {
    if (schema != null && (schema.getDescription() == null || schema.getDescription().isBlank())) {
      schema.setDescription(text);
    }
  }
}
