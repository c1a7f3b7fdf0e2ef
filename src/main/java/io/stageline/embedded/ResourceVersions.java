package io.stageline.embedded;

import io.stageline.embedded.store.ObjectStore;
import io.stageline.embedded.store.TooOldResourceVersion;

/**
 * {@code resourceVersion} and {@code resourceVersionMatch} on lists, as kube-apiserver reads
 * them: none or {@code 0} is the newest state; {@code NotOlderThan} (the default with a version)
 * the newest state, or a 504 for a version the store has not reached; {@code Exact} the state at
 * exactly that version, or 410 {@code Expired} when the history no longer reaches back.
 */
final class ResourceVersions {
  private ResourceVersions() {}

  static long parse(String resourceVersion) {
    if (resourceVersion == null || resourceVersion.isEmpty()) {
      return 0;
    }
    try {
      long version = Long.parseLong(resourceVersion);
      if (version < 0) {
        throw new NumberFormatException();
      }
      return version;
    } catch (NumberFormatException e) {
      throw new ApiException(400, "BadRequest", "invalid resource version \"" + resourceVersion + "\"", null);
    }
  }

  static ObjectStore.Snapshot list(ObjectStore store, ApiRequest request, String resource, String namespace) {
    String given = request.param("resourceVersion");
    String match = request.param("resourceVersionMatch");
    long version = parse(given);
    if (match != null && !match.isEmpty()) {
      if (given == null || given.isEmpty()) {
        throw invalid("resourceVersionMatch is forbidden unless resourceVersion is provided");
      }
      if (!match.equals("Exact") && !match.equals("NotOlderThan")) {
        throw invalid("resourceVersionMatch: Unsupported value: \"" + match
            + "\": supported values: \"Exact\", \"NotOlderThan\"");
      }
      if (match.equals("Exact") && version == 0) {
        throw invalid("resourceVersionMatch \"Exact\" is forbidden for resourceVersion \"0\"");
      }
    }
    long current = store.resourceVersion();
    if (version > current) {
      throw new ApiException(504, "Timeout", "Too large resource version: " + version + ", current: " + current,
          Json.object().put("retryAfterSeconds", 1));
    }
    if ("Exact".equals(match)) {
      try {
        return store.listAt(resource, namespace, version);
      } catch (TooOldResourceVersion e) {
        throw new ApiException(410, "Expired", "The resourceVersion for the provided list is too old.", null);
      }
    }
    return store.list(resource, namespace);
  }

  private static ApiException invalid(String message) {
    return new ApiException(422, "Invalid", message, null);
  }
}
