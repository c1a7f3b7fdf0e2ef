package io.stageline.embedded.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An upper bound of the cost kube-apiserver estimates for a CRD validation rule when it admits the
 * CRD. Only cel-go has a cost estimator (cel-java has none), so this follows cel-go's checker
 * ({@code checker/cost.go}) and Kubernetes' size estimates from the schema ({@code maxItems},
 * {@code maxLength} x 4, {@code maxProperties}, enums; unbounded ones as many as fit in a 3 MiB request),
 * rounding every uncertainty up: a function it does not model is charged as one pass over its
 * arguments, a value of unknown size as unbounded. The result is therefore never below the server's
 * estimate; {@code CrdRuleCostTest} holds it against the server's own numbers.
 */
public final class RuleCostEstimator {
  /** {@code celconfig.MaxRequestSizeBytes}. */
  public static final long MAX_REQUEST_BYTES = 3L * 1024 * 1024;
  private static final long UNBOUNDED_STRING = MAX_REQUEST_BYTES - 2;
  private static final long UNKNOWN = Long.MAX_VALUE;
  private static final Set<String> COMPARISONS = Set.of("_==_", "_!=_", "_<_", "_<=_", "_>_", "_>=_");
  private static final Set<String> CONSTANT_COST = Set.of("size", "!_", "-_", "_-_", "_*_", "_/_", "_%_", "int",
      "uint", "double", "bool", "type", "dyn", "duration", "timestamp", "@not_strictly_false", "not_strictly_false",
      "has", "isQuantity", "quantity", "isSemver", "semver", "getHours", "getMinutes", "getSeconds",
      "getDayOfWeek", "getFullYear", "getMonth", "getDate");

  private final CelEngine engine;

  public RuleCostEstimator(CelEngine engine) {
    this.engine = engine;
  }

  /** What an expression evaluates to, as far as its cost is concerned. */
  private record Value(JsonNode schema, long size, Value element, boolean list, boolean map) {
    static final Value UNKNOWN_VALUE = new Value(null, UNKNOWN, null, false, false);
    static final Value SCALAR = new Value(null, 1, null, false, false);

    static Value sized(long size) {
      return new Value(null, size, null, false, false);
    }
  }

  private record Cost(long cost, Value value) {}

  /**
   * The estimated cost of {@code expression} at a schema node; {@code root} when the node is a
   * resource's root (where {@code apiVersion}, {@code kind} and {@code metadata} are also readable).
   * A rule that does not parse is the caller's concern; it costs {@link Long#MAX_VALUE} here.
   */
  public long cost(String expression, JsonNode schema, boolean root) {
    CelExpr ast;
    try {
      ast = engine.parse(expression);
    } catch (IllegalArgumentException e) {
      return UNKNOWN;
    }
    Map<String, Deque<Value>> scope = new HashMap<>();
    Value self = value(root ? withObjectMeta(schema) : schema);
    push(scope, "self", self);
    push(scope, "oldSelf", self);
    return estimate(ast, scope).cost();
  }

  /** The number of times a rule at a node can run for one object when every enclosing list or map is unbounded. */
  public static long unboundedCardinality(JsonNode schema) {
    return MAX_REQUEST_BYTES / (minSerializedSize(schema) + 1);
  }

  /** The factor by which a node multiplies the cardinality of its children; -1 when unbounded. */
  public static long maxElements(JsonNode schema) {
    String type = schema.path("type").asText("");
    if (type.equals("array")) {
      return schema.has("maxItems") ? Math.max(0, schema.get("maxItems").asLong()) : -1;
    }
    if (type.equals("object") && schema.path("additionalProperties").isObject()) {
      return schema.has("maxProperties") ? Math.max(0, schema.get("maxProperties").asLong()) : -1;
    }
    return 1;
  }

