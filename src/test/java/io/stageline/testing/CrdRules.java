package io.stageline.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The schema and CEL rules of a checked-in CRD, read from the file itself, so that a test of a rule
 * tests the rule that ships. CEL rules run with cel-java the way kube-apiserver runs
 * {@code x-kubernetes-validations}: {@code self} is the object at the rule's place, and property
 * names that are CEL keywords are escaped as {@code __name__}.
 */
public final class CrdRules {
  private static final Set<String> CEL_RESERVED = Set.of("true", "false", "null", "in", "as", "break", "const",
      "continue", "else", "for", "function", "if", "import", "let", "loop", "package", "namespace", "return", "var",
      "void", "while");
  private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
      .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
      .addVar("self", SimpleType.DYN).build();
  private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();

  private final JsonNode schema;

  private CrdRules(JsonNode schema) {
    this.schema = schema;
  }

  public static CrdRules of(String crdFile) {
    try {
      JsonNode crd = new YAMLMapper().readTree(Path.of("crds", crdFile).toFile());
      return new CrdRules(crd.at("/spec/versions/0/schema/openAPIV3Schema"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The schema at a path of property names, e.g. {@code spec.grants[].access} ({@code []} = items). */
  public JsonNode schemaAt(String path) {
    JsonNode node = schema;
    for (String part : path.split("\\.")) {
      boolean items = part.endsWith("[]");
      node = node.path("properties").path(items ? part.substring(0, part.length() - 2) : part);
      if (items) {
        node = node.path("items");
      }
    }
    if (node.isMissingNode()) {
      throw new IllegalArgumentException("no schema at " + path);
    }
    return node;
  }

  /** The CEL rules of the schema at a path. */
  public List<String> rulesAt(String path) {
    List<String> rules = new ArrayList<>();
    schemaAt(path).path("x-kubernetes-validations").forEach(v -> rules.add(v.path("rule").asText()));
    return rules;
  }

  /** True when every CEL rule at the path accepts {@code self} (given as JSON text). */
  public boolean admits(String path, String selfJson) {
    try {
      Object self = toCel(new ObjectMapper().readTree(selfJson));
      for (String rule : rulesAt(path)) {
        Object result = RUNTIME.createProgram(COMPILER.compile(rule).getAst()).eval(Map.of("self", self));
        if (!Boolean.TRUE.equals(result)) {
          return false;
        }
      }
      return true;
    } catch (Exception e) {
      throw new IllegalStateException("cannot evaluate the rules at " + path + ": " + e.getMessage(), e);
    }
  }

  private static Object toCel(JsonNode node) {
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      node.fields().forEachRemaining(e -> map.put(
          CEL_RESERVED.contains(e.getKey()) ? "__" + e.getKey() + "__" : e.getKey(), toCel(e.getValue())));
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      node.forEach(n -> list.add(toCel(n)));
      return list;
    }
    if (node.isIntegralNumber()) {
      return node.asLong();
    }
    if (node.isNumber()) {
      return node.asDouble();
    }
    if (node.isBoolean()) {
      return node.asBoolean();
    }
    return node.isNull() ? dev.cel.common.values.NullValue.NULL_VALUE : node.asText();
  }
}
