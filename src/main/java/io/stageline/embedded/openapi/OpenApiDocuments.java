package io.stageline.embedded.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stageline.embedded.Json;
import io.stageline.embedded.discovery.ResourceCatalog;
import io.stageline.embedded.discovery.ResourceType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OpenAPI v3 as kube-apiserver publishes it: an index ({@code /openapi/v3}) whose document URLs
 * carry {@code ?hash=} (kubectl caches by it) and one document per group version. Custom kinds get
 * their CRD schema; built-in kinds a minimal one (the embedded API has no built-in schemas).
 * Each kind's PATCH operation declares the {@code fieldValidation} parameter, which is how
 * kubectl learns that the server validates fields and sends {@code fieldValidation=Strict}
 * instead of validating against OpenAPI v2 itself. Built-in kinds declare no strategic-merge
 * request body, so that {@code kubectl apply} computes their patches from its compiled-in types.
 */
public final class OpenApiDocuments {
  private static final String OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
  private final ResourceCatalog catalog;

  public OpenApiDocuments(ResourceCatalog catalog) {
    this.catalog = catalog;
  }

  public ObjectNode index() {
    ObjectNode index = Json.object();
    ObjectNode paths = index.putObject("paths");
    for (Map.Entry<String, List<ResourceType>> gv : byGroupVersion().entrySet()) {
      String url = "/openapi/v3/" + gv.getKey() + "?hash=" + hash(document(gv.getValue()));
      paths.putObject(gv.getKey()).put("serverRelativeURL", url);
    }
    return index;
  }

  /** The document for {@code api/v1} or {@code apis/group/version}, or null. */
  public ObjectNode document(String groupVersionPath) {
    List<ResourceType> types = byGroupVersion().get(groupVersionPath);
    return types == null ? null : document(types);
  }

  private Map<String, List<ResourceType>> byGroupVersion() {
    Map<String, List<ResourceType>> map = new LinkedHashMap<>();
    for (ResourceType type : catalog.all()) {
      String key = type.group().isEmpty() ? "api/" + type.version() : "apis/" + type.group() + "/" + type.version();
      map.computeIfAbsent(key, k -> new java.util.ArrayList<>()).add(type);
    }
    return map;
  }

  private static ObjectNode document(List<ResourceType> types) {
    ObjectNode doc = Json.object().put("openapi", "3.0.0");
    doc.putObject("info").put("title", "Kubernetes").put("version", "v1.32.0");
    ObjectNode paths = doc.putObject("paths");
    ObjectNode schemas = doc.putObject("components").putObject("schemas");
    schemas.set(OBJECT_META, objectMeta());
    for (ResourceType type : types) {
      String schemaName = schemaName(type);
      schemas.set(schemaName, kindSchema(type));
      paths.set(objectPath(type), pathItem(type, schemaName));
    }
    return doc;
  }

  static String schemaName(ResourceType type) {
    if (type.custom()) {
      List<String> parts = new java.util.ArrayList<>(List.of(type.group().split("\\.")));
      java.util.Collections.reverse(parts);
      return String.join(".", parts) + "." + type.version() + "." + type.kind();
    }
    String group = type.group().isEmpty() ? "core" : type.group().replace(".k8s.io", "");
    return "io.k8s.api." + group + "." + type.version() + "." + type.kind();
  }

  private static String objectPath(ResourceType type) {
    String prefix = type.group().isEmpty() ? "/api/" + type.version() : "/apis/" + type.group() + "/" + type.version();
    return prefix + (type.namespaced() ? "/namespaces/{namespace}/" : "/") + type.plural() + "/{name}";
  }

