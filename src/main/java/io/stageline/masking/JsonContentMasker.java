package io.stageline.masking;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import io.stageline.api.v1alpha1.DataMasking.Strategy;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JSON content inside a value: rules address nodes by JSON path (Jayway JsonPath finds the concrete
 * paths, Jackson replaces the nodes), then the detectors scrub every string and number no rule
 * masked. Parse errors are never passed on: Jackson's messages quote the content.
 */
final class JsonContentMasker {
  // exact decimals: a double would turn 1e999999 into Infinity (written as a string) and round others
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
      .build();
  private static final Configuration PATHS = Configuration.builder()
      .jsonProvider(new JacksonJsonNodeJsonProvider(MAPPER))
      .mappingProvider(new JacksonMappingProvider(MAPPER))
      .options(Option.AS_PATH_LIST, Option.SUPPRESS_EXCEPTIONS, Option.ALWAYS_RETURN_LIST)
      .build();
  private static final Pattern STEP = Pattern.compile("\\['((?:[^'\\\\]|\\\\.)*)'\\]|\\[(\\d+)\\]");
  private static final Pattern INTEGER = Pattern.compile("-?\\d{1,300}");
  private static final Pattern DECIMAL = Pattern.compile("-?\\d+\\.\\d+");

  /** Marks a node that a remove rule takes out of its parent. */
  private static final JsonNode REMOVED = JsonNodeFactory.instance.missingNode();

  private final ValueMasker values;
  private final List<String> notes;

  JsonContentMasker(ValueMasker values, List<String> notes) {
    this.values = values;
    this.notes = notes;
  }

  static boolean looksLikeJson(String value) {
    String t = value.strip();
    return (t.startsWith("{") && t.endsWith("}")) || (t.startsWith("[") && t.endsWith("]"));
  }

  String mask(String key, String value, List<MaskingPolicy.Rule> rules, boolean detectors, boolean mustParse) {
    JsonNode root;
    try {
      root = MAPPER.readTree(value);
    } catch (JsonProcessingException e) {
      if (mustParse) {
        notes.add("key " + key + ": not valid JSON, value redacted whole");
        return values.apply(Strategy.redact, null, value);
      }
      return detectors ? values.scrub(value) : value;
    }
    if (!(root instanceof ContainerNode<?>)) {
      return detectors ? values.scrub(value) : value;
    }
    long before = maskedSoFar();
    Set<JsonNode> ruleMasked = Collections.newSetFromMap(new IdentityHashMap<>());
    JsonNode[] holder = {root};
    for (MaskingPolicy.Rule rule : rules) {
      applyRule(key, holder, rule, ruleMasked);
    }
    if (detectors) {
      holder[0] = scrub(holder[0], ruleMasked);
    }
    if (maskedSoFar() == before) {
      return value;
    }
    try {
      return value.contains("\n")
          ? MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(holder[0])
          : MAPPER.writeValueAsString(holder[0]);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write masked JSON of key " + key);
    }
  }

  private long maskedSoFar() {
    return values.statsMasked();
  }

  private void applyRule(String key, JsonNode[] root, MaskingPolicy.Rule rule, Set<JsonNode> ruleMasked) {
    if ("$".equals(rule.jsonPathText().strip())) {
      root[0] = maskNode(root[0], rule, ruleMasked);
      return;
    }
    JsonNode paths = JsonPath.using(PATHS).parse(root[0]).read(rule.jsonPath(), JsonNode.class);
    if (paths == null || paths.isEmpty()) {
      notes.add("key " + key + ": rule " + rule.index() + " (" + rule.jsonPathText() + ") matched nothing");
      return;
    }
    // last first, so that removing an array element leaves the indices of the others valid
    for (int i = paths.size() - 1; i >= 0; i--) {
      replaceAt(root[0], paths.get(i).asText(), node -> maskNode(node, rule, ruleMasked));
    }
  }

