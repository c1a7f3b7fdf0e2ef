package io.stageline.masking.db;

/** A refresh that failed or was refused; its message names tables, columns and rules, never data. */
public class DatabaseRefreshException extends RuntimeException {
  public DatabaseRefreshException(String message) {
    super(message);
  }
}