  private Cost estimate(CelExpr e, Map<String, Deque<Value>> scope) {
    return switch (e.getKind()) {
      case CONSTANT -> new Cost(0, constant(e.constant()));
      case IDENT -> {
        Deque<Value> bound = scope.get(e.ident().name());
        yield new Cost(1, bound == null || bound.isEmpty() ? Value.UNKNOWN_VALUE : bound.peek());
      }
      case SELECT -> {
        Cost operand = estimate(e.select().operand(), scope);
        if (e.select().testOnly()) {
          yield new Cost(add(operand.cost(), 1), Value.SCALAR);
        }
        yield new Cost(add(operand.cost(), 1), field(operand.value(), e.select().field()));
      }
      case CALL -> call(e.call(), scope);
      case LIST -> {
        long sum = 10;
        long elementSize = 0;
        Value element = null;
        for (CelExpr item : e.list().elements()) {
          Cost c = estimate(item, scope);
          sum = add(sum, c.cost());
          elementSize = Math.max(elementSize, c.value().size());
          element = c.value();
        }
        Value elements = element == null ? Value.SCALAR : new Value(element.schema(), elementSize, element.element(),
            element.list(), element.map());
        yield new Cost(sum, new Value(null, e.list().elements().size(), elements, true, false));
      }
      case MAP -> {
        long sum = 30;
        for (CelExpr.CelMap.Entry entry : e.map().entries()) {
          sum = add(sum, add(estimate(entry.key(), scope).cost(), estimate(entry.value(), scope).cost()));
        }
        yield new Cost(sum, new Value(null, e.map().entries().size(), Value.UNKNOWN_VALUE, false, true));
      }
      case STRUCT -> {
        long sum = 40;
        for (CelExpr.CelStruct.Entry entry : e.struct().entries()) {
          sum = add(sum, estimate(entry.value(), scope).cost());
        }
        yield new Cost(sum, Value.UNKNOWN_VALUE);
      }
      case COMPREHENSION -> comprehension(e.comprehension(), scope);
      default -> new Cost(UNKNOWN, Value.UNKNOWN_VALUE);
    };
  }

  private Cost comprehension(CelExpr.CelComprehension c, Map<String, Deque<Value>> scope) {
    Cost range = estimate(c.iterRange(), scope);
    Cost init = estimate(c.accuInit(), scope);
    long count = range.value().size();
    Value element = range.value().map() ? Value.sized(UNBOUNDED_STRING) // map keys: no schema bounds them
        : range.value().element() == null ? Value.UNKNOWN_VALUE : range.value().element();
    boolean containerAccumulator = c.accuInit().getKind() == CelExpr.ExprKind.Kind.LIST
        || c.accuInit().getKind() == CelExpr.ExprKind.Kind.MAP;
    Value accumulator = containerAccumulator ? new Value(null, count, Value.UNKNOWN_VALUE, true, false) : init.value();
    push(scope, c.accuVar(), accumulator);
    push(scope, c.iterVar(), element);
    boolean two = c.iterVar2() != null && !c.iterVar2().isEmpty();
    if (two) {
      push(scope, c.iterVar2(), element);
    }
    long perItem = add(estimate(c.loopCondition(), scope).cost(), estimate(c.loopStep(), scope).cost());
    pop(scope, c.iterVar());
    if (two) {
      pop(scope, c.iterVar2());
    }
    Cost result = estimate(c.result(), scope);
    pop(scope, c.accuVar());
    long cost = add(add(range.cost(), init.cost()), add(mul(count, perItem), result.cost()));
    return new Cost(cost, containerAccumulator ? accumulator : result.value());
  }

