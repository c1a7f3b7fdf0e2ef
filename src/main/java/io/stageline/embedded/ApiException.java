package io.stageline.embedded;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** An API error answered as a Kubernetes {@code Status}, as kube-apiserver would. */
public class ApiException extends RuntimeException {
  private final int code;
  private final String reason;
  private final ObjectNode details;
  private ObjectNode metadata;

  public ApiException(int code, String reason, String message, ObjectNode details) {
    super(message);
    this.code = code;
    this.reason = reason;
    this.details = details;
  }

  public static ApiException badRequest(String message) {
    return new ApiException(400, "BadRequest", message, null);
  }

  public static ApiException notFound(String message) {
    return new ApiException(404, "NotFound", message, null);
  }

  public static ApiException notFound(String group, String plural, String name) {
    ObjectNode details = Json.object().put("name", name).put("group", group).put("kind", plural);
    String resource = group.isEmpty() ? plural : plural + "." + group;
    return new ApiException(404, "NotFound", resource + " \"" + name + "\" not found", details);
  }

  public static ApiException unsupportedMediaType(String message) {
    return new ApiException(415, "UnsupportedMediaType", message, null);
  }

  public static ApiException methodNotAllowed(String message) {
    return new ApiException(405, "MethodNotAllowed", message, null);
  }

  public static ApiException forbidden(String message) {
    return new ApiException(403, "Forbidden", message, null);
  }

  /** A 422 {@code Invalid} with one cause per field error, as kube-apiserver reports validation. */
  public static ApiException invalid(String group, String kind, String name, List<FieldError> errors) {
    ObjectNode details = Json.object().put("name", name).put("group", group).put("kind", kind);
    var causes = details.putArray("causes");
    for (FieldError error : errors) {
      causes.addObject().put("reason", error.type()).put("message", error.summary()).put("field", error.field());
    }
    String summary = String.join(", ", errors.stream().map(FieldError::toString).toList());
    String message = kind + (group.isEmpty() ? "" : "." + group) + " \"" + name + "\" is invalid: "
        + (errors.size() == 1 ? summary : "[" + summary + "]");
    return new ApiException(422, "Invalid", message, details);
  }

  /** List metadata the Status carries (an expired list's inconsistent {@code continue}). */
  ApiException metadata(ObjectNode metadata) {
    this.metadata = metadata;
    return this;
  }

  public int code() {
    return code;
  }

  public String reason() {
    return reason;
  }

  /** The {@code Status} body. */
  public ObjectNode toStatus() {
    ObjectNode status = Json.object();
    status.put("kind", "Status").put("apiVersion", "v1");
    status.set("metadata", metadata == null ? Json.object() : metadata.deepCopy());
    status.put("status", "Failure").put("message", getMessage());
    if (!reason.isEmpty()) {
      status.put("reason", reason);
    }
    if (details != null) {
      status.set("details", details);
    }
    status.put("code", code);
    return status;
  }
}
