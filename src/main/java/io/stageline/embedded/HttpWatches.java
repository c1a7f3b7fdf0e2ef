package io.stageline.embedded;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import io.stageline.embedded.discovery.ResourceType;
import java.time.Duration;
import java.util.List;

/**
 * Watches over plain HTTP (the mock streams watch events over WebSocket only). A reflector's
 * watch ({@code allowWatchBookmarks=true}: {@code kubectl wait}, {@code kubectl delete}'s wait,
 * client-go informers) gets the changes since its resource version and then a closed stream after
 * a second, so it re-lists and re-watches: polling that is correct, only slower than a stream. A
 * plain watch ({@code kubectl get -w}) cannot be served that way and gets a clear error at once.
 */
final class HttpWatches {
  private static final Duration POLL = Duration.ofSeconds(2);
  MockResponse watch(ApiRequest request, ResourceType type, ResourcePath path, List<ObjectNode> selected) {
    if (!request.flag("allowWatchBookmarks")) {
      throw ApiException.methodNotAllowed("the embedded API streams watches over WebSocket only; "
          + "'kubectl get -w' is not supported (use 'kubectl get' again, or 'kubectl wait')");
    }
    long since = parse(request.param("resourceVersion"));
    StringBuilder events = new StringBuilder();
    for (ObjectNode item : selected) {
      long version = parse(item.path("metadata").path("resourceVersion").asText());
      if (since == 0 || version > since) {
        ObjectNode event = Json.object().put("type", since == 0 ? "ADDED" : "MODIFIED");
        event.set("object", item);
        events.append(Json.write(event)).append('\n');
      }
    }
    return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
        .setBody(events.toString()).setBodyDelay(POLL);
  }

  private static long parse(String resourceVersion) {
    try {
      return resourceVersion == null || resourceVersion.isEmpty() ? 0 : Long.parseLong(resourceVersion);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
