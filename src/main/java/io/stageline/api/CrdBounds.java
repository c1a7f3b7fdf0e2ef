package io.stageline.api;

import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.stageline.api.v1alpha1.Bounds;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Bounds what the model's annotations cannot reach, and checks that nothing a user writes is left
 * unbounded. fabric8's {@code @Size} on a {@code List<String>} or a {@code Map<String, String>} bounds
 * the list or the map, not its strings, and Kubernetes' own {@code LabelSelector} carries no bounds at
 * all; so the strings of a list and the values of a map get the length their field's name says
 * ({@link #ITEM_LENGTH}), and a selector the limits Kubernetes itself puts on labels. Every string,
 * list and map under {@code spec} must then have a bound (a maximum length, an enum or a pattern
 * without repetition; {@code maxItems}; {@code maxProperties}), else the build fails naming it: a
 * field added later cannot forget its bound. Job templates (free-form, checked by the operator as a
 * Kubernetes {@code JobSpec}) are the one exception.
 */
final class CrdBounds {
  private static final Set<String> SELECTOR_FIELDS = Set.of("matchExpressions", "matchLabels");

  /** The longest string in a list, or value in a map, by the list's or map's field name. */
  static final Map<String, Integer> ITEM_LENGTH = Map.ofEntries(
      Map.entry("names", Bounds.NAME_LENGTH),
      Map.entry("paths", Bounds.LABEL_VALUE_LENGTH),
      Map.entry("groups", Bounds.USERNAME_LENGTH),
      Map.entry("users", Bounds.USERNAME_LENGTH),
      Map.entry("exceptions", Bounds.TIME_LENGTH),
      Map.entry("stageSpecificKeys", Bounds.KEY_LENGTH),
      Map.entry("gateSecrets", Bounds.NAME_LENGTH),
      Map.entry("gateConfigMaps", Bounds.NAME_LENGTH),
      Map.entry("keys", Bounds.KEY_LENGTH),
      Map.entry("includeTables", Bounds.COLUMN_LENGTH),
      Map.entry("excludeTables", Bounds.COLUMN_LENGTH),
      Map.entry("values", Bounds.TEXT_LENGTH),
      Map.entry("data", Bounds.CONFIG_VALUE_LENGTH),
      Map.entry("images", Bounds.IMAGE_LENGTH));

  private CrdBounds() {}

  /** Bounds the strings of lists and maps and every selector under the root's spec; fails on anything left unbounded. */
  static void fill(JSONSchemaProps root) {
    JSONSchemaProps spec = root == null || root.getProperties() == null ? null : root.getProperties().get("spec");
    if (spec == null) {
      return;
    }
    bound(spec, "spec");
    List<String> missing = unbounded(spec, "spec");
    if (!missing.isEmpty()) {
      throw new IllegalStateException("fields without a bound (give them @Size in the model, or an entry in"
          + " CrdBounds.ITEM_LENGTH for the strings of a list or map): " + missing);
    }
  }

  private static void bound(JSONSchemaProps schema, String name) {
    if (schema == null) {
      return;
    }
    Map<String, JSONSchemaProps> properties = schema.getProperties();
    if (properties != null && properties.keySet().equals(SELECTOR_FIELDS)) {
      boundSelector(properties);
      return;
    }
    if (properties != null) {
      properties.forEach((field, child) -> bound(child, field));
    }
    JSONSchemaProps items = schema.getItems() == null ? null : schema.getItems().getSchema();
    JSONSchemaProps values = schema.getAdditionalProperties() == null ? null : schema.getAdditionalProperties().getSchema();
    for (JSONSchemaProps element : new JSONSchemaProps[] {items, values}) {
      if (element == null) {
        continue;
      }
      if ("string".equals(element.getType()) && !bounded(element) && ITEM_LENGTH.containsKey(name)) {
        element.setMaxLength(ITEM_LENGTH.get(name).longValue());
      }
      bound(element, name);
    }
  }

  /** Kubernetes' limits on labels: a key is a prefix of up to 253 and a name of up to 63 characters. */
  private static void boundSelector(Map<String, JSONSchemaProps> selector) {
    JSONSchemaProps labels = selector.get("matchLabels");
    labels.setMaxProperties((long) Bounds.SELECTOR_LABELS);
    if (labels.getAdditionalProperties() != null && labels.getAdditionalProperties().getSchema() != null) {
      labels.getAdditionalProperties().getSchema().setMaxLength((long) Bounds.LABEL_VALUE_LENGTH);
    }
    JSONSchemaProps expressions = selector.get("matchExpressions");
    expressions.setMaxItems((long) Bounds.SELECTOR_EXPRESSIONS);
    Map<String, JSONSchemaProps> requirement = expressions.getItems().getSchema().getProperties();
    requirement.get("key").setMaxLength((long) Bounds.LABEL_KEY_LENGTH);
    requirement.get("operator").setMaxLength((long) Bounds.OPERATOR_LENGTH);
    requirement.get("values").setMaxItems((long) Bounds.SELECTOR_VALUES);
    requirement.get("values").getItems().getSchema().setMaxLength((long) Bounds.LABEL_VALUE_LENGTH);
  }

  /** Paths of the strings, lists and maps at or below {@code schema} that have no bound. */
  static List<String> unbounded(JSONSchemaProps schema, String path) {
    List<String> missing = new ArrayList<>();
    collect(schema, path, missing);
    return missing;
  }

  private static void collect(JSONSchemaProps schema, String path, List<String> missing) {
    if (schema == null || Boolean.TRUE.equals(schema.getXKubernetesPreserveUnknownFields())) {
      return; // a Job template: a Kubernetes JobSpec, checked by the operator, bounded by the object size
    }
    String type = schema.getType();
    if ("string".equals(type) && !bounded(schema)) {
      missing.add(path);
    }
    if ("array".equals(type)) {
      if (schema.getMaxItems() == null) {
        missing.add(path);
      }
      collect(schema.getItems() == null ? null : schema.getItems().getSchema(), path + "[]", missing);
    }
    if (schema.getAdditionalProperties() != null && schema.getAdditionalProperties().getSchema() != null) {
      if (schema.getMaxProperties() == null) {
        missing.add(path);
      }
      collect(schema.getAdditionalProperties().getSchema(), path + "{}", missing);
    }
    if (schema.getProperties() != null) {
      schema.getProperties().forEach((field, child) -> collect(child, path + "." + field, missing));
    }
  }

  /** A maximum length, an enum, or a pattern that repeats nothing without a bound ({@code *}, {@code +}, {@code {n,}}). */
  static boolean bounded(JSONSchemaProps string) {
    if (string.getMaxLength() != null || (string.getEnum() != null && !string.getEnum().isEmpty())) {
      return true;
    }
    if (string.getPattern() == null) {
      return false;
    }
    String p = string.getPattern().replaceAll("\\\\.", "x").replaceAll("\\[[^\\]]*\\]", "x");
    return p.startsWith("^") && p.endsWith("$") && !p.matches(".*([*+]|\\{[0-9]+,\\}).*");
  }
}
