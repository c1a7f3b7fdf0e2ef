package io.stageline.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import io.stageline.embedded.discovery.ResourceType;

/**
 * The propagation policy of a delete, from the {@code DeleteOptions} body or the query
 * ({@code propagationPolicy}, the deprecated {@code orphanDependents}), as kube-apiserver reads it,
 * and the garbage collector's finalizer it adds for it: {@code foregroundDeletion} for
 * {@code Foreground}, {@code orphan} for {@code Orphan}, none for {@code Background} (the default).
 */
final class DeletePropagation {
  private DeletePropagation() {}

  /** The finalizer to add, or null. Namespaces have their own deletion (the namespace controller). */
  static String finalizer(ApiRequest request, ResourceType type) {
    JsonNode options = options(request);
    String policy = text(options.path("propagationPolicy"), request.param("propagationPolicy"));
    String orphanDependents = text(options.path("orphanDependents"), request.param("orphanDependents"));
    if (policy != null && orphanDependents != null) {
      throw invalid("orphanDependents: Invalid value: " + orphanDependents
          + ": orphanDependents and deletionPropagation cannot be both set", "orphanDependents");
    }
    if (policy == null && orphanDependents != null) {
      policy = Boolean.parseBoolean(orphanDependents) ? "Orphan" : "Background";
    }
    if (policy == null || (type.kind().equals("Namespace") && type.group().isEmpty())) {
      return null;
    }
    return switch (policy) {
      case "Foreground" -> "foregroundDeletion";
      case "Orphan" -> "orphan";
      case "Background" -> null;
      default -> throw invalid("propagationPolicy: Unsupported value: \"" + policy
          + "\": supported values: \"Foreground\", \"Background\", \"Orphan\"", "propagationPolicy");
    };
  }

  private static JsonNode options(ApiRequest request) {
    if (request.body().length == 0 || !request.contentType().contains("json")) {
      return Json.object();
    }
    return Json.parse(request.body());
  }

  private static String text(JsonNode fromBody, String fromQuery) {
    if (fromBody != null && !fromBody.isMissingNode() && !fromBody.isNull()) {
      return fromBody.asText();
    }
    return fromQuery == null || fromQuery.isEmpty() ? null : fromQuery;
  }

  private static ApiException invalid(String message, String field) {
    var details = Json.object().put("name", "").put("group", "meta.k8s.io").put("kind", "DeleteOptions");
    details.putArray("causes").addObject().put("reason", "FieldValueInvalid").put("message", message)
        .put("field", field);
    return new ApiException(422, "Invalid", "DeleteOptions.meta.k8s.io \"\" is invalid: " + message, details);
  }
}
