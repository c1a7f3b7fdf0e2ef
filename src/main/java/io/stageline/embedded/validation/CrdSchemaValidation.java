package io.stageline.embedded.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.stageline.embedded.FieldError;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The checks kube-apiserver makes on a CustomResourceDefinition's schemas that matter to CEL rules:
 * each rule compiles, needs a message when it spans lines, uses {@code oldSelf} only where old and new
 * values correlate (no enclosing list other than {@code x-kubernetes-list-type: map}), and stays within
 * the static cost budget (10,000,000 per expression, 100,000,000 per schema, with the server's
 * estimate bounded from above by {@link RuleCostEstimator}); {@code uniqueItems} is refused and
 * every node but an int-or-string or preserve-unknown-fields one declares its type. Paths and texts are
 * the server's.
 */
public final class CrdSchemaValidation {
  public static final long RULE_LIMIT = 10_000_000L;
  public static final long CRD_LIMIT = 100_000_000L;
  private static final String HINT = " (try simplifying the rule, or adding maxItems, maxProperties, and maxLength "
      + "where arrays, maps, and strings are declared)";

  private final CelEngine engine;
  private final RuleCostEstimator estimator;

  public CrdSchemaValidation(CelEngine engine) {
    this.engine = engine;
    this.estimator = new RuleCostEstimator(engine);
  }

  /** One rule's (or message expression's) estimated cost, times the most times it can run for one object. */
  public record RuleCost(String field, String expression, long expressionCost, long cardinality, long cost) {}

  /** Field errors for a CustomResourceDefinition (apiextensions.k8s.io/v1), empty when its schemas pass. */
  public List<FieldError> validate(JsonNode crd) {
    List<FieldError> errors = new ArrayList<>();
    JsonNode versions = crd.path("spec").path("versions");
    boolean shared = sharedSchema(versions);
    for (int i = 0; i < versions.size(); i++) {
      JsonNode schema = versions.get(i).path("schema").path("openAPIV3Schema");
      if (!schema.isObject()) {
        continue;
      }
      String prefix = shared ? "spec.validation.openAPIV3Schema" : "spec.versions[" + i + "].schema.openAPIV3Schema";
      errors.addAll(validateSchema(schema, prefix));
      if (shared) {
        break;
      }
    }
    return errors;
  }

  /** Field errors for one openAPIV3Schema whose path is {@code prefix}. */
  public List<FieldError> validateSchema(JsonNode schema, String prefix) {
    List<FieldError> errors = new ArrayList<>();
    List<RuleCost> costs = new ArrayList<>();
    walk(schema, prefix, 1L, null, true, errors, costs);
    long total = 0;
    for (RuleCost cost : costs) {
      total = RuleCostEstimator.add(total, cost.cost());
      if (cost.cost() > RULE_LIMIT) {
        String what = cost.field().endsWith(".messageExpression") ? "estimated messageExpression cost"
            : "estimated rule cost";
        errors.add(FieldError.forbidden(cost.field(), overBudget(what, cost.cost(), RULE_LIMIT)));
      }
    }
    if (total > CRD_LIMIT) {
      costs.stream().filter(c -> c.cost() >= CRD_LIMIT / 100).sorted(Comparator.comparingLong(RuleCost::cost).reversed())
          .limit(4).forEach(c -> errors.add(FieldError.forbidden(c.field(),
              "contributed to estimated rule cost total exceeding cost limit for entire OpenAPIv3 schema")));
      errors.add(FieldError.forbidden(prefix, overBudget(
          "x-kubernetes-validations estimated rule cost total for entire OpenAPIv3 schema", total, CRD_LIMIT)));
    }
    return errors;
  }

  /** Every rule's cost in one openAPIV3Schema, for tests and docs. */
  public List<RuleCost> costs(JsonNode schema, String prefix) {
    List<RuleCost> costs = new ArrayList<>();
    walk(schema, prefix, 1L, null, true, new ArrayList<>(), costs);
    return costs;
  }

