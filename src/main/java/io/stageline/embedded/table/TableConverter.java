package io.stageline.embedded.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stageline.embedded.Json;
import io.stageline.embedded.discovery.ResourceType;
import java.util.List;

/**
 * Answers kubectl's {@code Accept: application/json;as=Table;v=v1;g=meta.k8s.io} with a
 * {@code meta.k8s.io/v1 Table}: a Name column, the kind's printer columns, one row per object.
 */
public final class TableConverter {
  private TableConverter() {}

  public static boolean wantsTable(String accept) {
    return accept.contains("as=Table");
  }

  public static ObjectNode table(ResourceType type, List<? extends JsonNode> objects, String resourceVersion,
      String includeObject) {
    ObjectNode table = Json.object();
    table.put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
    table.putObject("metadata").put("resourceVersion", resourceVersion);
    // kube-apiserver lists Events with the name last and hidden (priority 1); every other kind first
    boolean nameLast = type.kind().equals("Event") && type.group().isEmpty();
    ArrayNode definitions = table.putArray("columnDefinitions");
    if (!nameLast) {
      nameColumn(definitions, 0);
    }
    for (Column column : type.columns()) {
      definitions.addObject().put("name", column.name()).put("type", column.type()).put("format", column.format())
          .put("description", column.description()).put("priority", column.priority());
    }
    if (nameLast) {
      nameColumn(definitions, 1);
    }
    ArrayNode rows = table.putArray("rows");
    for (JsonNode object : objects) {
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells");
      if (!nameLast) {
        cells.add(object.path("metadata").path("name").asText());
      }
      for (Column column : type.columns()) {
        cells.add(Json.MAPPER.valueToTree(safe(column, object)));
      }
      if (nameLast) {
        cells.add(object.path("metadata").path("name").asText());
      }
      if ("Object".equals(includeObject)) {
        row.set("object", object);
      } else if (!"None".equals(includeObject)) {
        ObjectNode partial = row.putObject("object");
        partial.put("kind", "PartialObjectMetadata").put("apiVersion", "meta.k8s.io/v1");
        partial.set("metadata", object.path("metadata").deepCopy());
      }
    }
    return table;
  }

  private static void nameColumn(ArrayNode definitions, int priority) {
    definitions.addObject().put("name", "Name").put("type", "string").put("format", "name")
        .put("description", "Name must be unique within a namespace.").put("priority", priority);
  }

  private static Object safe(Column column, JsonNode object) {
    try {
      return column.value().apply(object);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
