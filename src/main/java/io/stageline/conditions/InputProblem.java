package io.stageline.conditions;

/**
 * Bad input: a user-written value the operator refuses, where no schema or CEL rule could refuse it at
 * admission. It is answered with {@code conditionType} False with this reason and message and one Warning
 * event, and nothing else changes. The message names objects, fields and rules, never a stored value.
 */
public record InputProblem(String conditionType, String reason, String message) {
  /** For a check deep in a planner: an exception that unwinds to the step, which reports this problem. */
  public Refused refused() {
    return new Refused(this);
  }

  /** Carries an {@link InputProblem} out of a check; it has no stack trace, since it is no fault. */
  public static final class Refused extends RuntimeException {
    private final transient InputProblem problem;

    private Refused(InputProblem problem) {
      super(problem.message(), null, false, false);
      this.problem = problem;
    }

    public InputProblem problem() {
      return problem;
    }
  }
}