  private static ObjectNode pathItem(ResourceType type, String schemaName) {
    ObjectNode item = Json.object();
    ObjectNode ref = Json.object().put("$ref", "#/components/schemas/" + schemaName);
    ObjectNode get = item.putObject("get").put("operationId", "read" + type.kind());
    get.set("x-kubernetes-group-version-kind", gvk(type).get(0));
    get.putObject("responses").putObject("200").putObject("content").putObject("application/json").set("schema", ref);
    ObjectNode patch = item.putObject("patch").put("operationId", "patch" + type.kind());
    patch.set("x-kubernetes-group-version-kind", gvk(type).get(0));
    patch.put("x-kubernetes-action", "patch");
    ArrayNode parameters = patch.putArray("parameters");
    for (String name : List.of("dryRun", "fieldManager", "fieldValidation", "force")) {
      parameters.addObject().put("name", name).put("in", "query").put("uniqueItems", true)
          .putObject("schema").put("type", name.equals("force") ? "boolean" : "string");
    }
    if (type.custom()) {
      ObjectNode content = patch.putObject("requestBody").putObject("content");
      for (String media : List.of("application/json-patch+json", "application/merge-patch+json",
          "application/apply-patch+yaml")) {
        content.putObject(media).putObject("schema").put("type", "object");
      }
    }
    patch.putObject("responses").putObject("200").putObject("content").putObject("application/json")
        .set("schema", ref.deepCopy());
    return item;
  }

  private static ArrayNode gvk(ResourceType type) {
    ArrayNode array = Json.array();
    array.addObject().put("group", type.group()).put("kind", type.kind()).put("version", type.version());
    return array;
  }

  private static ObjectNode kindSchema(ResourceType type) {
    ObjectNode schema;
    if (type.schema() != null && type.schema().isObject()) {
      schema = (ObjectNode) type.schema().deepCopy();
    } else {
      schema = Json.object().put("type", "object").put("description", type.kind()
          + " (a built-in kind: the embedded API serves it without a detailed schema)");
      schema.put("x-kubernetes-preserve-unknown-fields", true);
    }
    ObjectNode properties = Json.objectAt(schema, "properties");
    properties.putObject("apiVersion").put("type", "string").put("description",
        "APIVersion defines the versioned schema of this representation of an object.");
    properties.putObject("kind").put("type", "string").put("description",
        "Kind is a string value representing the REST resource this object represents.");
    ObjectNode metadata = properties.putObject("metadata");
    metadata.putArray("allOf").addObject().put("$ref", "#/components/schemas/" + OBJECT_META);
    metadata.put("description", "Standard object's metadata.");
    schema.set("x-kubernetes-group-version-kind", gvk(type));
    return schema;
  }

  private static ObjectNode objectMeta() {
    ObjectNode meta = Json.object().put("type", "object").put("description",
        "ObjectMeta is metadata that all persisted resources must have.");
    ObjectNode properties = meta.putObject("properties");
    for (String field : List.of("name", "namespace", "generateName", "uid", "resourceVersion",
        "creationTimestamp", "deletionTimestamp")) {
      properties.putObject(field).put("type", "string");
    }
    properties.putObject("generation").put("type", "integer").put("format", "int64");
    for (String field : List.of("labels", "annotations")) {
      properties.putObject(field).put("type", "object").putObject("additionalProperties").put("type", "string");
    }
    properties.putObject("finalizers").put("type", "array").putObject("items").put("type", "string");
    ObjectNode owner = properties.putObject("ownerReferences").put("type", "array").putObject("items")
        .put("type", "object");
    ObjectNode ownerProps = owner.putObject("properties");
    for (String field : List.of("apiVersion", "kind", "name", "uid")) {
      ownerProps.putObject(field).put("type", "string");
    }
    ownerProps.putObject("controller").put("type", "boolean");
    ownerProps.putObject("blockOwnerDeletion").put("type", "boolean");
    properties.putObject("managedFields").put("type", "array").putObject("items").put("type", "object")
        .put("x-kubernetes-preserve-unknown-fields", true);
    return meta;
  }

  private static String hash(JsonNode document) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-512")
          .digest(Json.write(document).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).toUpperCase().substring(0, 128);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
