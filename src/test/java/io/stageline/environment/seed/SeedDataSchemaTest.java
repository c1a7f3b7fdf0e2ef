package io.stageline.environment.seed;

import static org.assertj.core.api.Assertions.assertThat;

import io.stageline.masking.FakeKind;
import io.stageline.testing.CrdRules;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Bad seedData and dataMasking that admission rejects: the shipped CRD's schema and CEL rules. */
class SeedDataSchemaTest {
  private final CrdRules crd = CrdRules.of("environments.stageline.io-v1.yml");

  @Test
  void seedDataComesEitherFromAnEnvironmentOrFromASyntheticShape() {
    assertThat(crd.admits("spec.seedData[]", """
        {"fromEnvironment": "prod", "name": "customers"}""")).isTrue();
    assertThat(crd.admits("spec.seedData[]", """
        {"synthetic": {"name": "x", "fields": [{"name": "a", "kind": "name"}]}}""")).isTrue();
    assertThat(crd.admits("spec.seedData[]", """
        {"fromEnvironment": "prod", "name": "c", "synthetic": {"name": "x", "fields": []}}""")).isFalse();
    assertThat(crd.admits("spec.seedData[]", "{}")).isFalse();
    assertThat(crd.admits("spec.seedData[]", """
        {"fromEnvironment": "prod"}""")).isFalse();
  }

  @Test
  void aRuleAddressesOnePlaceAndTakesOnlyItsStrategysParameters() {
    String path = "spec.dataMasking.rules[]";
    assertThat(crd.admits(path, """
        {"key": "k", "jsonPath": "$.a", "strategy": "fake", "fakeKind": "email"}""")).isTrue();
    assertThat(crd.admits(path, """
        {"key": "k", "jsonPath": "$.a", "csvColumn": "a", "strategy": "hash"}""")).isFalse();
    assertThat(crd.admits(path, """
        {"key": "k", "strategy": "hash", "fakeKind": "email"}""")).isFalse();
    assertThat(crd.admits(path, """
        {"key": "k", "strategy": "hash", "replacement": "X"}""")).isFalse();
    assertThat(crd.admits(path, """
        {"key": "k", "strategy": "redact", "replacement": "X"}""")).isTrue();
    assertThat(crd.admits(path, """
        {"key": "k", "strategy": "redact", "keepFirst": 2}""")).isFalse();
    assertThat(crd.admits(path, """
        {"key": "k", "strategy": "partial", "keepFirst": 2, "keepLast": 1}""")).isTrue();
    assertThat(crd.admits(path, """
        {"key": "k", "strategy": "hash", "ratio": 0.2}""")).isFalse();
    assertThat(crd.admits(path, """
        {"key": "k", "strategy": "noise", "ratio": 0.2, "days": 3}""")).isTrue();
  }

  @Test
  void strategiesAndFakeKindsAreTheOnesTheEngineKnows() {
    assertThat(crd.schemaAt("spec.dataMasking.rules[].strategy").path("enum").toString())
        .contains("redact", "hash", "fake", "keepFormat", "partial", "noise", "remove", "null");
    String kinds = crd.schemaAt("spec.dataMasking.rules[].fakeKind").path("pattern").asText();
    assertThat(Arrays.stream(FakeKind.values()).map(Enum::name)).allMatch(k -> k.matches(kinds));
    assertThat("shoeSize").doesNotMatch(kinds);
    assertThat(crd.schemaAt("spec.dataMasking.rules[]").path("required").toString()).contains("key", "strategy");
  }

  @Test
  void syntheticShapesAreCheckedAtAdmission() {
    String kinds = crd.schemaAt("spec.seedData[].synthetic.fields[].kind").path("pattern").asText();
    assertThat("integer").matches(kinds);
    assertThat("choice").matches(kinds);
    assertThat("shoeSize").doesNotMatch(kinds);
    assertThat("xml").doesNotMatch(crd.schemaAt("spec.seedData[].synthetic.format").path("pattern").asText());
    assertThat(crd.schemaAt("spec.seedData[].synthetic.rows").path("maximum").asInt()).isEqualTo(10_000);
    String field = "spec.seedData[].synthetic.fields[]";
    assertThat(crd.admits(field, """
        {"name": "tier", "kind": "choice"}""")).isFalse();
    assertThat(crd.admits(field, """
        {"name": "tier", "kind": "choice", "values": ["a"]}""")).isTrue();
    assertThat(crd.admits(field, """
        {"name": "age", "kind": "integer", "min": 90, "max": 18}""")).isFalse();
  }
}
