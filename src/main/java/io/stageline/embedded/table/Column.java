package io.stageline.embedded.table;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.function.Function;

/**
 * One printer column: a CRD {@code additionalPrinterColumns} entry (a JSONPath) or, for built-in
 * kinds, a small function that computes what kubectl's own printers show.
 */
public record Column(String name, String type, String format, String description, int priority,
    Function<JsonNode, Object> value) {

  public static Column path(String name, String type, String jsonPath) {
    return path(name, type, jsonPath, "", 0);
  }

  public static Column path(String name, String type, String jsonPath, String description, int priority) {
    JsonPath path = JsonPath.compile(jsonPath);
    Function<JsonNode, Object> value = "date".equals(type)
        ? object -> age(path.first(object))
        : object -> path.render(object);
    return new Column(name, type, "", description, priority, value);
  }

  public static Column computed(String name, String type, Function<JsonNode, Object> value) {
    return new Column(name, type, "", "", 0, value);
  }

  private static Object age(JsonNode timestamp) {
    if (timestamp == null || !timestamp.isTextual()) {
      return "<unknown>";
    }
    try {
      return HumanDuration.since(Instant.parse(timestamp.asText()));
    } catch (RuntimeException e) {
      return timestamp.asText();
    }
  }

  public static Object countOfData(JsonNode object) {
    return object.path("data").size() + object.path("binaryData").size();
  }

  public static Object readyReplicas(JsonNode object) {
    return object.path("status").path("readyReplicas").asInt(0) + "/" + object.path("spec").path("replicas").asInt(1);
  }

  public static Object jobStatus(JsonNode object) {
    for (JsonNode condition : object.path("status").path("conditions")) {
      if ("True".equals(condition.path("status").asText())) {
        String type = condition.path("type").asText();
        if (type.equals("Complete")) {
          return "Complete";
        }
        if (type.equals("Failed")) {
          return "Failed";
        }
      }
    }
    return "Running";
  }

  public static Object jobCompletions(JsonNode object) {
    return object.path("status").path("succeeded").asInt(0) + "/" + object.path("spec").path("completions").asInt(1);
  }

  public static Object podSelector(JsonNode object) {
    JsonNode labels = object.path("spec").path("podSelector").path("matchLabels");
    if (labels.isEmpty()) {
      return "<none>";
    }
    StringBuilder text = new StringBuilder();
    labels.fields().forEachRemaining(e -> text.append(text.isEmpty() ? "" : ",").append(e.getKey()).append('=')
        .append(e.getValue().asText()));
    return text.toString();
  }

  public static Object roleRef(JsonNode object) {
    return object.path("roleRef").path("kind").asText() + "/" + object.path("roleRef").path("name").asText();
  }

  public static Object involvedObject(JsonNode object) {
    JsonNode involved = object.path("involvedObject");
    return involved.path("kind").asText().toLowerCase() + "/" + involved.path("name").asText();
  }

  public static Object eventLastSeen(JsonNode object) {
    for (String field : new String[] {"lastTimestamp", "eventTime", "firstTimestamp"}) {
      JsonNode value = object.path(field);
      if (value.isTextual() && !value.asText().isEmpty()) {
        try {
          return HumanDuration.since(Instant.parse(value.asText()));
        } catch (RuntimeException e) {
          return value.asText();
        }
      }
    }
    return age(object.path("metadata").path("creationTimestamp"));
  }
}
