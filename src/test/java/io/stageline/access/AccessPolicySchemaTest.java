package io.stageline.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stageline.testing.CrdRules;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Bad AccessPolicies that admission rejects: each schema constraint and CEL rule of the shipped CRD,
 * with one object it admits and one it rejects. (Expiry in the past and users in production depend
 * on the clock and on the Environment, so the reconciler reports those: see AccessPolicyBadInputTest.)
 */
class AccessPolicySchemaTest {
  private final CrdRules crd = CrdRules.of("accesspolicies.stageline.io-v1.yml");

  @Test
  void unknownLevelIsRejected() {
    assertThat(values(crd.schemaAt("spec.grants[].access").path("enum")))
        .containsExactlyInAnyOrder("read", "write", "deploy", "approve", "admin")
        .doesNotContain("superuser", "owner", "Read");
  }

  @Test
  void emptySubjectsAndEmptyGrantsAreRejected() {
    assertThat(crd.schemaAt("spec.grants[].subjects").path("minItems").asInt()).isEqualTo(1);
    assertThat(crd.schemaAt("spec.grants").path("minItems").asInt()).isEqualTo(1);
    assertThat(values(crd.schemaAt("spec.grants[]").path("required"))).contains("subjects", "access");
    assertThat(values(crd.schemaAt("spec").path("required"))).contains("environments", "grants");
  }

  @Test
  void emergencyWithoutReasonOrExpiryIsRejected() {
    JsonNode emergency = crd.schemaAt("spec.grants[].emergency");
    assertThat(values(emergency.path("required"))).contains("reason", "expiresAt");
    assertThat(emergency.path("properties").path("reason").path("minLength").asInt()).isEqualTo(1);
    String pattern = emergency.path("properties").path("expiresAt").path("pattern").asText();
    assertThat("2026-11-24T18:00:00Z").matches(pattern);
    assertThat("2026-11-24T18:00:00+02:00").matches(pattern);
    assertThat("tomorrow").doesNotMatch(pattern);
    assertThat("2026-11-24").doesNotMatch(pattern);
  }

  @Test
  void subjectsNeedAKnownKindAndServiceAccountsANamespace() {
    assertThat(values(crd.schemaAt("spec.grants[].subjects[].kind").path("enum")))
        .containsExactlyInAnyOrder("User", "Group", "ServiceAccount");
    assertThat(crd.admits("spec.grants[].subjects[]", """
        {"kind": "ServiceAccount", "name": "ci", "namespace": "build"}""")).isTrue();
    assertThat(crd.admits("spec.grants[].subjects[]", """
        {"kind": "Group", "name": "qa"}""")).isTrue();
    assertThat(crd.admits("spec.grants[].subjects[]", """
        {"kind": "ServiceAccount", "name": "ci"}""")).isFalse();
  }

  @Test
  void aPolicyMustSelectSomeEnvironments() {
    assertThat(crd.admits("spec.environments", """
        {"stages": ["production"]}""")).isTrue();
    assertThat(crd.admits("spec.environments", """
        {"selector": {"matchLabels": {"team": "shop"}}}""")).isTrue();
    assertThat(crd.admits("spec.environments", """
        {"names": ["dev"]}""")).isTrue();
    assertThat(crd.admits("spec.environments", "{}")).isFalse();
    assertThat(crd.admits("spec.environments", """
        {"stages": [], "names": []}""")).isFalse();
  }

  private static List<String> values(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }
}
