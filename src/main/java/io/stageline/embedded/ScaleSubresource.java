package io.stageline.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code scale} subresource of Deployments, StatefulSets and ReplicaSets: an
 * {@code autoscaling/v1 Scale} view of {@code spec.replicas}, as {@code kubectl scale} reads and
 * writes it.
 */
final class ScaleSubresource {
  private ScaleSubresource() {}

  static ObjectNode view(ObjectNode object) {
    ObjectNode scale = Json.object().put("apiVersion", "autoscaling/v1").put("kind", "Scale");
    ObjectNode metadata = scale.putObject("metadata");
    for (String field : List.of("name", "namespace", "uid", "resourceVersion", "creationTimestamp")) {
      if (object.path("metadata").has(field)) {
        metadata.set(field, object.path("metadata").get(field));
      }
    }
    scale.putObject("spec").put("replicas", object.path("spec").path("replicas").asInt(1));
    ObjectNode status = scale.putObject("status").put("replicas", object.path("status").path("replicas").asInt(0));
    List<String> selector = new ArrayList<>();
    object.path("spec").path("selector").path("matchLabels").fields()
        .forEachRemaining(e -> selector.add(e.getKey() + "=" + e.getValue().asText()));
    status.put("selector", String.join(",", selector));
    return scale;
  }

  /** The object with the replicas of a written Scale. */
  static ObjectNode apply(ObjectNode object, JsonNode scale) {
    ObjectNode next = object.deepCopy();
    if (scale.path("spec").has("replicas")) {
      Json.objectAt(next, "spec").set("replicas", scale.path("spec").get("replicas"));
    }
    String rv = scale.path("metadata").path("resourceVersion").asText("");
    if (!rv.isEmpty()) {
      Json.objectAt(next, "metadata").put("resourceVersion", rv);
    }
    return next;
  }
}
