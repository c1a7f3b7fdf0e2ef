package io.stageline.masking;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SegmentedStringWriter;
import com.fasterxml.jackson.core.util.BufferRecycler;
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
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JSON content inside a value: rules address nodes by JSON path, the detectors scrub every string,
 * number and object key no rule masked. Parse errors are never passed on: Jackson's messages quote
 * the content.
 *
 * <p>Two ways through, one meaning. When every rule's path is one a streaming parser can follow
 * ({@link StreamingJsonPath}: names, indexes, wildcards, deep scan, which is what masking rules use),
 * the document is masked in one pass of Jackson's {@link JsonParser} into a {@link JsonGenerator}:
 * no tree, numbers copied as written (so {@code 1e999999} stays {@code 1e999999}), only a subtree a
 * whole-value rule ({@code hash}, {@code redact}, {@code null}) replaces is serialised on its own.
 * A path that needs the whole document (filters, slices, negative indexes) takes the tree: Jayway
 * JsonPath finds the concrete paths, Jackson replaces the nodes. Both apply rules in their order,
 * a node a rule masked is not masked again, and keys keep their place.
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
    StreamingJsonPath[] paths = new StreamingJsonPath[rules.size()];
    for (int i = 0; i < paths.length; i++) {
      paths[i] = StreamingJsonPath.compile(rules.get(i).jsonPathText());
      if (paths[i] == null) {
        return maskTree(key, value, rules, detectors, mustParse);
      }
    }
    return new Stream(rules, paths, detectors).mask(key, value, mustParse);
  }

  private static final JsonFactory FACTORY = JsonFactory.builder().build();

  /** Keys seen without findings; object keys repeat in every record of a document. */
  private final Map<String, Boolean> cleanKeys = new HashMap<>();

  private String scrubKey(String name) {
    if (cleanKeys.containsKey(name)) {
      return name;
    }
    String scrubbed = values.scrub(name);
    if (scrubbed.equals(name) && cleanKeys.size() < 4096) {
      cleanKeys.put(name, Boolean.TRUE);
    }
    return scrubbed;
  }

  /** One streaming pass over one document. */
  private final class Stream {
    private final List<MaskingPolicy.Rule> rules;
    private final StreamingJsonPath[] paths;
    private final boolean detectors;
    private final boolean[] matched;
    private JsonParser p;
    private boolean changed;

    Stream(List<MaskingPolicy.Rule> rules, StreamingJsonPath[] paths, boolean detectors) {
      this.rules = rules;
      this.paths = paths;
      this.detectors = detectors;
      this.matched = new boolean[rules.size()];
    }

    String mask(String key, String value, boolean mustParse) {
      SegmentedStringWriter out = new SegmentedStringWriter(new BufferRecycler());
      String written;
      try (JsonParser parser = FACTORY.createParser(value); JsonGenerator g = FACTORY.createGenerator(out)) {
        p = parser;
        JsonToken first = p.nextToken();
        if (first != JsonToken.START_OBJECT && first != JsonToken.START_ARRAY) {
          // a scalar document (or none): valid JSON is scanned as text, anything else fails closed below
          p.skipChildren();
          if (first == null || p.nextToken() != null) {
            throw new JsonParseException(p, "not one JSON value");
          }
          return detectors ? values.scrub(value) : value;
        }
        if (value.indexOf('\n') >= 0) {
          g.useDefaultPrettyPrinter();
        }
        long[] root = new long[paths.length];
        java.util.Arrays.fill(root, StreamingJsonPath.root());
        int rule = ruleAt(root, -1, rules.size());
        if (!(rule >= 0 && rules.get(rule).strategy() == Strategy.remove && removed(rule))) {
          value(g, null, root, rule, rules.size(), true);
        }
        if (p.nextToken() != null) {
          throw new JsonParseException(p, "content after the JSON value");
        }
        g.flush();
        written = changed ? out.getAndClear() : value;
      } catch (IOException e) {
        if (mustParse) {
          notes.add("key " + key + ": not valid JSON, value redacted whole");
          return values.apply(Strategy.redact, null, value);
        }
        return detectors ? values.scrub(value) : value;
      }
      for (int i = 0; i < matched.length; i++) {
        if (!matched[i]) {
          notes.add("key " + key + ": rule " + rules.get(i).index() + " (" + rules.get(i).jsonPathText() + ") matched nothing");
        }
      }
      return written;
    }

    /**
     * The rule that masks a node in {@code states}: the first in order among those selecting it
     * (below {@code bound}) and the one {@code inherited} from a masked ancestor, or -1.
     */
    private int ruleAt(long[] states, int inherited, int bound) {
      int rule = inherited;
      for (int i = 0; i < bound; i++) {
        if (paths[i].selects(states[i])) {
          matched[i] = true;
          if (rule < 0 || i < rule) {
            rule = i;
          }
        }
      }
      return rule;
    }

    /** Counts a removal; the caller leaves the node out. */
    private boolean removed(int rule) throws IOException {
      values.apply(rules.get(rule).transform(), "");
      changed = true;
      p.skipChildren();
      return true;
    }

    /**
     * Writes the value at the parser's current token. {@code rule} masks it (-1: none), rules from
     * {@code bound} on do not apply, {@code scan}: detectors run (not inside a subtree a whole-value
     * rule replaces, whose text is the rule's input).
     */
    private void value(JsonGenerator g, String field, long[] states, int rule, int bound, boolean scan)
        throws IOException {
      JsonToken t = p.currentToken();
      if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
        if (rule >= 0 && wholeValue(rules.get(rule).strategy())) {
          // the subtree as the rule sees it: masked by the rules before it, serialised compactly
          SegmentedStringWriter sub = new SegmentedStringWriter(new BufferRecycler());
          try (JsonGenerator cg = FACTORY.createGenerator(sub)) {
            container(cg, field, states, -1, rule + 1, false);
          }
          leaf(g, values.apply(rules.get(rule).transform(), sub.getAndClear()), false);
          changed = true;
          return;
        }
        container(g, field, states, rule, bound, scan);
        return;
      }
      boolean number = t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT;
      if (rule >= 0) {
        if (t == JsonToken.VALUE_NULL) {
          g.writeNull();
          return;
        }
        String text = p.getText();
        int exponent = number ? Math.max(text.indexOf('e'), text.indexOf('E')) : -1;
        if (exponent > 0) {
          // the exponent is kept: a scramble of its 'e' would turn the number into a string
          String mantissa = values.apply(rules.get(rule).transform(), text.substring(0, exponent));
          leaf(g, mantissa == null ? null : mantissa + text.substring(exponent), true);
        } else {
          leaf(g, values.apply(rules.get(rule).transform(), text), number);
        }
        changed = true;
        return;
      }
      if (number) {
        String text = p.getText();
        String scrubbed = scan && detectors ? values.scrubField(field, text) : text;
        if (scrubbed.equals(text)) {
          g.writeNumber(text);
        } else {
          leaf(g, scrubbed, true);
          changed = true;
        }
      } else if (t == JsonToken.VALUE_STRING) {
        String text = p.getText();
        String scrubbed = scan && detectors ? values.scrubField(field, text) : text;
        g.writeString(scrubbed);
        if (!scrubbed.equals(text)) {
          changed = true;
        }
      } else {
        g.copyCurrentEvent(p);
      }
    }

    private void container(JsonGenerator g, String field, long[] states, int rule, int bound, boolean scan)
        throws IOException {
      boolean object = p.currentToken() == JsonToken.START_OBJECT;
      if (object) {
        g.writeStartObject();
      } else {
        g.writeStartArray();
      }
      long[] child = new long[states.length];
      int index = 0;
      JsonToken end = object ? JsonToken.END_OBJECT : JsonToken.END_ARRAY;
      for (JsonToken t = p.nextToken(); t != end; t = p.nextToken()) {
        String name = null;
        if (object) {
          name = p.currentName();
          p.nextToken();
        }
        for (int i = 0; i < states.length; i++) {
          child[i] = states[i] == 0 ? 0 : paths[i].child(states[i], name, index);
        }
        index++;
        int childRule = ruleAt(child, rule, bound);
        if (childRule >= 0 && rules.get(childRule).strategy() == Strategy.remove && removed(childRule)) {
          continue;
        }
        if (object) {
          String written = scan && detectors ? scrubKey(name) : name;
          if (!written.equals(name)) {
            changed = true;
          }
          g.writeFieldName(written);
        }
        value(g, object ? name : field, child, childRule, bound, scan);
      }
      if (object) {
        g.writeEndObject();
      } else {
        g.writeEndArray();
      }
    }

    /** A masked leaf: numbers stay numbers when the masked text still is one. */
    private void leaf(JsonGenerator g, String masked, boolean wasNumber) throws IOException {
      if (masked == null) {
        g.writeNull();
        return;
      }
      if (wasNumber && INTEGER.matcher(masked).matches()) {
        g.writeNumber(new BigInteger(masked));
        return;
      }
      if (wasNumber) {
        try {
          g.writeNumber(new BigDecimal(masked.strip()));
          return;
        } catch (NumberFormatException notANumber) {
          // a rule's replacement text for a number (redact) is what its author asked for
        }
      }
      g.writeString(masked);
    }
  }

  private static boolean wholeValue(Strategy strategy) {
    return switch (strategy) {
      case redact, nullify, hash, remove -> true;
      case fake, keepFormat, partial, noise -> false;
    };
  }

  /** The tree way, for paths that need the whole document (see the class comment). */
  private String maskTree(String key, String value, List<MaskingPolicy.Rule> rules, boolean detectors,
      boolean mustParse) {
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