  private static void replaceAt(JsonNode root, String normalizedPath, java.util.function.UnaryOperator<JsonNode> fn) {
    Matcher m = STEP.matcher(normalizedPath);
    JsonNode parent = null;
    JsonNode current = root;
    Object step = null;
    while (m.find()) {
      parent = current;
      if (m.group(1) != null) {
        step = m.group(1).replace("\\'", "'").replace("\\\\", "\\");
        current = current.get((String) step);
      } else {
        step = Integer.parseInt(m.group(2));
        current = current.get((Integer) step);
      }
      if (current == null) {
        return;
      }
    }
    if (parent == null) {
      return;
    }
    JsonNode replaced = fn.apply(current);
    if (replaced == REMOVED) {
      if (parent instanceof ObjectNode o) {
        o.remove((String) step);
      } else if (parent instanceof ArrayNode a) {
        a.remove((Integer) step);
      }
    } else if (parent instanceof ObjectNode o) {
      o.set((String) step, replaced);
    } else if (parent instanceof ArrayNode a) {
      a.set((Integer) step, replaced);
    }
  }

  private JsonNode maskNode(JsonNode node, MaskingPolicy.Rule rule, Set<JsonNode> ruleMasked) {
    if (ruleMasked.contains(node)) {
      return node;
    }
    if (rule.strategy() == Strategy.remove) {
      values.apply(rule.transform(), "");
      return REMOVED;
    }
    JsonNode result;
    if (node.isContainerNode()) {
      result = switch (rule.strategy()) {
        case redact, nullify, hash, remove -> leaf(values.apply(rule.transform(), node.toString()), false);
        case fake, keepFormat, partial, noise -> {
          ContainerNode<?> copy = (ContainerNode<?>) node.deepCopy();
          forEachChild(copy, (child, setter) -> setter.accept(maskNode(child, rule, ruleMasked)));
          yield copy;
        }
      };
    } else if (node.isNull() || node.isMissingNode()) {
      result = node;
    } else {
      result = leaf(values.apply(rule.transform(), node.asText()), node.isNumber());
    }
    ruleMasked.add(result);
    return result;
  }

  private JsonNode scrub(JsonNode node, Set<JsonNode> ruleMasked) {
    return scrub(null, node, ruleMasked);
  }

  private JsonNode scrub(String field, JsonNode node, Set<JsonNode> ruleMasked) {
    if (ruleMasked.contains(node)) {
      return node;
    }
    if (node instanceof ObjectNode o) {
      // keys are scanned like values (a map keyed by e-mail address); values see their key as context
      for (Map.Entry<String, JsonNode> e : List.copyOf(o.properties())) {
        JsonNode scrubbed = scrub(e.getKey(), e.getValue(), ruleMasked);
        String key = values.scrub(e.getKey());
        if (!key.equals(e.getKey())) {
          o.remove(e.getKey());
          o.set(key, scrubbed);
        } else if (scrubbed != e.getValue()) {
          o.set(e.getKey(), scrubbed);
        }
      }
      return node;
    }
    if (node instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        JsonNode scrubbed = scrub(field, a.get(i), ruleMasked);
        if (scrubbed != a.get(i)) {
          a.set(i, scrubbed);
        }
      }
      return node;
    }
    if (node.isTextual() || node.isNumber()) {
      String text = node.isNumber() ? numberText(node) : node.asText();
      String scrubbed = values.scrubField(field, text);
      return scrubbed.equals(text) ? node : leaf(scrubbed, node.isNumber());
    }
    return node;
  }

  /** A number's digits as written (no exponent for integral values, so a detector sees them all). */
  private static String numberText(JsonNode node) {
    if (node.isIntegralNumber()) {
      return node.bigIntegerValue().toString();
    }
    return node.asText();
  }

  private interface ChildVisitor {
    void visit(JsonNode child, java.util.function.Consumer<JsonNode> setter);
  }

  private static void forEachChild(ContainerNode<?> node, ChildVisitor visitor) {
    if (node instanceof ObjectNode o) {
      for (Map.Entry<String, JsonNode> e : List.copyOf(o.properties())) {
        visitor.visit(e.getValue(), v -> o.set(e.getKey(), v));
      }
    } else if (node instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        int at = i;
        visitor.visit(a.get(i), v -> a.set(at, v));
      }
    }
  }

  /** A masked leaf: numbers stay numbers when the masked text still is one. */
  private static JsonNode leaf(String masked, boolean wasNumber) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (masked == null) {
      return f.nullNode();
    }
    if (wasNumber && INTEGER.matcher(masked).matches()) {
      return f.numberNode(new BigInteger(masked));
    }
    if (wasNumber) {
      try {
        // exponents and the like: still a number (never the string of one)
        return f.numberNode(new BigDecimal(masked.strip()));
      } catch (NumberFormatException notANumber) {
        // a rule's replacement text for a number (redact) is what its author asked for
      }
    }
    return f.textNode(masked);
  }
}
