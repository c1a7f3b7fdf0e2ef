package io.stageline.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import io.stageline.embedded.admission.AdmissionChain;
import io.stageline.embedded.admission.AdmissionWarnings;
import io.stageline.embedded.admission.AdmissionRequest;
import io.stageline.embedded.admission.Operation;
import io.stageline.embedded.discovery.ResourceCatalog;
import io.stageline.embedded.discovery.ResourceType;
import io.stageline.embedded.patch.Patches;
import io.stageline.embedded.protobuf.ProtobufBodies;
import io.stageline.embedded.selector.FieldSelector;
import io.stageline.embedded.selector.LabelSelector;
import io.stageline.embedded.table.TableConverter;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import io.stageline.embedded.store.StoreConflict;
import java.util.concurrent.locks.Lock;

/**
 * Reads and writes of resources: every write is turned into a complete object (patches applied
 * here, per RFC 7386 or JSON patch), admitted, and only then stored with a PUT or POST to the
 * mock's store, under one lock so that read-modify-write is atomic.
 */
final class ResourceHandler {
  private static final String ALPHANUMERIC = "bcdfghjklmnpqrstvwxz2456789";
  private final Store store;
  private final ResourceCatalog catalog;
  private final AdmissionChain admission;
  private final Watches watches;
  private final ObjectLocks locks = new ObjectLocks();
  private final SecureRandom random = new SecureRandom();

  ResourceHandler(Store store, ResourceCatalog catalog, AdmissionChain admission) {
    this.store = store;
    this.catalog = catalog;
    this.admission = admission;
    this.watches = new Watches(store.objects());
  }

