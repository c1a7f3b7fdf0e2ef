package io.stageline.embedded.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import io.stageline.embedded.table.Column;
import java.util.List;

/**
 * One kind the embedded API serves: where it lives, how it is named, what it supports, how it
 * prints, and (for custom resources) its structural schema and validation rules.
 */
public record ResourceType(
    String group,
    String version,
    String kind,
    String plural,
    String singular,
    boolean namespaced,
    List<String> shortNames,
    List<String> categories,
    List<String> verbs,
    List<String> subresources,
    List<Column> columns,
    JsonNode schema,
    boolean custom) {

  public static final List<String> ALL_VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
  public static final List<String> CREATE_ONLY = List.of("create");

  public String groupVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  public String listKind() {
    return kind + "List";
  }

  public boolean hasStatus() {
    return subresources.contains("status");
  }

  /** The qualified resource name kube-apiserver uses in messages ({@code promotions.stageline.io}). */
  public String qualifiedPlural() {
    return group.isEmpty() ? plural : plural + "." + group;
  }

  public boolean isVirtual() {
    return verbs.equals(CREATE_ONLY);
  }
}