  private Cost call(CelExpr.CelCall call, Map<String, Deque<Value>> scope) {
    String function = call.function();
    List<CelExpr> args = call.args();
    Cost target = call.target().isPresent() ? estimate(call.target().get(), scope) : null;
    Cost[] a = new Cost[args.size()];
    long sum = target == null ? 0 : target.cost();
    for (int i = 0; i < a.length; i++) {
      a[i] = estimate(args.get(i), scope);
      sum = add(sum, a[i].cost());
    }
    if ((function.equals("_&&_") || function.equals("_||_")) && a.length == 2) {
      return new Cost(sum, Value.SCALAR);
    }
    if (function.equals("_?_:_") && a.length == 3) {
      Value larger = a[1].value().size() >= a[2].value().size() ? a[1].value() : a[2].value();
      return new Cost(add(a[0].cost(), Math.max(a[1].cost(), a[2].cost())), larger);
    }
    if (COMPARISONS.contains(function) && a.length == 2) {
      long smaller = Math.min(a[0].value().size(), a[1].value().size());
      return new Cost(add(sum, Math.max(1, traversal(smaller, 0.1))), Value.SCALAR);
    }
    if (function.equals("@in") && a.length == 2) {
      long cost = a[1].value().map() ? 1 : Math.max(1, a[1].value().size());
      return new Cost(add(sum, cost), Value.SCALAR);
    }
    if (function.equals("_[_]") && a.length == 2) {
      Value container = a[0].value();
      Value element = container.element() != null ? container.element() : Value.UNKNOWN_VALUE;
      return new Cost(add(sum, 1), element);
    }
    if (function.equals("_+_") && a.length == 2) {
      long size = add(a[0].value().size(), a[1].value().size());
      if (a[0].value().list() || a[1].value().list()) {
        Value element = a[0].value().element() != null ? a[0].value().element() : a[1].value().element();
        return new Cost(add(sum, 1), new Value(null, size, element, true, false));
      }
      return new Cost(add(sum, Math.max(1, traversal(size, 0.1))), Value.sized(size));
    }
    long subject = target != null ? target.value().size() : a.length > 0 ? a[0].value().size() : 1;
    long argument = target != null ? (a.length > 0 ? a[0].value().size() : 1) : (a.length > 1 ? a[1].value().size() : 1);
    switch (function) {
      case "matches", "find", "findAll" -> {
        return new Cost(add(sum, mul(traversal(add(subject, 1), 0.1), traversal(argument, 0.25))),
            function.equals("matches") ? Value.SCALAR : Value.sized(subject));
      }
      case "contains" -> {
        return new Cost(add(sum, Math.max(1, mul(traversal(subject, 0.1), traversal(argument, 0.1)))), Value.SCALAR);
      }
      case "startsWith", "endsWith" -> {
        return new Cost(add(sum, Math.max(1, traversal(argument, 0.1))), Value.SCALAR);
      }
      case "lowerAscii", "upperAscii", "trim", "substring", "url", "isURL", "charAt", "reverse", "quote" -> {
        return new Cost(add(sum, Math.max(1, traversal(subject, 0.1))), Value.sized(mul(subject, 2)));
      }
      default -> {
        if (CONSTANT_COST.contains(function)) {
          return new Cost(add(sum, 1), Value.SCALAR);
        }
        // Not modelled (replace, split, join, format, sets, list helpers, ...): charged as one pass
        // over every argument at full weight, with a result of unknown size.
        long all = target == null ? 0 : target.value().size();
        for (Cost arg : a) {
          all = add(all, arg.value().size());
        }
        return new Cost(add(sum, add(1, mul(2, all))), Value.UNKNOWN_VALUE);
      }
    }
  }

  private static Value constant(CelConstant constant) {
    return switch (constant.getKind()) {
      case STRING_VALUE -> Value.sized(constant.stringValue().codePointCount(0, constant.stringValue().length()));
      case BYTES_VALUE -> Value.sized(constant.bytesValue().size());
      default -> Value.SCALAR;
    };
  }

