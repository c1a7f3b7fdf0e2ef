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

  /** Drops what kube-apiserver never shows: a null namespace, a null status. */
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
