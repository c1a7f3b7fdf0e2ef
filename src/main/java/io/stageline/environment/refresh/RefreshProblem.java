package io.stageline.environment.refresh;

/** A database refresh that must not run as declared; the message names Environments and Secrets, never values. */
final class RefreshProblem extends RuntimeException {
  static final String INVALID = "InvalidDatabaseRefresh";
  static final String SOURCE_NOT_ALLOWED = "RefreshSourceNotAllowed";
  static final String SOURCE_NOT_SHARED = "RefreshSourceNotShared";
  static final String SECRET_NOT_FOUND = "RefreshSecretNotFound";
  static final String TARGET_IS_A_SOURCE = "RefreshTargetIsASource";
  static final String MASKING_REQUIRED = "MaskingRequired";

  private final String reason;

  RefreshProblem(String reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  String reason() {
    return reason;
  }
}
