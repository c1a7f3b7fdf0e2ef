package io.stageline.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The object store: the fabric8 mock's CRUD dispatcher, addressed by plain URLs. Everything the
 * embedded API adds (admission, patches, selectors) happens before a request reaches it.
 */
public final class Store {
  private final Dispatcher crud;

  public Store(Dispatcher crud) {
    this.crud = crud;
  }

  public Dispatcher dispatcher() {
    return crud;
  }

  public Optional<ObjectNode> get(String objectPath) {
    MockResponse response = send(HttpMethod.GET, objectPath, null, null);
    if (response.code() != 200) {
      return Optional.empty();
    }
    JsonNode node = body(response);
    return node instanceof ObjectNode object && object.has("metadata") ? Optional.of(object) : Optional.empty();
  }

  /** The objects of a collection URL, in insertion order, plus the store's resource version. */
  public Listing list(String collectionPath) {
    MockResponse response = send(HttpMethod.GET, collectionPath, null, null);
    JsonNode node = body(response);
    List<ObjectNode> items = new ArrayList<>();
    for (JsonNode item : node.path("items")) {
      if (item instanceof ObjectNode object && item.has("metadata") && item.has("kind")) {
        items.add(object);
      }
    }
    String resourceVersion = node.path("metadata").path("resourceVersion").asText("0");
    return new Listing(items, resourceVersion.isEmpty() ? "0" : resourceVersion);
  }

  public record Listing(List<ObjectNode> items, String resourceVersion) {}

  public MockResponse create(String collectionPath, JsonNode body) {
    return send(HttpMethod.POST, collectionPath, body, "application/json");
  }

  public MockResponse update(String objectPath, JsonNode body) {
    return send(HttpMethod.PUT, objectPath, body, "application/json");
  }

  public MockResponse delete(String objectPath) {
    return send(HttpMethod.DELETE, objectPath, null, null);
  }

  /** Forwards a request unchanged (watches over WebSocket, reads the embedded API does not alter). */
  public MockResponse forward(RecordedRequest request) {
    return crud.dispatch(request);
  }

  private MockResponse send(HttpMethod method, String path, JsonNode body, String contentType) {
    Headers.Builder headers = Headers.builder();
    if (contentType != null) {
      headers.add("Content-Type", contentType);
    }
    Buffer buffer = new Buffer(body == null ? new byte[0] : Json.write(body).getBytes(StandardCharsets.UTF_8));
    return crud.dispatch(new RecordedRequest("HTTP/1.1", method, path, headers.build(), buffer));
  }

  public static JsonNode body(MockResponse response) {
    if (response.getBody() == null || response.getBody().size() == 0) {
      return Json.object();
    }
    try {
      return Json.MAPPER.readTree(response.getBody().getBytes());
    } catch (java.io.IOException e) {
      return Json.object();
    }
  }
}
