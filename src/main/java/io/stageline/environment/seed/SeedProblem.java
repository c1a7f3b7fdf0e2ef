package io.stageline.environment.seed;

/** Bad seed input: a condition reason and a message that names objects and rules, never data. */
final class SeedProblem extends RuntimeException {
  private final String reason;

  SeedProblem(String reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  String reason() {
    return reason;
  }
}
