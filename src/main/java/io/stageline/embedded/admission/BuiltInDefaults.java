package io.stageline.embedded.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stageline.embedded.ApiException;
import io.stageline.embedded.defaults.Quantities;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * What kube-apiserver does to built-in objects on decode, before admission proper: quantities are
 * stored in canonical form (ResourceQuota, LimitRange, container resources of Pods and pod templates) and
 * LimitRange items of type Container get their defaults ({@code SetDefaults_LimitRangeItem}: per
 * resource, {@code max} into {@code default}, then {@code default}, else {@code min}, into
 * {@code defaultRequest}). A value that is not a quantity is refused as the server's decoder refuses it.
 */
public final class BuiltInDefaults implements AdmissionStep {
  private static final List<String> WORKLOADS = List.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet",
      "Job", "ReplicationController", "PodTemplate");

  @Override
  public ObjectNode admit(AdmissionRequest request) {
    ObjectNode object = request.object();
    if (object == null || request.type().custom() || request.subresource() != null && !request.subresource()
        .equals("status")) {
      return object;
    }
    switch (request.type().kind()) {
      case "ResourceQuota" -> {
        for (JsonNode map : List.of(object.path("spec").path("hard"), object.path("status").path("hard"),
            object.path("status").path("used"))) {
          canonicalise(map, request);
        }
      }
      case "LimitRange" -> {
        for (JsonNode item : object.path("spec").path("limits")) {
          if (item instanceof ObjectNode limit) {
            for (String field : List.of("max", "min", "default", "defaultRequest", "maxLimitRequestRatio")) {
              canonicalise(limit.path(field), request);
            }
            defaultContainerItem(limit);
          }
        }
      }
      case "Pod" -> podSpec(object.path("spec"), request);
      case "CronJob" -> podSpec(object.path("spec").path("jobTemplate").path("spec").path("template").path("spec"),
          request);
      default -> {
        if (WORKLOADS.contains(request.type().kind())) {
          podSpec((request.type().kind().equals("PodTemplate") ? object : object.path("spec"))
              .path("template").path("spec"), request);
        }
      }
    }
    return object;
  }

  private static void podSpec(JsonNode spec, AdmissionRequest request) {
    for (String list : List.of("initContainers", "containers", "ephemeralContainers")) {
      for (JsonNode container : spec.path(list)) {
        canonicalise(container.path("resources").path("limits"), request);
        canonicalise(container.path("resources").path("requests"), request);
      }
    }
    canonicalise(spec.path("overhead"), request);
  }

  private static void defaultContainerItem(ObjectNode item) {
    if (!item.path("type").asText().equals("Container")) {
      return;
    }
    ObjectNode defaults = item.path("default") instanceof ObjectNode o ? o : item.objectNode();
    ObjectNode defaultRequests = item.path("defaultRequest") instanceof ObjectNode o ? o : item.objectNode();
    copyMissing(item.path("max"), defaults);
    copyMissing(defaults, defaultRequests);
    copyMissing(item.path("min"), defaultRequests);
    // The server's maps are omitempty: an empty one is not stored.
    if (!defaults.isEmpty()) {
      item.set("default", defaults);
    }
    if (!defaultRequests.isEmpty()) {
      item.set("defaultRequest", defaultRequests);
    }
  }

  private static void copyMissing(JsonNode from, ObjectNode into) {
    for (Iterator<Map.Entry<String, JsonNode>> it = from.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      if (!into.has(entry.getKey())) {
        into.set(entry.getKey(), entry.getValue().deepCopy());
      }
    }
  }

  private static void canonicalise(JsonNode resources, AdmissionRequest request) {
    if (!(resources instanceof ObjectNode map)) {
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      JsonNode value = entry.getValue();
      if (value.isNull()) {
        continue;
      }
      String text = value.isNumber() ? value.decimalValue().toPlainString() : value.asText();
      String kind = request.type().kind();
      entry.setValue(map.textNode(Quantities.canonical(text).orElseThrow(() -> ApiException.badRequest(
          kind + " in version \"" + request.type().version() + "\" cannot be handled as a " + kind
          + ": quantities must match the regular expression '" + Quantities.EXPRESSION + "'"))));
    }
  }
}
