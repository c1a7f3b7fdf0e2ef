package io.stageline.embedded.discovery;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stageline.embedded.Json;
import java.util.List;
import java.util.Map;

/**
 * The discovery documents kubectl and client libraries read: aggregated
 * ({@code apidiscovery.k8s.io/v2 APIGroupDiscoveryList}) and the older per-group forms.
 */
public final class DiscoveryDocuments {
  public static final String AGGREGATED_CONTENT_TYPE =
      "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

  private final ResourceCatalog catalog;

  public DiscoveryDocuments(ResourceCatalog catalog) {
    this.catalog = catalog;
  }

  public static boolean wantsAggregated(String accept) {
    return accept.contains("as=APIGroupDiscoveryList") && accept.contains("v=v2");
  }

  /** {@code /api} ({@code legacy=true}) or {@code /apis} in the aggregated form. */
  public ObjectNode aggregated(boolean legacy) {
    ObjectNode list = Json.object();
    list.put("kind", "APIGroupDiscoveryList").put("apiVersion", "apidiscovery.k8s.io/v2");
    list.putObject("metadata");
    ArrayNode items = list.putArray("items");
    List<ResourceType> all = catalog.all();
    for (Map.Entry<String, List<String>> group : catalog.groups().entrySet()) {
      if (group.getKey().isEmpty() != legacy) {
        continue;
      }
      ObjectNode item = items.addObject();
      item.putObject("metadata").put("name", group.getKey());
      ArrayNode versions = item.putArray("versions");
      for (String version : group.getValue()) {
        ObjectNode v = versions.addObject().put("version", version).put("freshness", "Current");
        ArrayNode resources = v.putArray("resources");
        for (ResourceType type : all) {
          if (type.group().equals(group.getKey()) && type.version().equals(version)) {
            resources.add(aggregatedResource(type));
          }
        }
      }
    }
    return list;
  }

  private static ObjectNode aggregatedResource(ResourceType type) {
    ObjectNode resource = Json.object();
    resource.put("resource", type.plural());
    resource.set("responseKind", kindRef(type, type.kind()));
    resource.put("scope", type.namespaced() ? "Namespaced" : "Cluster");
    resource.put("singularResource", type.singular());
    resource.set("verbs", strings(type.verbs()));
    if (!type.shortNames().isEmpty()) {
      resource.set("shortNames", strings(type.shortNames()));
    }
    if (!type.categories().isEmpty()) {
      resource.set("categories", strings(type.categories()));
    }
    if (!type.subresources().isEmpty()) {
      ArrayNode subresources = resource.putArray("subresources");
      for (String sub : type.subresources()) {
        ObjectNode subresource = subresources.addObject().put("subresource", sub);
        subresource.set("responseKind", kindRef(type, sub.equals("scale") ? "Scale" : type.kind()));
        subresource.set("verbs", strings(sub.equals("finalize") ? List.of("update") : List.of("get", "patch", "update")));
      }
    }
    return resource;
  }

  private static ObjectNode kindRef(ResourceType type, String kind) {
    String group = kind.equals("Scale") ? "autoscaling" : type.group();
    return Json.object().put("group", group).put("version", type.version()).put("kind", kind);
  }

  /** {@code /api} in the legacy form. */
  public ObjectNode apiVersions() {
    ObjectNode versions = Json.object().put("kind", "APIVersions");
    versions.putArray("versions").add("v1");
    versions.putArray("serverAddressByClientCIDRs").addObject().put("clientCIDR", "0.0.0.0/0")
        .put("serverAddress", "127.0.0.1");
    return versions;
  }

  /** {@code /apis} in the legacy form. */
  public ObjectNode apiGroupList() {
    ObjectNode list = Json.object().put("kind", "APIGroupList").put("apiVersion", "v1");
    ArrayNode groups = list.putArray("groups");
    for (Map.Entry<String, List<String>> group : catalog.groups().entrySet()) {
      if (!group.getKey().isEmpty()) {
        groups.add(apiGroup(group.getKey(), group.getValue()));
      }
    }
    return list;
  }

  /** {@code /apis/{group}}, or null for an unknown group. */
  public ObjectNode apiGroup(String name) {
    List<String> versions = catalog.groups().get(name);
    if (versions == null || name.isEmpty()) {
      return null;
    }
    return apiGroup(name, versions).put("kind", "APIGroup").put("apiVersion", "v1");
  }

  private static ObjectNode apiGroup(String name, List<String> versions) {
    ObjectNode group = Json.object().put("name", name);
    ArrayNode list = group.putArray("versions");
    for (String version : versions) {
      list.addObject().put("groupVersion", name + "/" + version).put("version", version);
    }
    group.putObject("preferredVersion").put("groupVersion", name + "/" + versions.get(0))
        .put("version", versions.get(0));
    return group;
  }

  /** {@code /api/v1} or {@code /apis/{group}/{version}}, or null for an unknown group version. */
  public ObjectNode apiResourceList(String group, String version) {
    List<ResourceType> types = catalog.all().stream()
        .filter(t -> t.group().equals(group) && t.version().equals(version)).toList();
    if (types.isEmpty()) {
      return null;
    }
    ObjectNode list = Json.object().put("kind", "APIResourceList").put("apiVersion", "v1")
        .put("groupVersion", group.isEmpty() ? version : group + "/" + version);
    ArrayNode resources = list.putArray("resources");
    for (ResourceType type : types) {
      ObjectNode resource = resources.addObject().put("name", type.plural()).put("singularName", type.singular())
          .put("namespaced", type.namespaced()).put("kind", type.kind());
      resource.set("verbs", strings(type.verbs()));
      if (!type.shortNames().isEmpty()) {
        resource.set("shortNames", strings(type.shortNames()));
      }
      if (!type.categories().isEmpty()) {
        resource.set("categories", strings(type.categories()));
      }
      for (String sub : type.subresources()) {
        ObjectNode subresource = resources.addObject().put("name", type.plural() + "/" + sub).put("singularName", "")
            .put("namespaced", type.namespaced()).put("kind", sub.equals("scale") ? "Scale" : type.kind());
        subresource.set("verbs", strings(List.of("get", "patch", "update")));
      }
    }
    return list;
  }

  /** {@code /version}: what a v1.32 kube-apiserver reports. */
  public static ObjectNode version() {
    return Json.object().put("major", "1").put("minor", "32").put("gitVersion", "v1.32.0-stageline")
        .put("gitCommit", "embedded").put("gitTreeState", "clean").put("buildDate", "2026-01-01T00:00:00Z")
        .put("goVersion", "go1.23.4").put("compiler", "gc").put("platform", "linux/amd64");
  }

  private static ArrayNode strings(List<String> values) {
    ArrayNode array = Json.array();
    values.forEach(array::add);
    return array;
  }
}
