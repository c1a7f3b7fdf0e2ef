package io.stageline.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.stageline.embedded.FieldError;
import io.stageline.embedded.Json;
import io.stageline.embedded.validation.CelEngine;
import io.stageline.embedded.validation.CelRuleValidator;
import io.stageline.embedded.validation.CelRuleValidator.Rule;
import io.stageline.embedded.validation.SchemaValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every x-kubernetes-validations rule and every schema constraint in the shipped CRDs (crds/*.yml)
 * is evaluated against at least one valid and one invalid value, with the validators the embedded
 * API admits with. A rule or pattern without cases here fails the build, so the shipped rules and
 * these tests cannot drift apart. Full objects through the API: {@code EmbeddedAdmissionTest}.
 */
class CrdValidationRulesTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final CelRuleValidator CEL = new CelRuleValidator(CelEngine.forCrdRules());

  /** One value of {@code self} (and {@code oldSelf} for transition rules) and whether the rule holds. */
  record Case(String self, String oldSelf, boolean valid) {}

  private static Case valid(String self) {
    return new Case(self, null, true);
  }

  private static Case invalid(String self) {
    return new Case(self, null, false);
  }

  private static Case transition(String oldSelf, String self, boolean valid) {
    return new Case(self, oldSelf, valid);
  }

  /** Cases per rule text (values in JSON/YAML flow style). */
  private static final Map<String, List<Case>> RULE_CASES = new LinkedHashMap<>();

  static {
    RULE_CASES.put("has(self.selector) || (has(self.stages) && size(self.stages) > 0) || (has(self.names) && "
        + "size(self.names) > 0) || (has(self.paths) && size(self.paths) > 0)", List.of(valid("{stages: [production]}"),
            valid("{names: [dev]}"), valid("{paths: [shop]}"), valid("{selector: {matchLabels: {a: b}}}"),
            invalid("{}"), invalid("{stages: []}"), invalid("{paths: []}")));
    RULE_CASES.put("self.kind != 'Group' || !(self.name in ['system:authenticated', 'system:unauthenticated', "
        + "'system:serviceaccounts'])", List.of(valid("{kind: Group, name: sre}"),
            valid("{kind: User, name: 'system:authenticated'}"), valid("{kind: Group, name: 'system:serviceaccounts:ci'}"),
            invalid("{kind: Group, name: 'system:authenticated'}"), invalid("{kind: Group, name: 'system:unauthenticated'}"),
            invalid("{kind: Group, name: 'system:serviceaccounts'}")));
    RULE_CASES.put("self.kind != 'ServiceAccount' || has(self.__namespace__)", List.of(
        valid("{kind: ServiceAccount, name: ci, namespace: tools}"), valid("{kind: User, name: alice}"),
        invalid("{kind: ServiceAccount, name: ci}")));
    RULE_CASES.put("!has(self.spec.upstream) || self.spec.upstream != self.metadata.name", List.of(
        valid("{metadata: {name: test}, spec: {stage: test, upstream: dev}}"),
        valid("{metadata: {name: dev}, spec: {stage: development}}"),
        invalid("{metadata: {name: dev}, spec: {stage: development, upstream: dev}}")));
    RULE_CASES.put("self.stage != 'production' || !has(self.secrets) || self.secrets.all(s, !has(s.generate))",
        List.of(valid("{stage: production, secrets: [{name: db, from: {secret: vault-db}}]}"),
            valid("{stage: test, secrets: [{name: db, generate: {keys: [password]}}]}"),
            invalid("{stage: production, secrets: [{name: db, generate: {keys: [password]}}]}")));
    RULE_CASES.put("[has(self.condition), has(self.job), has(self.soak), has(self.window), has(self.approval), "
        + "has(self.metric)].filter(x, x).size() == 1", List.of(valid("{soak: {duration: 1h}}"),
            valid("{approval: {count: 1, groups: [qa]}}"), valid("{metric: {query: up, min: 1}}"), invalid("{}"),
            invalid("{soak: {duration: 1h}, window: {timeZone: UTC}}"),
            invalid("{soak: {duration: 1h}, metric: {query: up, min: 1}}")));
    RULE_CASES.put("has(self.min) || has(self.max)", List.of(valid("{query: up, min: 1}"),
        valid("{query: errors, max: 0.01}"), invalid("{query: up}")));
    RULE_CASES.put("(has(self.groups) && size(self.groups) > 0) || (has(self.users) && size(self.users) > 0)",
        List.of(valid("{count: 1, groups: [qa]}"), valid("{count: 2, users: [alice, bob]}"),
            invalid("{count: 1}"), invalid("{count: 1, groups: []}")));
    RULE_CASES.put("!(has(self.jsonPath) && has(self.csvColumn))", List.of(
        valid("{key: customers, strategy: hash, jsonPath: '$.email'}"),
        invalid("{key: customers, strategy: hash, jsonPath: '$.email', csvColumn: email}")));
    RULE_CASES.put("self == oldSelf", List.of(transition("production", "production", true),
        transition("production", "staging", false)));
    RULE_CASES.put("has(self.from) != has(self.generate)", List.of(valid("{name: db, from: {secret: vault-db}}"),
        valid("{name: db, generate: {keys: [password]}}"), invalid("{name: db}"),
        invalid("{name: db, from: {secret: vault-db}, generate: {keys: [password]}}")));
    RULE_CASES.put("has(self.fromEnvironment) != has(self.synthetic)", List.of(
        valid("{kind: ConfigMap, fromEnvironment: staging, name: catalog}"),
        invalid("{kind: ConfigMap, name: catalog}")));
    RULE_CASES.put("!has(self.fromEnvironment) || has(self.name) || has(self.selector)", List.of(
        valid("{kind: ConfigMap, fromEnvironment: staging, name: catalog}"),
        valid("{kind: Secret, synthetic: {name: users, fields: []}}"),
        invalid("{kind: ConfigMap, fromEnvironment: staging}")));
    RULE_CASES.put("!has(oldSelf.status) || !has(oldSelf.status.phase) || !(oldSelf.status.phase in ['Succeeded', "
        + "'Failed', 'RolledBack', 'Rejected']) || self.spec == oldSelf.spec", List.of(
            transition("{spec: {environment: prod}, status: {phase: WaitingForGates}}",
                "{spec: {environment: prod, supersede: true}, status: {phase: WaitingForGates}}", true),
            transition("{spec: {environment: prod}, status: {phase: Succeeded}}",
                "{spec: {environment: prod}, status: {phase: Succeeded, waitingOn: ''}}", true),
            transition("{spec: {environment: prod}, status: {phase: Succeeded}}",
                "{spec: {environment: prod, supersede: true}, status: {phase: Succeeded}}", false)));
    RULE_CASES.put("!has(oldSelf.status) || !has(oldSelf.status.phase) || oldSelf.status.phase == 'Pending' || "
        + "(has(self.spec.gates) ? self.spec.gates : []) == (has(oldSelf.spec.gates) ? oldSelf.spec.gates : [])", List.of(
            transition("{spec: {environment: prod, gates: [{soak: {duration: 1h}}]}, status: {phase: Pending}}",
                "{spec: {environment: prod}, status: {phase: Pending}}", true),
            transition("{spec: {environment: prod, gates: [{approval: {count: 2, groups: [rm]}}]}, status: {phase: WaitingForGates}}",
                "{spec: {environment: prod, gates: [{approval: {count: 2, groups: [rm]}}], supersede: true}, status: {phase: WaitingForGates}}", true),
            transition("{spec: {environment: prod, gates: [{approval: {count: 2, groups: [rm]}}]}, status: {phase: WaitingForGates}}",
                "{spec: {environment: prod, gates: [{approval: {count: 1, groups: [rm]}}]}, status: {phase: WaitingForGates}}", false),
            transition("{spec: {environment: prod, gates: [{approval: {count: 2, groups: [rm]}}]}, status: {phase: WaitingForGates}}",
                "{spec: {environment: prod}, status: {phase: WaitingForGates}}", false)));
    RULE_CASES.put("!has(self.rollbackTo) || !has(self.release) || (!has(self.release.version) && "
        + "!has(self.release.images))", List.of(valid("{environment: prod, rollbackTo: 3}"),
            valid("{environment: prod, release: {version: '1.2'}}"),
            invalid("{environment: prod, rollbackTo: 3, release: {version: '1.2'}}")));
    RULE_CASES.put("oldSelf.all(a, a in self)", List.of(
        transition("[{by: alice, at: '2026-01-01T00:00:00Z'}]",
            "[{by: alice, at: '2026-01-01T00:00:00Z'}, {by: bob, at: '2026-01-02T00:00:00Z'}]", true),
        transition("[{by: alice, at: '2026-01-01T00:00:00Z'}, {by: bob, at: '2026-01-02T00:00:00Z'}]",
            "[{by: alice, at: '2026-01-01T00:00:00Z'}]", false),
        transition("[{by: alice, at: '2026-01-01T00:00:00Z'}]", "[{by: mallory, at: '2026-01-01T00:00:00Z'}]",
            false)));
  }

  static {
    RULE_CASES.put("!has(self.fakeKind) || self.strategy == 'fake'", List.of(
        valid("{key: customers, strategy: fake, fakeKind: email}"), valid("{key: customers, strategy: hash}"),
        invalid("{key: customers, strategy: hash, fakeKind: email}")));
    RULE_CASES.put("!has(self.replacement) || self.strategy == 'redact'", List.of(
        valid("{key: customers, strategy: redact, replacement: '***'}"),
        invalid("{key: customers, strategy: hash, replacement: '***'}")));
    RULE_CASES.put("!(has(self.keepFirst) || has(self.keepLast)) || self.strategy == 'partial'", List.of(
        valid("{key: cards, strategy: partial, keepLast: 4}"), valid("{key: cards, strategy: remove}"),
        invalid("{key: cards, strategy: hash, keepFirst: 2}"), invalid("{key: cards, strategy: redact, keepLast: 4}")));
    RULE_CASES.put("!(has(self.ratio) || has(self.days)) || self.strategy == 'noise'", List.of(
        valid("{key: orders, strategy: noise, ratio: 0.1}"), valid("{key: orders, strategy: noise, days: 3}"),
        invalid("{key: orders, strategy: hash, ratio: 0.1}"), invalid("{key: orders, strategy: fake, days: 3}")));
    RULE_CASES.put("self.strategy != 'remove'", List.of(
        valid("{table: customers, column: email, strategy: fake}"),
        invalid("{table: customers, column: email, strategy: remove}")));
    RULE_CASES.put("self.stage != 'production' || !has(self.databaseRefreshes) || size(self.databaseRefreshes) == 0",
        List.of(valid("{stage: staging, databaseRefreshes: [{name: shop}]}"), valid("{stage: production}"),
            valid("{stage: production, databaseRefreshes: []}"),
            invalid("{stage: production, databaseRefreshes: [{name: shop}]}")));
    RULE_CASES.put("self.kind != 'choice' || (has(self.values) && size(self.values) > 0)", List.of(
        valid("{name: plan, kind: choice, values: [free, pro]}"), valid("{name: email, kind: email}"),
        invalid("{name: plan, kind: choice}"), invalid("{name: plan, kind: choice, values: []}")));
    RULE_CASES.put("!has(self.min) || !has(self.max) || self.min <= self.max", List.of(
        valid("{name: age, kind: integer, min: 18, max: 99}"), valid("{name: age, kind: integer, min: 18}"),
        invalid("{name: age, kind: integer, min: 99, max: 18}")));
    RULE_CASES.put("self.kind != 'date' || ((!has(self.min) || (self.min >= 1 && self.min <= 9999)) && "
        + "(!has(self.max) || (self.max >= 1 && self.max <= 9999)))", List.of(
            valid("{name: born, kind: date, min: 1, max: 9999}"), valid("{name: n, kind: integer, min: 10000}"),
            invalid("{name: born, kind: date, min: 0}"), invalid("{name: born, kind: date, max: 10000}")));
  }

  /** A valid and an invalid example per schema pattern. */
  private static final Map<String, List<String>> PATTERN_CASES = Map.ofEntries(
      Map.entry("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?(Z|[+-][0-9]{2}:[0-9]{2})$", List.of("2026-11-24T18:00:00Z", "tomorrow evening")),
      Map.entry("^[^\\s]+$", List.of("alice@example.com", "alice smith")),
      Map.entry("^([0-9]+h)?([0-9]+m)?([0-9]+s)?$", List.of("1h30m", "90 minutes")),
      Map.entry("^([0-9]{1,4}h)?([0-9]{1,6}m)?([0-9]{1,7}s)?$", List.of("5m30s", "99999h")),
      Map.entry("^[0-9]{4}-[0-9]{2}-[0-9]{2}T([01][0-9]|2[0-3]):[0-5][0-9]$", List.of("2026-01-05T22:00", "2026-01-05 22:00")),
      Map.entry("^([0-9]{1,2}d)?([0-9]{1,4}h)?([0-9]{1,6}m)?$", List.of("7d", "100d")),
      Map.entry("^[A-Z0-9=;,+-]*$", List.of("FREQ=WEEKLY;BYDAY=MO,TU", "freq=weekly")),
      Map.entry("^([0-9]+d)?([0-9]+h)?([0-9]+m)?([0-9]+s)?$", List.of("2d12h", "two days")),
      Map.entry("^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$", List.of("24:00", "24:30")),
      Map.entry("^[A-Za-z][-A-Za-z0-9_+/]*$", List.of("America/Argentina/Buenos_Aires", "")),
      Map.entry("^([01][0-9]|2[0-3]):[0-5][0-9]$", List.of("09:30", "24:00")),
      Map.entry("^[0-9]{4}-[0-9]{2}-[0-9]{2}$", List.of("2026-12-24", "24.12.2026")),
      Map.entry("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", List.of("shop-dev", "Shop_Dev")),
      Map.entry("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$", List.of("db.credentials", "-db")),
      Map.entry("^(name|firstName|lastName|email|phone|address|city|iban|card|ipv4|ssn|nino|taxId|uuid|word)$",
          List.of("email", "creditCard")),
      Map.entry("^(name|firstName|lastName|email|phone|address|city|iban|card|ipv4|ssn|nino|taxId|uuid|word|integer|"
          + "date|boolean|sequence|choice)$", List.of("choice", "float")),
      Map.entry("^(csv|json)$", List.of("json", "xml")),
      Map.entry("^[a-z0-9]([-a-z0-9]{0,38}[a-z0-9])?$", List.of("shop-db", "a-name-that-is-far-too-long-for-a-job-name-42")),
      Map.entry(io.stageline.api.CrdPrinterColumns.QUANTITY_PATTERN, List.of("500m", "lots")));

  /** One constraint at one place: what the constraint-only schema is and how to build values for it. */
  record Constraint(String crd, String path, String keyword, JsonNode schema) {
    @Override
    public String toString() {
      return crd + " " + (path.isEmpty() ? "<root>" : path) + " " + keyword;
    }
  }

  @TestFactory
  Stream<DynamicTest> everyCelRuleHoldsForItsValidCasesAndFailsForItsInvalidOnes() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (Map.Entry<String, JsonNode> crd : schemas().entrySet()) {
      for (Rule rule : CelRuleValidator.rulesOf(crd.getValue())) {
        tests.add(DynamicTest.dynamicTest(crd.getKey() + " " + (rule.path().isEmpty() ? "<root>" : rule.path())
            + ": " + rule.message(), () -> {
              List<Case> cases = RULE_CASES.get(rule.rule());
              assertThat(cases).as("test cases for rule %s", rule.rule()).isNotNull();
              assertThat(cases).as("a valid case").anyMatch(Case::valid);
              assertThat(cases).as("an invalid case").anyMatch(c -> !c.valid());
              for (Case c : cases) {
                FieldError error = CEL.evaluate(rule, yaml(c.self()), c.oldSelf() == null ? null : yaml(c.oldSelf()));
                if (c.valid()) {
                  assertThat(error).as("%s on %s", rule.rule(), c).isNull();
                } else {
                  assertThat(error).as("%s on %s", rule.rule(), c).isNotNull();
                  assertThat(error.detail()).isEqualTo(rule.message());
                }
              }
            }));
      }
    }
    assertThat(tests).hasSizeGreaterThan(20);
    return tests.stream();
  }

  @Test
  void everyRuleWithCasesStillExistsInTheCrds() throws IOException {
    List<String> shipped = new ArrayList<>();
    for (JsonNode schema : schemas().values()) {
      CelRuleValidator.rulesOf(schema).forEach(r -> shipped.add(r.rule()));
    }
    assertThat(shipped).containsAll(RULE_CASES.keySet());
  }

  @TestFactory
  Stream<DynamicTest> everySchemaConstraintAcceptsAValidAndRejectsAnInvalidValue() throws IOException {
    List<Constraint> constraints = new ArrayList<>();
    for (Map.Entry<String, JsonNode> crd : schemas().entrySet()) {
      collect(crd.getKey(), crd.getValue(), "", constraints);
    }
    assertThat(constraints).hasSizeGreaterThan(50);
    return constraints.stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> check(c)));
  }

  private static void check(Constraint c) {
    JsonNode rule = c.schema().get(c.keyword());
    List<JsonNode> validValues = new ArrayList<>();
    List<JsonNode> invalidValues = new ArrayList<>();
    switch (c.keyword()) {
      case "enum" -> {
        validValues.add(rule.get(0));
        invalidValues.add(Json.MAPPER.valueToTree("NotAnOption"));
      }
      case "pattern" -> {
        List<String> examples = PATTERN_CASES.getOrDefault(rule.asText(), alternatives(rule.asText()));
        assertThat(examples).as("examples for pattern %s", rule.asText()).isNotNull();
        validValues.add(Json.MAPPER.valueToTree(examples.get(0)));
        invalidValues.add(Json.MAPPER.valueToTree(examples.get(1)));
      }
      case "minimum" -> {
        validValues.add(Json.MAPPER.valueToTree(rule.asLong()));
        invalidValues.add(Json.MAPPER.valueToTree(rule.asLong() - 1));
      }
      case "maximum" -> {
        validValues.add(Json.MAPPER.valueToTree(rule.asLong()));
        invalidValues.add(Json.MAPPER.valueToTree(rule.asLong() + 1));
      }
      case "minLength" -> {
        validValues.add(Json.MAPPER.valueToTree("x".repeat(rule.asInt())));
        invalidValues.add(Json.MAPPER.valueToTree("x".repeat(rule.asInt() - 1)));
      }
      case "minItems" -> {
        validValues.add(arrayOf(rule.asInt()));
        invalidValues.add(arrayOf(rule.asInt() - 1));
      }
      case "maxLength" -> {
        validValues.add(Json.MAPPER.valueToTree("x".repeat(rule.asInt())));
        invalidValues.add(Json.MAPPER.valueToTree("x".repeat(rule.asInt() + 1)));
      }
      case "maxItems" -> {
        validValues.add(arrayOf(rule.asInt()));
        invalidValues.add(arrayOf(rule.asInt() + 1));
      }
      case "maxProperties" -> {
        validValues.add(objectOf(rule.asInt()));
        invalidValues.add(objectOf(rule.asInt() + 1));
      }
      case "type" -> {
        validValues.add(example(rule.asText()));
        invalidValues.add(rule.asText().equals("string") ? Json.MAPPER.valueToTree(1) : Json.MAPPER.valueToTree("x"));
      }
      default -> {
        String field = c.keyword().substring("required:".length());
        ObjectNode all = Json.object();
        c.schema().path("required").forEach(r -> all.put(r.asText(), "x"));
        validValues.add(all);
        ObjectNode missing = all.deepCopy();
        missing.remove(field);
        invalidValues.add(missing);
      }
    }
    JsonNode only = constraintOnly(c);
    for (JsonNode value : validValues) {
      assertThat(SchemaValidator.validate(value, only, c.path())).as("%s accepts %s", c, value).isEmpty();
    }
    for (JsonNode value : invalidValues) {
      assertThat(SchemaValidator.validate(value, only, c.path())).as("%s rejects %s", c, value).isNotEmpty()
          .allMatch(e -> e.field().startsWith(c.path()));
    }
  }

  /** Examples for a pattern that only lists alternatives, {@code ^(csv|json)$}; null for any other. */
  private static List<String> alternatives(String pattern) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\^\\(([\\w|-]+)\\)\\$").matcher(pattern);
    return m.matches() ? List.of(m.group(1).split("\\|")[0], "not-one-of-them") : null;
  }

  private static JsonNode arrayOf(int size) {
    var array = Json.array();
    for (int i = 0; i < size; i++) {
      array.addObject();
    }
    return array;
  }

  private static JsonNode objectOf(int size) {
    ObjectNode object = Json.object();
    for (int i = 0; i < size; i++) {
      object.put("k" + i, "1");
    }
    return object;
  }

  private static JsonNode example(String type) {
    return switch (type) {
      case "string" -> Json.MAPPER.valueToTree("x");
      case "integer" -> Json.MAPPER.valueToTree(1);
      case "number" -> Json.MAPPER.valueToTree(1.5);
      case "boolean" -> Json.MAPPER.valueToTree(true);
      case "array" -> Json.array();
      default -> Json.object();
    };
  }

  /** The schema at one place reduced to its type and the one constraint under test. */
  private static JsonNode constraintOnly(Constraint c) {
    ObjectNode only = Json.object();
    if (c.schema().has("type")) {
      only.set("type", c.schema().get("type"));
    }
    if (c.keyword().startsWith("required:")) {
      only.set("required", c.schema().get("required"));
    } else {
      only.set(c.keyword(), c.schema().get(c.keyword()));
    }
    return only;
  }

  private static void collect(String crd, JsonNode schema, String path, List<Constraint> out) {
    for (String keyword : List.of("enum", "pattern", "minimum", "maximum", "minLength", "minItems", "maxLength",
        "maxItems", "maxProperties")) {
      if (schema.has(keyword)) {
        out.add(new Constraint(crd, path, keyword, schema));
      }
    }
    for (String known : List.of("format", "exclusiveMinimum", "exclusiveMaximum",
        "multipleOf", "uniqueItems", "minProperties")) {
      assertThat(schema.has(known) && !(known.equals("format") && schema.get(known).isObject()))
          .as("%s %s uses %s, which this test does not cover yet: add cases", crd, path, known).isFalse();
    }
    if (schema.has("type") && !schema.path("x-kubernetes-int-or-string").asBoolean(false)
        && !schema.path("type").asText().equals("object")) {
      out.add(new Constraint(crd, path, "type", schema));
    }
    for (JsonNode required : schema.path("required")) {
      out.add(new Constraint(crd, path, "required:" + required.asText(), schema));
    }
    Iterator<Map.Entry<String, JsonNode>> properties = schema.path("properties").fields();
    while (properties.hasNext()) {
      Map.Entry<String, JsonNode> property = properties.next();
      collect(crd, property.getValue(), path.isEmpty() ? property.getKey() : path + "." + property.getKey(), out);
    }
    if (schema.path("items").isObject()) {
      collect(crd, schema.path("items"), path + "[0]", out);
    }
    if (schema.path("additionalProperties").isObject()) {
      collect(crd, schema.path("additionalProperties"), path + ".x", out);
    }
  }

  @Test
  void quantitiesAreNonNegativeWithBoundedDigitsAndExponent() throws IOException {
    JsonNode quota = schemas().get("Environment/v1alpha1").at("/properties/spec/properties/quota/additionalProperties");
    for (String ok : List.of("0", "500m", "2", "4Gi", "1.5", ".5", "1e3", "10E+2", "100Mi", "999999999999999999")) {
      assertThat(SchemaValidator.validate(Json.MAPPER.valueToTree(ok), quota, "spec.quota.cpu")).as(ok).isEmpty();
    }
    for (String bad : List.of("-5", "1e400", "lots", "1 Gi", "4GB", "", "1e-3", "9999999999999999999")) {
      assertThat(SchemaValidator.validate(Json.MAPPER.valueToTree(bad), quota, "spec.quota.cpu")).as(bad)
          .isNotEmpty().allMatch(e -> e.field().equals("spec.quota.cpu"));
    }
    assertThat(SchemaValidator.validate(Json.MAPPER.valueToTree(4), quota, "spec.quota.cpu")).isEmpty();
    assertThat(SchemaValidator.validate(Json.MAPPER.valueToTree(-5), quota, "spec.quota.cpu")).isNotEmpty();
  }

  private static Map<String, JsonNode> schemas() throws IOException {
    Map<String, JsonNode> schemas = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(Path.of("crds"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yml")).sorted().toList()) {
        JsonNode crd = YAML.readTree(file.toFile());
        for (JsonNode version : crd.path("spec").path("versions")) {
          schemas.put(crd.path("spec").path("names").path("kind").asText() + "/" + version.path("name").asText(),
              version.path("schema").path("openAPIV3Schema"));
        }
      }
    }
    assertThat(schemas).hasSize(3);
    return schemas;
  }

  private static JsonNode yaml(String text) {
    try {
      return YAML.readTree(text);
    } catch (IOException e) {
      throw new IllegalArgumentException(text, e);
    }
  }
}
