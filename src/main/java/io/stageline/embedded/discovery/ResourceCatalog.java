package io.stageline.embedded.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import io.stageline.embedded.Store;
import io.stageline.embedded.table.Column;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every kind the embedded API serves: the built-in table plus the CustomResourceDefinitions in
 * the store, read at request time so that a newly created CRD is served at once.
 */
public final class ResourceCatalog {
  private static final String CRD_PATH = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
  private final Store store;
  private final List<ResourceType> builtIns = BuiltInKinds.all();

  public ResourceCatalog(Store store) {
    this.store = store;
  }

  public List<ResourceType> all() {
    List<ResourceType> all = new ArrayList<>(builtIns);
    for (JsonNode crd : store.list(CRD_PATH).items()) {
      all.addAll(fromCrd(crd));
    }
    return all;
  }

  public Optional<ResourceType> find(String group, String version, String plural) {
    for (ResourceType type : builtIns) {
      if (type.group().equals(group) && type.version().equals(version) && type.plural().equals(plural)) {
        return Optional.of(type);
      }
    }
    if (group.isEmpty()) {
      return Optional.empty();
    }
    return store.get(CRD_PATH + "/" + plural + "." + group)
        .flatMap(crd -> fromCrd(crd).stream().filter(t -> t.version().equals(version)).findFirst());
  }

  public Optional<ResourceType> findKind(String apiVersion, String kind) {
    return all().stream().filter(t -> t.groupVersion().equals(apiVersion) && t.kind().equals(kind)).findFirst();
  }

  /** Group name to versions, the preferred (first served storage) version first. */
  public Map<String, List<String>> groups() {
    Map<String, List<String>> groups = new LinkedHashMap<>();
    for (ResourceType type : all()) {
      List<String> versions = groups.computeIfAbsent(type.group(), g -> new ArrayList<>());
      if (!versions.contains(type.version())) {
        versions.add(type.version());
      }
    }
    return groups;
  }

  static List<ResourceType> fromCrd(JsonNode crd) {
    JsonNode spec = crd.path("spec");
    JsonNode names = spec.path("names");
    List<ResourceType> types = new ArrayList<>();
    for (JsonNode version : spec.path("versions")) {
      if (!version.path("served").asBoolean(true)) {
        continue;
      }
      List<Column> columns = new ArrayList<>();
      for (JsonNode column : version.path("additionalPrinterColumns")) {
        try {
          columns.add(Column.path(column.path("name").asText(), column.path("type").asText("string"),
              column.path("jsonPath").asText(), column.path("description").asText(""),
              column.path("priority").asInt(0)));
        } catch (IllegalArgumentException e) {
          // a column this JSONPath subset cannot read is left out rather than failing the list
        }
      }
      if (version.path("additionalPrinterColumns").isMissingNode()) {
        columns.add(Column.path("Age", "date", ".metadata.creationTimestamp"));
      }
      List<String> subresources = new ArrayList<>();
      version.path("subresources").fieldNames().forEachRemaining(subresources::add);
      types.add(new ResourceType(
          spec.path("group").asText(),
          version.path("name").asText(),
          names.path("kind").asText(),
          names.path("plural").asText(),
          names.path("singular").asText(names.path("kind").asText().toLowerCase()),
          "Namespaced".equals(spec.path("scope").asText()),
          strings(names.path("shortNames")),
          strings(names.path("categories")),
          ResourceType.ALL_VERBS,
          subresources,
          columns,
          version.path("schema").path("openAPIV3Schema"),
          true));
    }
    return types;
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }
}
