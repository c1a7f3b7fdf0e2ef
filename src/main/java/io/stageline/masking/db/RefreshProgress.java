package io.stageline.masking.db;

import java.time.Duration;
import java.util.Locale;

/**
 * Where a refresh stands: the table being copied (its position among all), rows and bytes copied so
 * far over the whole run, and the time since it started.
 */
public record RefreshProgress(String table, int tableNumber, int tables, long rows, long bytes, Duration elapsed,
    boolean tableDone) {

  public double rowsPerSecond() {
    double s = Math.max(1e-3, elapsed.toNanos() / 1e9);
    return rows / s;
  }

  public double megabytesPerSecond() {
    double s = Math.max(1e-3, elapsed.toNanos() / 1e9);
    return bytes / 1e6 / s;
  }

  /** One line for a log or a terminal; names the table, never data. */
  public String line() {
    return String.format(Locale.ROOT, "%s %s (%d/%d): %d rows, %.1f MB in %.1f s, %.0f rows/s, %.1f MB/s",
        tableDone ? "copied" : "copying", table, tableNumber, tables, rows, bytes / 1e6, elapsed.toMillis() / 1e3,
        rowsPerSecond(), megabytesPerSecond());
  }
}
