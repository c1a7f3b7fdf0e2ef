package io.stageline.embedded;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Small JSON helpers over fabric8's Jackson mapper, shared by the embedded API's classes. */
public final class Json {
  public static final ObjectMapper MAPPER = Serialization.jsonMapper();

  private Json() {}

  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  public static ArrayNode array() {
    return JsonNodeFactory.instance.arrayNode();
  }

  public static JsonNode parse(byte[] body) {
    try {
      return MAPPER.readTree(body);
    } catch (IOException e) {
      throw ApiException.badRequest("the request body is not valid JSON: " + e.getMessage());
    }
  }

  public static JsonNode parse(String body) {
    return parse(body.getBytes(StandardCharsets.UTF_8));
  }

  public static ObjectNode parseObject(byte[] body) {
    JsonNode node = parse(body);
    if (!(node instanceof ObjectNode object)) {
      throw ApiException.badRequest("the request body must be a JSON object");
    }
    return object;
  }

  public static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static <T> T convert(JsonNode node, Class<T> type) {
    return MAPPER.convertValue(node, type);
  }

  public static ObjectNode toNode(Object value) {
    return MAPPER.valueToTree(value);
  }

  /** The text at a dotted path such as {@code metadata.name}, or null. */
  public static String text(JsonNode node, String dottedPath) {
    JsonNode current = at(node, dottedPath);
    return current == null || current.isNull() || current.isMissingNode() ? null
        : current.isValueNode() ? current.asText() : current.toString();
  }

  public static JsonNode at(JsonNode node, String dottedPath) {
    JsonNode current = node;
    for (String part : dottedPath.split("\\.")) {
      if (current == null) {
        return null;
      }
      current = current.get(part);
    }
    return current;
  }

  public static ObjectNode objectAt(ObjectNode node, String field) {
    JsonNode child = node.get(field);
    if (child instanceof ObjectNode object) {
      return object;
    }
    return node.putObject(field);
  }
}
