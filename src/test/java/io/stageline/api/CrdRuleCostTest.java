package io.stageline.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.stageline.embedded.FieldError;
import io.stageline.embedded.validation.CelEngine;
import io.stageline.embedded.validation.CelRuleValidator;
import io.stageline.embedded.validation.CrdSchemaValidation;
import io.stageline.embedded.validation.CrdSchemaValidation.RuleCost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shipped CRDs stay within kube-apiserver's CEL cost budget (10,000,000 per rule, 100,000,000 per
 * CRD) by an upper bound of the server's estimate, and pass its other rule checks; the bound is held
 * against the numbers the API server's own code (apiextensions-apiserver v0.37.2 with its cel-go)
 * computed for these rules, so it can only err on the safe side.
 */
class CrdRuleCostTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final CrdSchemaValidation VALIDATION = new CrdSchemaValidation(CelEngine.forCrdRules());

  /**
   * The API server's estimate per rule (cel-go MaxCost, before the cardinality factor) for the shipped
   * CRDs, by CRD and field path, computed with apiextensions-apiserver v0.37.2 ({@code cel.Compile} on
   * the structural schema, as its CRD validation does). A rule added later needs its number here.
   */
  private static final Map<String, Long> SERVER_ESTIMATES = new LinkedHashMap<>();

  private static void server(String plural, String field, long cost) {
    SERVER_ESTIMATES.put(plural + " " + field, cost);
  }

  static {
    server("environments",
        ".x-kubernetes-validations[0].rule", 111L);
    server("environments",
        ".properties[spec].x-kubernetes-validations[0].rule", 648L);
    server("environments",
        ".properties[spec].x-kubernetes-validations[1].rule", 9L);
    server("environments",
        ".properties[spec].properties[databaseRefreshes].items.properties[rules].items.x-kubernetes-validations[0].rule", 5L);
    server("environments",
        ".properties[spec].properties[databaseRefreshes].items.properties[rules].items.x-kubernetes-validations[1].rule", 5L);
    server("environments",
        ".properties[spec].properties[databaseRefreshes].items.properties[rules].items.x-kubernetes-validations[2].rule", 6L);
    server("environments",
        ".properties[spec].properties[databaseRefreshes].items.properties[rules].items.x-kubernetes-validations[3].rule", 6L);
    server("environments",
        ".properties[spec].properties[databaseRefreshes].items.properties[rules].items.x-kubernetes-validations[4].rule", 3L);
    server("environments",
        ".properties[spec].properties[secrets].items.x-kubernetes-validations[0].rule", 3L);
    server("environments",
        ".properties[spec].properties[seedData].items.x-kubernetes-validations[0].rule", 3L);
    server("environments",
        ".properties[spec].properties[seedData].items.x-kubernetes-validations[1].rule", 4L);
    server("environments",
        ".properties[spec].properties[seedData].items.properties[synthetic].properties[fields].items.x-kubernetes-validations[0].rule", 8L);
    server("environments",
        ".properties[spec].properties[seedData].items.properties[synthetic].properties[fields].items.x-kubernetes-validations[1].rule", 9L);
    server("environments",
        ".properties[spec].properties[seedData].items.properties[synthetic].properties[fields].items.x-kubernetes-validations[2].rule", 19L);
    server("environments",
        ".properties[spec].properties[promotionPolicy].properties[requiredGates].items.x-kubernetes-validations[0].rule", 113L);
    server("environments",
        ".properties[spec].properties[promotionPolicy].properties[requiredGates].items.properties[metric].x-kubernetes-validations[0].rule", 2L);
    server("environments",
        ".properties[spec].properties[promotionPolicy].properties[requiredGates].items.properties[approval].x-kubernetes-validations[0].rule", 10L);
    server("environments",
        ".properties[spec].properties[stage].x-kubernetes-validations[0].rule", 4L);
    server("environments",
        ".properties[spec].properties[namespace].x-kubernetes-validations[0].rule", 28L);
    server("environments",
        ".properties[spec].properties[dataMasking].properties[rules].items.x-kubernetes-validations[0].rule", 3L);
    server("environments",
        ".properties[spec].properties[dataMasking].properties[rules].items.x-kubernetes-validations[1].rule", 5L);
    server("environments",
        ".properties[spec].properties[dataMasking].properties[rules].items.x-kubernetes-validations[2].rule", 5L);
    server("environments",
        ".properties[spec].properties[dataMasking].properties[rules].items.x-kubernetes-validations[3].rule", 6L);
    server("environments",
        ".properties[spec].properties[dataMasking].properties[rules].items.x-kubernetes-validations[4].rule", 6L);
    server("environments",
        ".properties[spec].properties[autoPromotion].properties[gates].items.x-kubernetes-validations[0].rule", 113L);
    server("environments",
        ".properties[spec].properties[autoPromotion].properties[gates].items.properties[metric].x-kubernetes-validations[0].rule", 2L);
    server("environments",
        ".properties[spec].properties[autoPromotion].properties[gates].items.properties[approval].x-kubernetes-validations[0].rule", 10L);
    server("promotions",
        ".x-kubernetes-validations[0].rule", 27L);
    server("promotions",
        ".x-kubernetes-validations[1].rule", 37L);
    server("promotions",
        ".properties[spec].x-kubernetes-validations[0].rule", 10L);
    server("promotions",
        ".properties[spec].properties[environment].x-kubernetes-validations[0].rule", 104L);
    server("promotions",
        ".properties[spec].properties[gates].items.x-kubernetes-validations[0].rule", 113L);
    server("promotions",
        ".properties[spec].properties[gates].items.properties[approval].x-kubernetes-validations[0].rule", 10L);
    server("promotions",
        ".properties[spec].properties[gates].items.properties[metric].x-kubernetes-validations[0].rule", 2L);
    server("promotions",
        ".properties[spec].properties[requestedBy].x-kubernetes-validations[0].rule", 412L);
    server("promotions",
        ".properties[spec].properties[verification].properties[gates].items.x-kubernetes-validations[0].rule", 113L);
    server("promotions",
        ".properties[spec].properties[verification].properties[gates].items.properties[approval].x-kubernetes-validations[0].rule", 10L);
    server("promotions",
        ".properties[spec].properties[verification].properties[gates].items.properties[metric].x-kubernetes-validations[0].rule", 2L);
    server("promotions",
        ".properties[spec].properties[approvals].x-kubernetes-validations[0].rule", 4418L);
    server("accesspolicies",
        ".properties[spec].properties[environments].x-kubernetes-validations[0].rule", 16L);
    server("accesspolicies",
        ".properties[spec].properties[grants].items.properties[subjects].items.x-kubernetes-validations[0].rule", 5L);
    server("accesspolicies", // no grant to every authenticated user, anonymous user or service account
        ".properties[spec].properties[grants].items.properties[subjects].items.x-kubernetes-validations[1].rule", 19L);
  }

  @ParameterizedTest
  @ValueSource(strings = {"environments", "promotions", "accesspolicies"})
  void everyRuleAndTheWholeCrdStayWithinTheApiServersCostBudget(String plural) throws IOException {
    JsonNode crd = crd(plural);
    JsonNode schema = schema(crd);
    List<RuleCost> costs = VALIDATION.costs(schema, "spec.validation.openAPIV3Schema");
    assertThat(costs).hasSize(CelRuleValidator.rulesOf(schema).size());
    assertThat(costs).allSatisfy(c -> assertThat(c.cost()).as("%s (%s)", c.field(), c.expression())
        .isLessThanOrEqualTo(CrdSchemaValidation.RULE_LIMIT));
    long total = costs.stream().mapToLong(RuleCost::cost).sum();
    assertThat(total).as("all rules of %s", plural).isLessThanOrEqualTo(CrdSchemaValidation.CRD_LIMIT);
    assertThat(VALIDATION.validate(crd)).as("the API server's rule checks on %s", plural).isEmpty();
  }

  @Test
  void theBoundIsNeverBelowTheApiServersOwnEstimate() throws IOException {
    Map<String, Long> ours = new LinkedHashMap<>();
    for (String plural : List.of("environments", "promotions", "accesspolicies")) {
      VALIDATION.costs(schema(crd(plural)), "").forEach(c -> ours.put(plural + " " + c.field(), c.expressionCost()));
    }
    assertThat(ours).containsOnlyKeys(SERVER_ESTIMATES.keySet());
    SERVER_ESTIMATES.forEach((rule, server) -> assertThat(ours.get(rule)).as(rule).isGreaterThanOrEqualTo(server));
  }

  @Test
  void unboundedGateListsAndTheQuadraticApprovalsRuleAreRefusedAsTheServerRefusedThem() throws IOException {
    ObjectNode crd = (ObjectNode) crd("promotions");
    ObjectNode spec = (ObjectNode) schema(crd).path("properties").path("spec");
    ((ObjectNode) spec.path("properties").path("gates")).remove("maxItems");
    ((ObjectNode) spec.path("properties").path("approvals")).remove("maxItems");
    List<FieldError> errors = VALIDATION.validate(crd);
    assertThat(errors).extracting(FieldError::toString).contains(
        "spec.validation.openAPIV3Schema.properties[spec].properties[approvals].x-kubernetes-validations[0].rule: "
            + "Forbidden: estimated rule cost exceeds budget by factor of more than 100x (try simplifying the rule, "
            + "or adding maxItems, maxProperties, and maxLength where arrays, maps, and strings are declared)",
        "spec.validation.openAPIV3Schema: Forbidden: x-kubernetes-validations estimated rule cost total for entire "
            + "OpenAPIv3 schema exceeds budget by factor of more than 100x (try simplifying the rule, or adding "
            + "maxItems, maxProperties, and maxLength where arrays, maps, and strings are declared)");
    assertThat(errors).extracting(FieldError::toString).anyMatch(e -> e.startsWith(
        "spec.validation.openAPIV3Schema.properties[spec].properties[gates].items.x-kubernetes-validations[0].rule: "
            + "Forbidden: estimated rule cost exceeds budget by factor of "));
  }

  private static JsonNode crd(String plural) throws IOException {
    return YAML.readTree(Files.readString(Path.of("crds", plural + ".stageline.io-v1.yml")));
  }

  private static JsonNode schema(JsonNode crd) {
    return crd.path("spec").path("versions").get(0).path("schema").path("openAPIV3Schema");
  }
}