  private static Value field(Value operand, String celName) {
    JsonNode schema = operand.schema();
    if (schema == null) {
      return Value.UNKNOWN_VALUE;
    }
    JsonNode properties = schema.path("properties");
    Iterator<Map.Entry<String, JsonNode>> fields = properties.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      if (CelValues.escape(f.getKey()).equals(celName)) {
        return value(f.getValue());
      }
    }
    if (schema.path("additionalProperties").isObject()) {
      return value(schema.path("additionalProperties"));
    }
    return Value.UNKNOWN_VALUE;
  }

  /** Kubernetes' size of a schema node (DeclType.MaxElements), with its element for lists and maps. */
  private static Value value(JsonNode schema) {
    if (schema == null || schema.isMissingNode()) {
      return Value.UNKNOWN_VALUE;
    }
    if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
      return new Value(schema, schema.has("maxLength") ? mul(schema.get("maxLength").asLong(), 4) : UNBOUNDED_STRING,
          null, false, false);
    }
    String type = schema.path("type").asText("");
    switch (type) {
      case "string" -> {
        long size;
        if (schema.has("maxLength")) {
          size = mul(Math.max(0, schema.get("maxLength").asLong()), 4);
        } else if (schema.path("enum").isArray() && !schema.path("enum").isEmpty()) {
          size = 0;
          for (JsonNode option : schema.path("enum")) {
            size = Math.max(size, option.asText().length());
          }
        } else {
          size = UNBOUNDED_STRING;
        }
        return new Value(schema, size, null, false, false);
      }
      case "array" -> {
        JsonNode items = schema.path("items");
        long max = schema.has("maxItems") ? Math.max(0, schema.get("maxItems").asLong())
            : (MAX_REQUEST_BYTES - 2) / (minSerializedSize(items) + 1);
        return new Value(schema, max, value(items), true, false);
      }
      case "object" -> {
        JsonNode values = schema.path("additionalProperties");
        if (values.isObject()) {
          long max = schema.has("maxProperties") ? Math.max(0, schema.get("maxProperties").asLong())
              : (MAX_REQUEST_BYTES - 2) / (minSerializedSize(values) + 6);
          return new Value(schema, max, value(values), false, true);
        }
        // cel-go sizes an object as 0: comparing two objects is estimated as cheap as comparing scalars
        return new Value(schema, 0, null, false, false);
      }
      case "integer", "number", "boolean" -> {
        return new Value(schema, 1, null, false, false);
      }
      default -> {
        return Value.UNKNOWN_VALUE;
      }
    }
  }

  /** The smallest JSON an instance of the schema can serialise to (DeclType.MinSerializedSize), rounded down. */
  static long minSerializedSize(JsonNode schema) {
    if (schema == null || schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
      return 1;
    }
    return switch (schema.path("type").asText("")) {
      case "string", "array" -> 2;
      case "boolean" -> 4;
      case "object" -> {
        long size = 2;
        if (!schema.path("additionalProperties").isObject()) {
          for (JsonNode required : schema.path("required")) {
            JsonNode property = schema.path("properties").path(required.asText());
            if (!property.isMissingNode() && !property.has("default")) {
              size += required.asText().length() + minSerializedSize(property) + 4;
            }
          }
        }
        yield size;
      }
      default -> 1;
    };
  }

  /** At a resource's root, apiVersion, kind and metadata.name/generateName are readable even if undeclared. */
  private static JsonNode withObjectMeta(JsonNode schema) {
    if (schema.path("properties").has("metadata") && schema.path("properties").path("metadata").has("properties")) {
      return schema;
    }
    var copy = schema.deepCopy();
    var properties = ((com.fasterxml.jackson.databind.node.ObjectNode) copy).withObject("properties");
    properties.putObject("apiVersion").put("type", "string");
    properties.putObject("kind").put("type", "string");
    var meta = properties.putObject("metadata").put("type", "object").putObject("properties");
    // the API server bounds metadata.name (a DNS subdomain) for the estimate
    meta.putObject("name").put("type", "string").put("maxLength", 253);
    meta.putObject("generateName").put("type", "string");
    return copy;
  }

  private static long traversal(long size, double factor) {
    if (size == UNKNOWN) {
      return UNKNOWN;
    }
    return (long) Math.ceil(size * factor);
  }

  static long add(long a, long b) {
    long r = a + b;
    return ((a ^ r) & (b ^ r)) < 0 ? UNKNOWN : r;
  }

  static long mul(long a, long b) {
    if (a == 0 || b == 0) {
      return 0;
    }
    return a > UNKNOWN / b ? UNKNOWN : a * b;
  }

  private static void push(Map<String, Deque<Value>> scope, String name, Value value) {
    scope.computeIfAbsent(name, k -> new ArrayDeque<>()).push(value);
  }

  private static void pop(Map<String, Deque<Value>> scope, String name) {
    Deque<Value> bound = scope.get(name);
    if (bound != null && !bound.isEmpty()) {
      bound.pop();
    }
  }
}
