package io.stageline.embedded.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stageline.embedded.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;

/**
 * A Secret's {@code stringData} is write-only, as in kube-apiserver's Secret strategy: each entry
 * is encoded into {@code data} (overriding an entry of the same key) and {@code stringData} is
 * never stored.
 */
public final class SecretStringData implements AdmissionStep {
  @Override
  public ObjectNode admit(AdmissionRequest request) {
    ObjectNode object = request.object();
    if (object == null || !request.type().kind().equals("Secret") || !request.type().group().isEmpty()
        || !(object.get("stringData") instanceof ObjectNode stringData)) {
      return object;
    }
    ObjectNode data = Json.objectAt(object, "data");
    for (Iterator<Map.Entry<String, JsonNode>> it = stringData.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      data.put(entry.getKey(), Base64.getEncoder().encodeToString(
          entry.getValue().asText("").getBytes(StandardCharsets.UTF_8)));
    }
    object.remove("stringData");
    return object;
  }
}
