package io.stageline.environment.refresh;

/** A database refresh that must not run as declared; the message names Environments and Secrets, never values. */
final class RefreshProblem extends RuntimeException {

  private final String reason;

  RefreshProblem(String reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  String reason() {
    return reason;
  }
}
