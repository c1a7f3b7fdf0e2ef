package io.stageline.masking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stageline.api.v1alpha1.DataMasking;
import io.stageline.api.v1alpha1.DataMasking.Strategy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MaskerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final MaskingKey key = MaskingKey.generate();

  static DataMasking.Rule rule(String key, Strategy strategy) {
    DataMasking.Rule r = new DataMasking.Rule();
    r.setKey(key);
    r.setStrategy(strategy);
    return r;
  }

  static DataMasking.Rule jsonRule(String key, String path, Strategy strategy, String fakeKind) {
    DataMasking.Rule r = rule(key, strategy);
    r.setJsonPath(path);
    r.setFakeKind(fakeKind);
    return r;
  }

  static DataMasking.Rule csvRule(String key, String column, Strategy strategy, String fakeKind) {
    DataMasking.Rule r = rule(key, strategy);
    r.setCsvColumn(column);
    r.setFakeKind(fakeKind);
    return r;
  }

  private Masker masker(DataMasking.Rule... rules) {
    DataMasking spec = new DataMasking();
    spec.setRules(new ArrayList<>(List.of(rules)));
    return new Masker(MaskingPolicy.from(spec, false), key);
  }

  @Test
  void detectorsMaskPersonalDataNoRuleNames() {
    Masker masker = masker();
    Map<String, String> out = masker.maskAll(Map.of(
        "contact", "Jane Doe <jane.doe@corp.test>, +49 30 1234567",
        "settings", "replicas=3\nlisten=0.0.0.0:8080\n"));
    assertThat(out.get("contact")).startsWith("Jane Doe <").doesNotContain("jane.doe@corp.test", "1234567");
    assertThat(out.get("settings")).isEqualTo("replicas=3\nlisten=0.0.0.0:8080\n");
    assertThat(masker.stats().detectorHits()).containsEntry("email", 1L).containsEntry("phone", 1L);
  }

  @Test
  @org.junit.jupiter.api.Timeout(60) // the regular expression built from this glob ran for hours
  void aRuleKeyOfManyStarsIsMatchedWithoutBacktrackingAndStillMatchesWhatItShould() {
    String hostile = "*a".repeat(40) + "*b";
    Masker masker = masker(rule(hostile, Strategy.redact), rule("*se*cr*et*", Strategy.redact));
    String longKey = "a".repeat(250);
    Map<String, String> out = masker.maskAll(Map.of(longKey, "kept", "a".repeat(45) + "b", "hidden",
        "my-secret-key", "hidden too"));
    assertThat(out).containsEntry(longKey, "kept").containsEntry("a".repeat(45) + "b", "REDACTED")
        .containsEntry("my-secret-key", "REDACTED");
    assertThat(new Glob("a*b*c").matches("aXbYc")).isTrue();
    assertThat(new Glob("a*b*c").matches("aXbY")).isFalse();
    assertThat(new Glob("*").matches("")).isTrue();
    assertThat(new Glob("").matches("x")).isFalse();
  }

  @Test
  void aMaskingRunStopsAtItsTimeBudget() {
    io.stageline.testing.MutableClock clock = io.stageline.testing.MutableClock.systemUtc();
    Masker masker = masker(rule("*", Strategy.redact)).withBudget(clock, java.time.Duration.ofSeconds(30));
    assertThat(masker.mask("a", "value")).isEqualTo("REDACTED");
    clock.advance(java.time.Duration.ofSeconds(31));
    assertThatThrownBy(() -> masker.mask("b", "value")).isInstanceOf(MaskingBudgetExceededException.class)
        .hasMessageNotContaining("value");
  }

  /** A clock that moves one second each time it is read: work that checks the time often runs out of budget. */
  private static java.time.Clock ticking() {
    return new java.time.Clock() {
      private java.time.Instant now = java.time.Instant.parse("2026-12-01T00:00:00Z");

      @Override
      public java.time.ZoneId getZone() {
        return java.time.ZoneOffset.UTC;
      }

      @Override
      public java.time.Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public java.time.Instant instant() {
        now = now.plusSeconds(1);
        return now;
      }
    };
  }

  @Test
  void aSingleHugeFreeTextValueStopsAtTheRunsBudgetInsideTheValue() {
    // one value, checked once between values: only the checks inside the scan can stop it
    Masker masker = masker().withBudget(ticking(), java.time.Duration.ofSeconds(30));
    String hostile = "call 4111 1111 1111 1111 - 12 or +44 20 7946 0958; ".repeat(20_000);
    assertThatThrownBy(() -> masker.mask("notes", hostile)).isInstanceOf(MaskingBudgetExceededException.class)
        .hasMessage("masking took longer than its time budget");
  }

  @Test
  void aSingleHugeJsonValueStopsAtTheRunsBudgetBetweenItsFields() throws Exception {
    Masker masker = masker(jsonRule("customers.json", "$..email", Strategy.fake, "email"))
        .withBudget(ticking(), java.time.Duration.ofSeconds(30));
    List<Map<String, String>> customers = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      customers.add(Map.of("email", "c" + i + "@corp.test"));
    }
    String json = JSON.writeValueAsString(customers);
    assertThatThrownBy(() -> masker.mask("customers.json", json)).isInstanceOf(MaskingBudgetExceededException.class);
  }

  @Test
  void aBudgetedRunMasksWhatFitsInItsBudgetExactlyAsAnUnboundedOne() {
    String text = "call 4111 1111 1111 1111 or jane@corp.test";
    Masker bounded = masker().withBudget(java.time.Clock.systemUTC(), java.time.Duration.ofMinutes(1));
    assertThat(bounded.mask("notes", text)).isEqualTo(masker().mask("notes", text)).doesNotContain("jane@corp.test");
  }

  @Test
  void aKeyRuleMasksTheWholeValue() {
    Masker masker = masker(rule("password", Strategy.redact), rule("notes", Strategy.nullify), rule("*.id", Strategy.hash));
    Map<String, String> out = masker.maskAll(Map.of("password", "hunter2", "notes", "call jane", "user.id", "u-1"));
    assertThat(out).containsEntry("password", "REDACTED").containsEntry("notes", "");
    assertThat(out.get("user.id")).matches("[0-9a-f]{64}");
  }

  @Test
  void jsonPathRulesMaskTheAddressedFieldsAndDetectorsTheRest() throws Exception {
    String customers = """
        {"customers": [
          {"id": 1, "name": "Jane Doe", "email": "jane@corp.test", "iban": "DE89370400440532013000",
           "note": "prefers calls to +44 20 7946 0958", "tier": "gold"},
          {"id": 2, "name": "John Roe", "email": "john@corp.test", "iban": "GB82WEST12345698765432",
           "note": null, "tier": "silver"}
        ]}""";
    Masker masker = masker(
        jsonRule("customers.json", "$.customers[*].name", Strategy.fake, "name"),
        jsonRule("customers.json", "$..iban", Strategy.fake, "iban"),
        jsonRule("customers.json", "$.customers[*].tier", Strategy.keepFormat, null));
    String masked = masker.mask("customers.json", customers);
    JsonNode tree = JSON.readTree(masked);
    JsonNode jane = tree.get("customers").get(0);
    assertThat(jane.get("id").asInt()).isEqualTo(1);
    assertThat(jane.get("name").asText()).matches("[A-Z][a-z]+ [A-Z][a-z]+").isNotEqualTo("Jane Doe");
    assertThat(jane.get("email").asText()).matches(".*@example\\.(com|org|net)");
    assertThat(CheckDigits.ibanValid(jane.get("iban").asText())).isTrue();
    assertThat(jane.get("iban").asText()).startsWith("DE").isNotEqualTo("DE89370400440532013000");
    assertThat(jane.get("note").asText()).startsWith("prefers calls to +44 ").doesNotContain("7946 0958");
    assertThat(jane.get("tier").asText()).matches("[a-z]{4}");
    assertThat(tree.get("customers").get(1).get("note").isNull()).isTrue();
    assertThat(masked).doesNotContain("Jane Doe", "jane@corp.test", "John Roe", "GB82WEST");
    // the iban rule masked the IBANs, so the detectors did not count them again
    assertThat(masker.stats().detectorHits()).doesNotContainKey("iban").containsEntry("email", 2L);
  }

  @Test
  void jsonRulesOnObjectsMaskEveryLeafOrTheWholeObject() throws Exception {
    String doc = "{\"billing\": {\"name\": \"Jane\", \"zip\": \"10115\"}, \"shipping\": {\"name\": \"Jane\"}}";
    Masker masker = masker(
        jsonRule("d", "$.billing", Strategy.keepFormat, null),
        jsonRule("d", "$.shipping", Strategy.redact, null));
    JsonNode tree = JSON.readTree(masker.mask("d", doc));
    assertThat(tree.get("billing").get("name").asText()).matches("[A-Z][a-z]{3}").isNotEqualTo("Jane");
    assertThat(tree.get("billing").get("zip").asText()).matches("\\d{5}");
    assertThat(tree.get("shipping").asText()).isEqualTo("REDACTED");
  }

  @Test
  void jsonNumbersStayNumbersAndNullStrategyGivesJsonNull() throws Exception {
    String doc = "{\"card\": 4111111111111111, \"age\": 42, \"ssn\": \"123-45-6789\"}";
    Masker masker = masker(
        jsonRule("d", "$.age", Strategy.keepFormat, null),
        jsonRule("d", "$.ssn", Strategy.nullify, null));
    JsonNode tree = JSON.readTree(masker.mask("d", doc));
    assertThat(tree.get("card").isNumber()).isTrue();
    assertThat(tree.get("card").asText()).isNotEqualTo("4111111111111111").hasSize(16);
    assertThat(CheckDigits.luhnValid(tree.get("card").asText())).isTrue();
    assertThat(tree.get("age").isNumber()).isTrue();
    assertThat(tree.get("ssn").isNull()).isTrue();
  }

  @Test
  void jsonValuesAreFoundWithoutRulesAndPrettyPrintingIsKept() {
    String doc = "{\n  \"email\" : \"jane@corp.test\"\n}";
    String masked = masker().mask("any.json", doc);
    assertThat(masked).contains("\n").doesNotContain("jane@corp.test");
  }

  @Test
  void csvColumnRulesMaskTheirColumnAndDetectorsTheOtherCells() {
    String csv = """
        id;name;email;card;comment
        1;Jane Doe;jane@corp.test;4111 1111 1111 1111;"says ""hi""; from 198.51.100.7"
        2;John Roe;john@corp.test;5500005555555559;
        """;
    Masker masker = masker(
        csvRule("people.csv", "name", Strategy.fake, "name"),
        csvRule("people.csv", "email", Strategy.hash, null));
    String masked = masker.mask("people.csv", csv);
    List<String> lines = masked.lines().toList();
    assertThat(lines.get(0)).isEqualTo("id;name;email;card;comment");
    assertThat(lines).hasSize(3);
    String[] jane = lines.get(1).split(";", 2);
    assertThat(jane[0]).isEqualTo("1");
    assertThat(masked).doesNotContain("Jane Doe", "jane@corp.test", "4111 1111 1111 1111", "5500005555555559",
        "198.51.100.7");
    assertThat(masked).contains("says \"\"hi\"\"").endsWith("\n");
    assertThat(masker.stats().detectorHits()).containsEntry("card", 2L).containsEntry("ipv4", 1L)
        .doesNotContainKey("email");
  }

  @Test
  void equalValuesMaskEquallyAcrossKeysAndFormatsSoJoinsHold() throws Exception {
    Masker masker = masker(
        csvRule("orders.csv", "customer", Strategy.hash, null),
        jsonRule("customers.json", "$[*].id", Strategy.hash, null));
    String orders = masker.mask("orders.csv", "order,customer\n1,C-1001\n");
    JsonNode customers = JSON.readTree(masker.mask("customers.json", "[{\"id\": \"C-1001\"}]"));
    String hashed = customers.get(0).get("id").asText();
    assertThat(orders).contains("1," + hashed);
    Masker again = new Masker(masker.policy(), key);
    assertThat(again.mask("orders.csv", "order,customer\n1,C-1001\n")).isEqualTo(orders);
  }

  @Test
  void contentThatARuleCallsJsonOrCsvButDoesNotParseIsRedactedWhole() {
    Masker masker = masker(jsonRule("d", "$.a", Strategy.hash, null), csvRule("c", "x", Strategy.hash, null));
    assertThat(masker.mask("d", "{not json jane@corp.test")).isEqualTo("REDACTED");
    assertThat(masker.mask("c", "x\n\"unterminated")).isEqualTo("REDACTED");
    assertThat(masker.notes()).anyMatch(n -> n.contains("key d: not valid JSON"))
        .allMatch(n -> !n.contains("jane"));
  }

  @Test
  void rulesThatMatchNothingAreNoted() {
    Masker masker = masker(csvRule("c", "missing", Strategy.hash, null), jsonRule("d", "$.nope", Strategy.hash, null));
    assertThat(masker.mask("c", "a,b\n1,2\n")).isEqualTo("a,b\n1,2\n");
    assertThat(masker.mask("d", "{\"a\": 1}")).isEqualTo("{\"a\": 1}");
    assertThat(masker.notes()).hasSize(2);
  }

  @Test
  void detectorsCanBeSwitchedOffUnlessForced() {
    DataMasking spec = new DataMasking();
    spec.setDetectors(false);
    assertThat(new Masker(MaskingPolicy.from(spec, false), key).mask("k", "jane@corp.test")).isEqualTo("jane@corp.test");
    assertThat(new Masker(MaskingPolicy.from(spec, true), key).mask("k", "jane@corp.test")).isNotEqualTo("jane@corp.test");
  }

  @Test
  void partialNoiseAndRedactReplacementWorkLikeTheDatabaseMaskingTools() throws Exception {
    DataMasking.Rule partial = jsonRule("d", "$.phone", Strategy.partial, null);
    partial.setKeepFirst(3);
    partial.setKeepLast(2);
    DataMasking.Rule salary = jsonRule("d", "$.salary", Strategy.noise, null);
    salary.setRatio(0.1);
    DataMasking.Rule born = jsonRule("d", "$.born", Strategy.noise, null);
    born.setDays(10);
    DataMasking.Rule note = jsonRule("d", "$.note", Strategy.redact, null);
    note.setReplacement("CONFIDENTIAL");
    Masker masker = masker(partial, salary, born, note);
    String doc = "{\"phone\": \"+4930123456\", \"salary\": 50000.00, \"born\": \"1980-06-15\", \"note\": \"x\"}";
    JsonNode tree = JSON.readTree(masker.mask("d", doc));
    assertThat(tree.get("phone").asText()).isEqualTo("+49******56");
    assertThat(tree.get("salary").decimalValue().doubleValue()).isBetween(45000.0, 55000.0);
    assertThat(tree.get("salary").asText()).matches("\\d+\\.\\d{1,2}");
    assertThat(java.time.LocalDate.parse(tree.get("born").asText()))
        .isBetween(java.time.LocalDate.of(1980, 6, 5), java.time.LocalDate.of(1980, 6, 25));
    assertThat(tree.get("note").asText()).isEqualTo("CONFIDENTIAL");
    Masker sameKey = new Masker(masker.policy(), key);
    assertThat(JSON.readTree(sameKey.mask("d", doc))).isEqualTo(tree);
  }

  @Test
  void removeDropsKeysJsonFieldsAndCsvColumns() throws Exception {
    Masker masker = masker(rule("token", Strategy.remove), jsonRule("d", "$.items[*].secret", Strategy.remove, null),
        jsonRule("d", "$.list[1]", Strategy.remove, null), csvRule("c", "ssn", Strategy.remove, null));
    Map<String, String> out = masker.maskAll(Map.of("token", "abc", "keep", "me",
        "d", "{\"items\": [{\"a\": 1, \"secret\": \"x\"}, {\"secret\": \"y\"}], \"list\": [0, 1, 2]}",
        "c", "id,ssn,name\n1,123-45-6789,Jo\n"));
    assertThat(out).containsOnlyKeys("keep", "d", "c");
    assertThat(JSON.readTree(out.get("d"))).isEqualTo(JSON.readTree("{\"items\": [{\"a\": 1}, {}], \"list\": [0, 2]}"));
    assertThat(out.get("c")).isEqualTo("id,name\n1,Jo\n");
  }

  @Test
  void keysNoRuleNamesCanGetADefaultStrategy() {
    DataMasking spec = new DataMasking();
    spec.setRules(new ArrayList<>(List.of(rule("user", Strategy.hash))));
    Masker masker = new Masker(MaskingPolicy.from(spec, false).withUnnamedKeys(Strategy.keepFormat), key);
    assertThat(masker.mask("password", "Hunter2!")).matches("[A-Z][a-z]{5}\\d!").isNotEqualTo("Hunter2!");
    assertThat(masker.mask("user", "jane")).matches("[0-9a-f]{64}");
  }

  @Test
  void binaryValuesThatAreNotTextAreDropped() {
    Masker masker = masker();
    assertThat(masker.maskBytes("k", new byte[] {(byte) 0xff, (byte) 0xfe, 0x00})).isEmpty();
    assertThat(new String(masker.maskBytes("t", "jane@corp.test".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8))
        .matches(".*@example\\.(com|org|net)");
  }

  @Test
  void badRulesAreRejectedBeforeAnyDataIsTouched() {
    assertThatThrownBy(() -> masker(jsonRule("d", "$[?(", Strategy.hash, null)))
        .isInstanceOf(InvalidMaskingRuleException.class).hasMessageContaining("rules[0]").hasMessageContaining("jsonPath");
    assertThatThrownBy(() -> masker(jsonRule("d", "$.a", Strategy.fake, "shoeSize")))
        .isInstanceOf(InvalidMaskingRuleException.class).hasMessageContaining("fakeKind");
    DataMasking.Rule both = jsonRule("d", "$.a", Strategy.hash, null);
    both.setCsvColumn("a");
    assertThatThrownBy(() -> masker(both)).isInstanceOf(InvalidMaskingRuleException.class);
  }

  @Test
  void maskingIsDeterministicPerKeyAndDiffersBetweenKeys() {
    Map<String, String> data = new LinkedHashMap<>();
    data.put("a", "jane@corp.test 4111111111111111");
    Map<String, String> once = masker().maskAll(data);
    assertThat(masker().maskAll(data)).isEqualTo(once);
    DataMasking none = new DataMasking();
    assertThat(new Masker(MaskingPolicy.from(none, false), MaskingKey.generate()).maskAll(data)).isNotEqualTo(once);
  }
}
