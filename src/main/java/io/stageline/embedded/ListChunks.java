package io.stageline.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stageline.embedded.store.ObjectStore;
import io.stageline.embedded.store.TooOldResourceVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;

/**
 * {@code limit} and {@code continue} on lists, as kube-apiserver serves them from etcd: items in
 * key order (namespace, name); a chunk ends after {@code limit} selected items, and when more
 * objects follow it carries a {@code continue} token naming the list's resource version and the
 * key to resume after, so every chunk is read from the same consistent state. Without selectors
 * it also says how many objects remain ({@code remainingItemCount}). A token whose version is
 * older than the retained history gets 410 {@code Expired} with a token to continue
 * inconsistently from the newest state, as after an etcd compaction. The token has the server's
 * format (base64 of {@code {"v":"meta.k8s.io/v1","rv":N,"start":"KEY\0"}}) but is opaque to clients.
 */
final class ListChunks {
  private static final String TOKEN_VERSION = "meta.k8s.io/v1";

  /** One chunk: its items, the version of the state they come from, the continuation (or null). */
  record Chunk(List<ObjectNode> items, long resourceVersion, String continueToken, Long remainingItemCount) {}

  private ListChunks() {}

  static Chunk list(ObjectStore store, ApiRequest request, String resource, String namespace,
      Predicate<ObjectNode> selector, boolean selective) {
    long limit = limit(request.param("limit"));
    String given = request.param("continue");
    ObjectStore.Snapshot snapshot;
    String start = "";
    if (given == null || given.isEmpty()) {
      snapshot = ResourceVersions.list(store, request, resource, namespace);
    } else {
      String resourceVersion = request.param("resourceVersion");
      if (resourceVersion != null && !resourceVersion.isEmpty() && !resourceVersion.equals("0")) {
        throw ApiException.badRequest("specifying resource version is not allowed when using continue");
      }
      Token token = Token.decode(given);
      start = token.start();
      snapshot = at(store, resource, namespace, token);
    }
    List<ObjectNode> items = new ArrayList<>();
    List<ObjectNode> all = snapshot.items();
    int next = 0;
    while (next < all.size() && key(all.get(next)).compareTo(start) < 0) {
      next++;
    }
    String last = null;
    for (; next < all.size() && (limit <= 0 || items.size() < limit); next++) {
      ObjectNode item = all.get(next);
      last = key(item);
      if (selector.test(item)) {
        items.add(item);
      }
    }
    if (next >= all.size()) {
      return new Chunk(items, snapshot.resourceVersion(), null, null);
    }
    String token = new Token(snapshot.resourceVersion(), last + "\0").encode();
    return new Chunk(items, snapshot.resourceVersion(), token, selective ? null : (long) (all.size() - next));
  }

  private static ObjectStore.Snapshot at(ObjectStore store, String resource, String namespace, Token token) {
    if (token.resourceVersion() < 0) {
      return store.list(resource, namespace);
    }
    if (token.resourceVersion() > store.resourceVersion()) {
      throw ApiException.badRequest("invalid continue token: the resource version " + token.resourceVersion()
          + " is newer than the store's");
    }
    try {
      return store.listAt(resource, namespace, token.resourceVersion());
    } catch (TooOldResourceVersion e) {
      ApiException expired = new ApiException(410, "Expired", "The provided continue parameter is too old to "
          + "display a consistent list result. You can start a new list without the continue parameter, or use "
          + "the continue token in this response to retrieve the remainder of the results. Continuing with the "
          + "provided token results in an inconsistent list - objects that were created, modified, or deleted "
          + "between the time the first chunk was returned and now may show up in the list.", null);
      expired.metadata(Json.object().put("continue", new Token(-1, token.start()).encode()));
      throw expired;
    }
  }

  private static long limit(String value) {
    if (value == null || value.isEmpty()) {
      return 0;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("limit: invalid value \"" + value + "\": not an integer");
    }
  }

  /** The index key of a listed object: namespace, slash, name (cluster-scoped: empty namespace). */
  private static String key(ObjectNode object) {
    JsonNode metadata = object.path("metadata");
    return metadata.path("namespace").asText("") + "/" + metadata.path("name").asText();
  }

  private record Token(long resourceVersion, String start) {
    String encode() {
      ObjectNode json = Json.object().put("v", TOKEN_VERSION).put("rv", resourceVersion).put("start", start);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.write(json).getBytes(StandardCharsets.UTF_8));
    }

    static Token decode(String token) {
      JsonNode json;
      try {
        json = Json.parse(Base64.getUrlDecoder().decode(token));
      } catch (RuntimeException e) {
        throw ApiException.badRequest("invalid continue token: " + e.getMessage());
      }
      if (!TOKEN_VERSION.equals(json.path("v").asText()) || !json.path("rv").canConvertToLong()
          || !json.path("start").isTextual() || json.path("start").asText().isEmpty()) {
        throw ApiException.badRequest("invalid continue token: the token is not one this server issued");
      }
      return new Token(json.path("rv").asLong(), json.path("start").asText());
    }
  }
}
