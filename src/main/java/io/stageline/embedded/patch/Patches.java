package io.stageline.embedded.patch;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.zjsonpatch.CompatibilityFlags;
import io.fabric8.zjsonpatch.JsonPatch;
import io.stageline.embedded.ApiException;
import io.stageline.embedded.Json;

/** Applies a PATCH body to the current object according to its content type. */
public final class Patches {
  private Patches() {}

  public static JsonNode apply(String contentType, JsonNode current, byte[] body, boolean customResource) {
    if (contentType.startsWith("application/apply-patch")) {
      throw ApiException.unsupportedMediaType("server-side apply is not supported by the embedded API; "
          + "use client-side 'kubectl apply' (the default) or '--server-side=false'");
    }
    JsonNode patch = Json.parse(body);
    if (contentType.startsWith("application/json-patch+json")) {
      try {
        // as kube-apiserver (evanphx/json-patch): removing a path that does not exist is an error
        java.util.EnumSet<CompatibilityFlags> flags = CompatibilityFlags.defaults();
        flags.add(CompatibilityFlags.FORBID_REMOVE_MISSING_OBJECT);
        return JsonPatch.apply(patch, current, flags);
      } catch (RuntimeException e) {
        throw new ApiException(422, "Invalid", "the JSON patch cannot be applied: " + e.getMessage(), null);
      }
    }
    if (contentType.startsWith("application/merge-patch+json")) {
      return MergePatch.apply(current, patch);
    }
    if (contentType.startsWith("application/strategic-merge-patch+json")) {
      if (customResource) {
        throw ApiException.unsupportedMediaType("the body of the request was in an unknown format - accepted "
            + "media types include: application/json-patch+json, application/merge-patch+json, "
            + "application/apply-patch+yaml");
      }
      return StrategicMergePatch.apply(current, patch);
    }
    throw ApiException.unsupportedMediaType("the body of the request was in an unknown format ("
        + contentType + ") - accepted media types include: application/json-patch+json, "
        + "application/merge-patch+json, application/strategic-merge-patch+json");
  }
}
