package io.stageline.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Nothing a user writes in a spec is unbounded: every string has a maximum length (or an enum, or a
 * pattern that repeats nothing), every list a maxItems, every map a maxProperties, in the CRDs as
 * shipped; and a field added without a bound fails the build. Admission at and beyond each bound:
 * {@code CrdValidationRulesTest}; through the API: {@code InvalidInputCatalogueTest}.
 */
class CrdBoundsTest {

  @ParameterizedTest
  @ValueSource(strings = {"environments", "promotions", "accesspolicies"})
  void everySpecStringListAndMapOfTheShippedCrdsHasABound(String plural) throws IOException {
    JSONSchemaProps spec = spec(plural);
    assertThat(CrdBounds.unbounded(spec, "spec")).isEmpty();
  }

  @Test
  void theListsTheIssueNamedAreBounded() throws IOException {
    JSONSchemaProps env = spec("environments");
    assertThat(env.getProperties().get("config").getProperties().get("sources").getMaxItems()).isEqualTo(32L);
    assertThat(env.getProperties().get("access").getProperties().get("allowedSubjectKinds").getMaxItems()).isEqualTo(3L);
    JSONSchemaProps gate = spec("promotions").getProperties().get("gates").getItems().getSchema();
    assertThat(gate.getProperties().get("window").getProperties().get("days").getMaxItems()).isEqualTo(7L);
    JSONSchemaProps selector = env.getProperties().get("workloads").getProperties().get("selector");
    assertThat(selector.getProperties().get("matchLabels").getMaxProperties()).isEqualTo(64L);
    assertThat(selector.getProperties().get("matchExpressions").getItems().getSchema().getProperties().get("key")
        .getMaxLength()).isEqualTo(317L);
  }

  @Test
  void aSpecFieldWithoutABoundFailsTheBuildNamingIt() {
    JSONSchemaProps root = new JSONSchemaPropsBuilder().withType("object").withProperties(Map.of("spec",
        new JSONSchemaPropsBuilder().withType("object").withProperties(Map.of(
            "comment", new JSONSchemaPropsBuilder().withType("string").build(),
            "tags", new JSONSchemaPropsBuilder().withType("array").withNewItems()
                .withSchema(new JSONSchemaPropsBuilder().withType("string").withMaxLength(10L).build()).endItems().build()))
            .build())).build();
    assertThatThrownBy(() -> CrdBounds.fill(root)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("spec.comment").hasMessageContaining("spec.tags");
  }

  @Test
  void aPatternIsABoundOnlyWhenItRepeatsNothingWithoutALimit() {
    assertThat(CrdBounds.bounded(string("^(csv|json)$"))).isTrue();
    assertThat(CrdBounds.bounded(string("^([0-9]{1,2}d)?([0-9]{1,4}h)?$"))).isTrue();
    assertThat(CrdBounds.bounded(string("^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))).isTrue();
    assertThat(CrdBounds.bounded(string(CrdPrinterColumns.QUANTITY_PATTERN))).isTrue();
    assertThat(CrdBounds.bounded(string("^([0-9]+h)?$"))).isFalse();
    assertThat(CrdBounds.bounded(string("^[A-Za-z][-A-Za-z0-9_+/]*$"))).isFalse();
    assertThat(CrdBounds.bounded(string("^a{2,}$"))).isFalse();
    assertThat(CrdBounds.bounded(string("[0-9]"))).as("unanchored").isFalse();
  }

  private static JSONSchemaProps string(String pattern) {
    return new JSONSchemaPropsBuilder().withType("string").withPattern(pattern).build();
  }

  private static JSONSchemaProps spec(String plural) throws IOException {
    CustomResourceDefinition crd = Serialization.unmarshal(
        Files.readString(Path.of("crds", plural + ".stageline.io-v1.yml")), CustomResourceDefinition.class);
    return crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema().getProperties().get("spec");
  }
}
