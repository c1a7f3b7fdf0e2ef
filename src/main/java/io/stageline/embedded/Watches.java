package io.stageline.embedded;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stageline.embedded.discovery.ResourceType;
import io.stageline.embedded.selector.FieldSelector;
import io.stageline.embedded.selector.LabelSelector;
import io.stageline.embedded.server.WatchResponse;
import io.stageline.embedded.store.ObjectStore;
import io.stageline.embedded.store.StoreWatch;
import io.stageline.embedded.store.TooOldResourceVersion;
import io.stageline.embedded.store.WatchListener;
import io.stageline.embedded.table.TableConverter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * Watch requests ({@code ?watch=true} or {@code watch=1}), served from the store's event log as
 * kube-apiserver serves them: without a resource version (or {@code 0}) the current objects as
 * ADDED first, with one the changes after it, or a 410 {@code Expired} ERROR event when the
 * history no longer reaches back; label and field selectors (and a name in the path) filter,
 * objects leaving the selection are DELETED; {@code allowWatchBookmarks} adds BOOKMARKs,
 * {@code sendInitialEvents=true} ends the initial objects with the {@code initial-events-end}
 * bookmark; {@code timeoutSeconds} ends the watch; Table events for {@code kubectl get -w}.
 */
final class Watches {
  private final ObjectStore store;

  Watches(ObjectStore store) {
    this.store = store;
  }

  WatchResponse open(ApiRequest request, ResourceType type, ResourcePath path) {
    LabelSelector labels = LabelSelector.parse(request.param("labelSelector"));
    FieldSelector fields = FieldSelector.parse(request.param("fieldSelector"));
    String name = path.name();
    Predicate<ObjectNode> filter = object -> labels.matches(object) && fields.test(object)
        && (name == null || name.equals(object.path("metadata").path("name").asText()));
    boolean initialEvents = request.isTrue("sendInitialEvents");
    Long from = initialEvents ? null : fromVersion(request.param("resourceVersion"));
    boolean table = TableConverter.wantsTable(request.accept());
    String includeObject = request.param("includeObject");
    String resource = Store.resource(path);
    boolean bookmarks = request.isTrue("allowWatchBookmarks");
    return new WatchResponse(sink -> {
      WatchListener listener = new WatchListener() {
        @Override
        public boolean onEvent(String eventType, ObjectNode object) {
          ObjectNode shown = eventType.equals("BOOKMARK") || !table
              ? Responses.clean(object.deepCopy())
              : TableConverter.table(type, List.of(Responses.clean(object.deepCopy())),
                  object.path("metadata").path("resourceVersion").asText(), includeObject);
          ObjectNode event = Json.object().put("type", eventType);
          event.set("object", shown);
          return sink.send(Json.write(event));
        }

        @Override
        public void onClosed() {
          sink.end();
        }
      };
      try {
        StoreWatch watch = store.watch(resource, path.namespace(), filter, from, listener);
        if (initialEvents) {
          watch.bookmark(version -> bookmark(type, version, true));
        }
        return new WatchResponse.Stream() {
          @Override
          public void bookmark() {
            watch.bookmark(version -> Watches.bookmark(type, version, false));
          }

          @Override
          public void close() {
            watch.close();
          }
        };
      } catch (TooOldResourceVersion e) {
        ObjectNode event = Json.object().put("type", "ERROR");
        event.set("object", new ApiException(410, "Expired", e.getMessage(), null).toStatus());
        sink.send(Json.write(event));
        sink.end();
        return new WatchResponse.Stream() {
          @Override
          public void bookmark() {
            // nothing is watched
          }

          @Override
          public void close() {
            // nothing is watched
          }
        };
      }
    }, timeout(request), bookmarks);
  }

  static ObjectNode bookmark(ResourceType type, long resourceVersion, boolean initialEventsEnd) {
    ObjectNode object = Json.object().put("kind", type.kind()).put("apiVersion", type.groupVersion());
    ObjectNode metadata = object.putObject("metadata").put("resourceVersion", Long.toString(resourceVersion));
    if (initialEventsEnd) {
      metadata.putObject("annotations").put("k8s.io/initial-events-end", "true");
    }
    return object;
  }

  /** Null (send the current objects first) for none or {@code 0}, as kube-apiserver does. */
  private static Long fromVersion(String resourceVersion) {
    long version = ResourceVersions.parse(resourceVersion);
    return version == 0 ? null : version;
  }

  /** {@code timeoutSeconds}, else a random 30 to 60 minutes, as kube-apiserver spreads its watch timeouts. */
  private static Duration timeout(ApiRequest request) {
    String seconds = request.param("timeoutSeconds");
    if (seconds != null && !seconds.isBlank()) {
      try {
        return Duration.ofSeconds(Math.max(0, Long.parseLong(seconds.trim())));
      } catch (NumberFormatException e) {
        throw ApiException.badRequest("invalid timeoutSeconds \"" + seconds + "\"");
      }
    }
    return Duration.ofMinutes(30).plusSeconds(ThreadLocalRandom.current().nextLong(1800));
  }
}
