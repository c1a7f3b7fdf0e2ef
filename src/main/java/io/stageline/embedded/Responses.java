package io.stageline.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;

/** Builds HTTP answers: always a JSON content type, since typed clients rely on it. */
public final class Responses {
  private Responses() {}

  public static MockResponse json(int code, JsonNode body) {
    return json(code, body, "application/json");
  }

  public static MockResponse json(int code, JsonNode body, String contentType) {
    return new MockResponse().setResponseCode(code).setHeader("Content-Type", contentType)
        .setHeader("Cache-Control", "no-cache, private").setBody(Json.write(body));
  }

  public static MockResponse error(ApiException e) {
    return json(e.code(), e.toStatus());
  }

  /**
   * Re-reads a store answer. An empty body after a successful write means the store removed the
   * object (its last finalizer went while it was being deleted); kube-apiserver then answers
   * with the final object, which {@code fallback} is.
   */
  public static MockResponse fromStore(MockResponse stored, ObjectNode fallback) {
    int code = stored.code();
    JsonNode body = Store.body(stored);
    if (code < 300) {
      if (body instanceof ObjectNode object && object.has("metadata")) {
        return json(code == 202 ? 200 : code, clean(object));
      }
      return json(200, fallback == null ? body : fallback);
    }
    if (body instanceof ObjectNode status && "Status".equals(status.path("kind").asText())) {
      return json(code, status);
    }
    String reason = switch (code) {
      case 404 -> "NotFound";
      case 409 -> "Conflict";
      default -> "BadRequest";
    };
    return error(new ApiException(code, reason, "the store refused the request (" + code + ")", null));
  }

  /** Drops what the mock store leaves behind and kube-apiserver never shows: null namespace, null status. */
  public static ObjectNode clean(ObjectNode object) {
    if (object.path("metadata") instanceof ObjectNode metadata && metadata.has("namespace")
        && metadata.get("namespace").isNull()) {
      metadata.remove("namespace");
    }
    if (object.has("status") && object.get("status").isNull()) {
      object.remove("status");
    }
    return object;
  }
}