  /**
   * @param cardinality how many times this node can occur in one object; -1 when an enclosing list
   *     or map is unbounded
   * @param uncorrelatable the path of the outermost enclosing node where old and new values cannot be
   *     paired, or null
   */
  private void walk(JsonNode schema, String path, long cardinality, String uncorrelatable, boolean root,
      List<FieldError> errors, List<RuleCost> costs) {
    if (!schema.isObject()) {
      return;
    }
    if (schema.path("uniqueItems").asBoolean(false)) {
      errors.add(FieldError.forbidden(path + ".uniqueItems",
          "uniqueItems cannot be set to true since the runtime complexity becomes quadratic"));
    }
    if (!schema.has("type") && !schema.path("x-kubernetes-int-or-string").asBoolean(false)
        && !schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
      errors.add(FieldError.required(path + ".type", root ? "must not be empty at the root"
          : "must not be empty for specified object fields"));
    }
    JsonNode rules = schema.path("x-kubernetes-validations");
    for (int i = 0; i < rules.size(); i++) {
      checkRule(rules.get(i), schema, path + ".x-kubernetes-validations[" + i + "]", cardinality, uncorrelatable,
          root, errors, costs);
    }
    long factor = RuleCostEstimator.maxElements(schema);
    long childCardinality = cardinality < 0 || factor < 0 ? -1 : RuleCostEstimator.mul(cardinality, factor);
    boolean atomicMap = "atomic".equals(schema.path("x-kubernetes-map-type").asText(null));
    for (Map.Entry<String, JsonNode> property : iterable(schema.path("properties"))) {
      walk(property.getValue(), path + ".properties[" + property.getKey() + "]", childCardinality,
          uncorrelatable == null && atomicMap ? path : uncorrelatable, false, errors, costs);
    }
    if (schema.path("items").isObject()) {
      boolean mapList = "map".equals(schema.path("x-kubernetes-list-type").asText(null));
      walk(schema.path("items"), path + ".items", childCardinality,
          uncorrelatable == null && !mapList ? path : uncorrelatable, false, errors, costs);
    }
    if (schema.path("additionalProperties").isObject()) {
      walk(schema.path("additionalProperties"), path + ".additionalProperties", childCardinality, uncorrelatable,
          false, errors, costs);
    }
  }

  private void checkRule(JsonNode validation, JsonNode schema, String path, long cardinality, String uncorrelatable,
      boolean root, List<FieldError> errors, List<RuleCost> costs) {
    String rule = validation.path("rule").asText("");
    String message = validation.path("message").asText("");
    if (rule.isBlank()) {
      errors.add(FieldError.required(path + ".rule", "rule is not specified"));
      return;
    }
    if (message.contains("\n")) {
      errors.add(FieldError.invalid(path + ".message", message, "must not contain line breaks"));
    }
    if (rule.contains("\n") && message.isEmpty() && !validation.has("messageExpression")) {
      errors.add(FieldError.required(path + ".message", "message must be specified if rule contains line breaks"));
    }
    CelEngine.Compiled compiled = engine.compile(rule);
    if (compiled.program() == null) {
      errors.add(FieldError.invalid(path + ".rule", rule, "compilation failed: " + compiled.error()));
      return;
    }
    if (usesOldSelf(rule) && uncorrelatable != null) {
      errors.add(FieldError.invalid(path + ".rule", rule,
          "oldSelf cannot be used on the uncorrelatable portion of the schema within " + uncorrelatable));
    }
    long times = cardinality >= 0 ? cardinality : RuleCostEstimator.unboundedCardinality(schema);
    long cost = estimator.cost(rule, schema, root);
    costs.add(new RuleCost(path + ".rule", rule, cost, times, RuleCostEstimator.mul(cost, times)));
    if (validation.hasNonNull("messageExpression")) {
      String expression = validation.get("messageExpression").asText();
      long messageCost = estimator.cost(expression, schema, root);
      costs.add(new RuleCost(path + ".messageExpression", expression, messageCost, times,
          RuleCostEstimator.mul(messageCost, times)));
    }
  }

  private boolean usesOldSelf(String rule) {
    try {
      return mentions(engine.parse(rule), "oldSelf");
    } catch (IllegalArgumentException e) {
      return rule.contains("oldSelf");
    }
  }

  private static boolean mentions(dev.cel.common.ast.CelExpr e, String name) {
    return switch (e.getKind()) {
      case IDENT -> e.ident().name().equals(name);
      case SELECT -> mentions(e.select().operand(), name);
      case CALL -> e.call().target().map(t -> mentions(t, name)).orElse(false)
          || e.call().args().stream().anyMatch(a -> mentions(a, name));
      case LIST -> e.list().elements().stream().anyMatch(a -> mentions(a, name));
      case MAP -> e.map().entries().stream().anyMatch(m -> mentions(m.key(), name) || mentions(m.value(), name));
      case STRUCT -> e.struct().entries().stream().anyMatch(f -> mentions(f.value(), name));
      case COMPREHENSION -> mentions(e.comprehension().iterRange(), name) || mentions(e.comprehension().accuInit(), name)
          || mentions(e.comprehension().loopCondition(), name) || mentions(e.comprehension().loopStep(), name)
          || mentions(e.comprehension().result(), name);
      default -> false;
    };
  }

  /** The server's wording of how far over a limit a cost is. */
  static String overBudget(String what, long cost, long limit) {
    double factor = (double) cost / limit;
    String text;
    if (factor > 100.0) {
      text = "more than 100x";
    } else if (factor < 1.5) {
      text = String.format(Locale.ROOT, "%fx", factor);
    } else {
      text = String.format(Locale.ROOT, "%.1fx", factor);
    }
    return what + " exceeds budget by factor of " + text + HINT;
  }

  /** kube-apiserver reports one schema under spec.validation when every version has the same one. */
  private static boolean sharedSchema(JsonNode versions) {
    if (versions.size() == 0) {
      return false;
    }
    JsonNode first = versions.get(0).path("schema");
    for (JsonNode version : versions) {
      if (!version.path("schema").equals(first)) {
        return false;
      }
    }
    return true;
  }

  private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode object) {
    return object::fields;
  }
}
