package io.stageline.embedded.validation;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Compiles and evaluates CEL expressions with cel-java, all variables dynamically typed (the
 * objects are JSON), with the standard macros and the string and list extensions Kubernetes
 * offers. Compiled programs are cached by expression.
 */
public final class CelEngine {
  private final Cel cel;
  private final Map<String, Compiled> cache = new ConcurrentHashMap<>();

  /** A compiled expression, or the reason it does not compile. */
  public record Compiled(CelRuntime.Program program, String error) {}

  public CelEngine(List<String> variables) {
    this(variables, builder -> { });
  }

  /** With declarations of its own, e.g. the authorizer library of admission policies. */
  public CelEngine(List<String> variables, java.util.function.Consumer<dev.cel.bundle.CelBuilder> library) {
    var builder = CelFactory.standardCelBuilder()
        .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
        .setOptions(CelOptions.current().enableHeterogeneousNumericComparisons(true).build())
        .addCompilerLibraries(CelExtensions.strings(), CelExtensions.lists())
        .addRuntimeLibraries(CelExtensions.strings(), CelExtensions.lists());
    for (String variable : variables) {
      builder.addVar(variable, SimpleType.DYN);
    }
    library.accept(builder);
    this.cel = builder.build();
  }

  private static final CelEngine CRD_RULES = new CelEngine(List.of("self", "oldSelf"));

  /**
   * The engine for CRD validation rules, shared by every embedded API in the JVM: cel-java
   * environments and programs are immutable, and compiling once keeps the first writes of each
   * new API (every test starts one) from stalling its event loop.
   */
  public static CelEngine forCrdRules() {
    return CRD_RULES;
  }

  public Compiled compile(String expression) {
    return cache.computeIfAbsent(expression, e -> {
      try {
        return new Compiled(cel.createProgram(cel.compile(e).getAst()), null);
      } catch (CelValidationException ex) {
        return new Compiled(null, ex.getMessage());
      } catch (RuntimeException | dev.cel.common.CelException ex) {
        return new Compiled(null, String.valueOf(ex.getMessage()));
      }
    });
  }

  /** The parsed expression with its macros expanded (no type check); a syntax error is an {@link IllegalArgumentException}. */
  public dev.cel.common.ast.CelExpr parse(String expression) {
    try {
      return cel.parse(expression).getAst().getExpr();
    } catch (CelValidationException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
  }

  /** Evaluates an expression; a compile or evaluation failure is an {@link IllegalArgumentException}. */
  public Object evaluate(String expression, Map<String, ?> variables) {
    Compiled compiled = compile(expression);
    if (compiled.program() == null) {
      throw new IllegalArgumentException("compilation failed: " + compiled.error());
    }
    try {
      return compiled.program().eval(variables);
    } catch (CelEvaluationException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
  }
}