  MockResponse handle(ApiRequest request, ResourcePath path) {
    AdmissionWarnings.begin();
    try {
      MockResponse response = dispatch(request, path);
      for (String warning : AdmissionWarnings.end()) {
        response.addHeader("Warning", "299 - \"" + warning.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
      }
      return response;
    } finally {
      AdmissionWarnings.end();
    }
  }

  private MockResponse dispatch(ApiRequest request, ResourcePath path) {
    ResourceType type = catalog.find(path.group(), path.version(), path.plural())
        .orElseThrow(() -> ApiException.notFound("the server could not find the requested resource"));
    if (path.subresource() != null && !type.subresources().contains(path.subresource())) {
      throw ApiException.notFound("the server could not find the requested resource");
    }
    if (type.namespaced() && path.namespace() == null && path.name() != null) {
      throw ApiException.notFound("the server could not find the requested resource");
    }
    return switch (request.method()) {
      case "GET" -> path.isCollection() || request.isTrue("watch") ? list(request, type, path) : get(request, type, path);
      case "POST" -> create(request, type, path);
      case "PUT" -> update(request, type, path);
      case "PATCH" -> patch(request, type, path);
      case "DELETE" -> path.isCollection() ? deleteCollection(request, type, path) : delete(request, type, path);
      default -> throw ApiException.methodNotAllowed("the server does not allow this method on the requested resource");
    };
  }

  // ---- reads

  private MockResponse get(ApiRequest request, ResourceType type, ResourcePath path) {
    ObjectNode object = existing(type, path);
    if ("scale".equals(path.subresource())) {
      return Responses.json(200, ScaleSubresource.view(object));
    }
    if (TableConverter.wantsTable(request.accept())) {
      return Responses.json(200, TableConverter.table(type, List.of(object),
          object.path("metadata").path("resourceVersion").asText(), request.param("includeObject")));
    }
    return Responses.json(200, object);
  }

  private MockResponse list(ApiRequest request, ResourceType type, ResourcePath path) {
    if (request.isTrue("watch")) {
      return watches.open(request, type, path);
    }
    if (path.name() != null) {
      throw ApiException.methodNotAllowed("the server does not allow this method on the requested resource");
    }
    LabelSelector labels = LabelSelector.parse(request.param("labelSelector"));
    FieldSelector fields = FieldSelector.parse(request.param("fieldSelector"));
    boolean selective = !isBlank(request.param("labelSelector")) || !isBlank(request.param("fieldSelector"));
    var chunk = ListChunks.list(store.objects(), request, Store.resource(path), path.namespace(),
        item -> labels.matches(item) && fields.test(item), selective);
    String resourceVersion = Long.toString(chunk.resourceVersion());
    List<ObjectNode> items = chunk.items().stream().map(Responses::clean).toList();
    ObjectNode body;
    if (TableConverter.wantsTable(request.accept())) {
      body = TableConverter.table(type, items, resourceVersion, request.param("includeObject"));
    } else {
      body = Json.object().put("apiVersion", type.groupVersion()).put("kind", type.listKind());
      body.putObject("metadata").put("resourceVersion", resourceVersion);
      ArrayNode array = body.putArray("items");
      items.forEach(array::add);
    }
    ObjectNode metadata = (ObjectNode) body.get("metadata");
    if (chunk.continueToken() != null) {
      metadata.put("continue", chunk.continueToken());
    }
    if (chunk.remainingItemCount() != null) {
      metadata.put("remainingItemCount", chunk.remainingItemCount());
    }
    return Responses.json(200, body);
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }

  private static List<ObjectNode> filter(ApiRequest request, List<ObjectNode> items) {
    LabelSelector labels = LabelSelector.parse(request.param("labelSelector"));
    FieldSelector fields = FieldSelector.parse(request.param("fieldSelector"));
    List<ObjectNode> selected = new ArrayList<>();
    for (ObjectNode item : items) {
      if (labels.matches(item) && fields.test(item)) {
        selected.add(Responses.clean(item));
      }
    }
    return selected;
  }

  private ObjectNode existing(ResourceType type, ResourcePath path) {
    return store.get(path.withoutSubresource().objectPath()).map(Responses::clean)
        .orElseThrow(() -> ApiException.notFound(type.group(), type.plural(), path.name()));
  }

  // ---- writes

  private MockResponse create(ApiRequest request, ResourceType type, ResourcePath path) {
    if (path.name() != null) {
      throw ApiException.methodNotAllowed("the server does not allow this method on the requested resource");
    }
    ObjectNode object = bodyObject(request);
    checkKind(type, object);
    ObjectNode metadata = Json.objectAt(object, "metadata");
    if (type.namespaced()) {
      String namespace = metadata.path("namespace").asText("");
      if (!namespace.isEmpty() && !namespace.equals(path.namespace())) {
        throw ApiException.badRequest("the namespace of the provided object does not match the namespace sent on "
            + "the request");
      }
      metadata.put("namespace", path.namespace());
    } else {
      metadata.remove("namespace");
    }
    if (metadata.path("name").asText("").isEmpty()) {
      String generateName = metadata.path("generateName").asText("");
      if (generateName.isEmpty()) {
        throw ApiException.invalid(type.group(), type.kind(), "",
            List.of(FieldError.required("metadata.name")));
      }
      metadata.put("name", generateName + randomSuffix());
    }
    String name = metadata.path("name").asText();
    Lock lock = locks.lock(Store.key(path.withName(name)));
    try {
      if (store.get(path.withName(name).objectPath()).isPresent()) {
        throw alreadyExists(type, name);
      }
      ObjectNode admitted = admission.admit(new AdmissionRequest(Operation.CREATE, type, path.namespace(), name,
          null, object, null, request.user(), request.strictFields(), request.dryRun()));
      if (request.dryRun()) {
        ObjectNode dry = admitted.deepCopy();
        ObjectNode meta = Json.objectAt(dry, "metadata");
        meta.put("uid", UUID.randomUUID().toString());
        meta.put("creationTimestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        meta.put("generation", 1);
        return Responses.json(201, dry);
      }
      checkSize(admitted);
      try {
        return Responses.json(201, Responses.clean(store.objects().create(Store.key(path.withName(name)), admitted)));
      } catch (StoreConflict e) {
        throw alreadyExists(type, name);
      }
    } finally {
      lock.unlock();
    }
  }

  private MockResponse update(ApiRequest request, ResourceType type, ResourcePath path) {
    ObjectNode body = bodyObject(request);
    checkKind(type, body);
    Lock lock = locks.lock(Store.key(path.withoutSubresource()));
    try {
      ObjectNode current = existing(type, path);
      if ("scale".equals(path.subresource())) {
        return scaled(request, type, path, current, body);
      }
      return write(request, type, path, current, body);
    } finally {
      lock.unlock();
    }
  }

  private MockResponse patch(ApiRequest request, ResourceType type, ResourcePath path) {
    if (request.contentType().contains("protobuf")) {
      throw protobuf();
    }
    if (request.contentType().startsWith("application/apply-patch")) {
      throw ApiException.unsupportedMediaType("server-side apply is not supported by the embedded API; "
          + "use client-side 'kubectl apply' (the default, without --server-side)");
    }
    Lock lock = locks.lock(Store.key(path.withoutSubresource()));
    try {
      ObjectNode current = existing(type, path);
      if ("scale".equals(path.subresource())) {
        JsonNode scale = Patches.apply(request.contentType(), ScaleSubresource.view(current), request.body(), false);
        return scaled(request, type, path, current, scale);
      }
      JsonNode patched = Patches.apply(request.contentType(), current, request.body(), type.custom());
      if (!(patched instanceof ObjectNode object)) {
        throw ApiException.badRequest("the patch does not produce an object");
      }
      return write(request, type, path, current, object);
    } finally {
      lock.unlock();
    }
  }

  private MockResponse scaled(ApiRequest request, ResourceType type, ResourcePath path, ObjectNode current,
      JsonNode scale) {
    MockResponse written = write(request, type, path.withoutSubresource(), current,
        ScaleSubresource.apply(current, scale));
    if (written.code() >= 300) {
      return written;
    }
    return Responses.json(200, ScaleSubresource.view((ObjectNode) Json.parse(written.getBody().getBytes())));
  }

  /** The common tail of PUT and PATCH: subresource rules, admission, then a PUT to the store. */
  private MockResponse write(ApiRequest request, ResourceType type, ResourcePath path, ObjectNode current,
      ObjectNode proposed) {
    boolean statusWrite = "status".equals(path.subresource());
    ObjectNode next;
    if (statusWrite) {
      next = current.deepCopy();
      if (proposed.has("status")) {
        next.set("status", proposed.get("status"));
      } else {
        next.remove("status");
      }
      String rv = proposed.path("metadata").path("resourceVersion").asText("");
      if (!rv.isEmpty()) {
        Json.objectAt(next, "metadata").put("resourceVersion", rv);
      }
    } else {
      next = proposed;
      if (type.hasStatus()) {
        if (current.has("status")) {
          next.set("status", current.get("status").deepCopy());
        } else {
          next.remove("status");
        }
      }
    }
    ObjectNode metadata = Json.objectAt(next, "metadata");
    String name = metadata.path("name").asText("");
    if (!name.isEmpty() && !name.equals(path.name())) {
      throw ApiException.badRequest("the name of the object (" + name + ") does not match the name on the URL ("
          + path.name() + ")");
    }
    metadata.put("name", path.name());
    if (type.namespaced()) {
      metadata.put("namespace", path.namespace());
    } else {
      metadata.remove("namespace");
    }
    for (String kept : List.of("uid", "creationTimestamp")) {
      if (current.path("metadata").has(kept)) {
        metadata.set(kept, current.path("metadata").get(kept));
      }
    }
    ObjectNode admitted = admission.admit(new AdmissionRequest(Operation.UPDATE, type, path.namespace(),
        path.name(), path.subresource(), next, current, request.user(), request.strictFields(), request.dryRun()));
    if (request.dryRun()) {
      return Responses.json(200, admitted);
    }
    checkSize(admitted);
    try {
      return Responses.json(200, Responses.clean(store.objects().update(Store.key(path.withoutSubresource()), admitted)));
    } catch (StoreConflict e) {
      if (e.kind() == StoreConflict.Kind.NOT_FOUND) {
        throw ApiException.notFound(type.group(), type.plural(), path.name());
      }
      throw new ApiException(409, "Conflict", "Operation cannot be fulfilled on " + type.qualifiedPlural() + " \""
          + path.name() + "\": the object has been modified; please apply your changes to the latest version and "
          + "try again", Json.object().put("name", path.name()).put("group", type.group()).put("kind", type.plural()));
    }
  }

  private MockResponse delete(ApiRequest request, ResourceType type, ResourcePath path) {
    String finalizer = DeletePropagation.finalizer(request, type);
    Lock lock = locks.lock(Store.key(path));
    try {
      ObjectNode current = existing(type, path);
      admission.admit(new AdmissionRequest(Operation.DELETE, type, path.namespace(), path.name(), null, null,
          current, request.user(), false, request.dryRun()));
      if (request.dryRun()) {
        return Responses.json(200, current);
      }
      ObjectNode deleted;
      try {
        deleted = store.objects().delete(Store.key(path), finalizer);
      } catch (StoreConflict e) {
        throw ApiException.notFound(type.group(), type.plural(), path.name());
      }
      return Responses.json(200, Responses.clean(store.get(path.objectPath()).orElse(deleted)));
    } finally {
      lock.unlock();
    }
  }

  private MockResponse deleteCollection(ApiRequest request, ResourceType type, ResourcePath path) {
    List<ObjectNode> deleted = new ArrayList<>();
    for (ObjectNode item : filter(request, store.list(path.collectionPath()).items())) {
      ResourcePath itemPath = new ResourcePath(type.group(), type.version(),
          item.path("metadata").path("namespace").asText(null), type.plural(),
          item.path("metadata").path("name").asText(), null);
      delete(request, type, itemPath);
      deleted.add(item);
    }
    ObjectNode list = Json.object().put("apiVersion", type.groupVersion()).put("kind", type.listKind());
    list.putObject("metadata");
    ArrayNode array = list.putArray("items");
    deleted.forEach(array::add);
    return Responses.json(200, list);
  }

  // ---- helpers

  /** etcd's default request limit (--max-request-bytes): kube-apiserver passes etcd's refusal on as a 500. */
  private static final int ETCD_MAX_REQUEST_BYTES = 1_572_864;

  private static void checkSize(ObjectNode object) {
    if (Json.write(object).length() > ETCD_MAX_REQUEST_BYTES) {
      throw new ApiException(500, "", "etcdserver: request is too large", null);
    }
  }

  private static ApiException alreadyExists(ResourceType type, String name) {
    return new ApiException(409, "AlreadyExists", type.qualifiedPlural() + " \"" + name + "\" already exists",
        Json.object().put("name", name).put("group", type.group()).put("kind", type.plural()));
  }

  private static void checkKind(ResourceType type, ObjectNode object) {
    String kind = object.path("kind").asText("");
    String apiVersion = object.path("apiVersion").asText("");
    if (kind.isEmpty()) {
      object.put("kind", type.kind());
    } else if (!kind.equals(type.kind())) {
      throw ApiException.badRequest("the kind of the object (" + kind + ") does not match the resource "
          + type.qualifiedPlural() + " (" + type.kind() + ")");
    }
    if (apiVersion.isEmpty()) {
      object.put("apiVersion", type.groupVersion());
    } else if (!apiVersion.equals(type.groupVersion())) {
      throw ApiException.badRequest("the API version in the data (" + apiVersion + ") does not match the expected "
          + "API version (" + type.groupVersion() + ")");
    }
  }

  /** The request body as JSON; kubectl's protobuf bodies are decoded where the embedded API can. */
  static ObjectNode bodyObject(ApiRequest request) {
    String contentType = request.contentType();
    if (ProtobufBodies.isProtobuf(contentType)) {
      return ProtobufBodies.decode(request.body());
    }
    if (contentType.contains("yaml")) {
      throw ApiException.unsupportedMediaType("the embedded API accepts JSON request bodies only");
    }
    return Json.parseObject(request.body());
  }

  static ApiException protobuf() {
    return ApiException.unsupportedMediaType("the embedded API does not decode protobuf patches; "
        + "send the patch as JSON");
  }

  private String randomSuffix() {
    StringBuilder suffix = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      suffix.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
    }
    return suffix.toString();
  }
}
