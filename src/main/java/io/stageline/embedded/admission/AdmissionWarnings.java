package io.stageline.embedded.admission;

import java.util.ArrayList;
import java.util.List;

/**
 * Warnings admission gives back with a write (HTTP {@code Warning: 299 - "..."} headers, which kubectl prints
 * as {@code Warning: ...}). Collected per request on the request's thread, since the admission steps
 * return only the admitted object.
 */
public final class AdmissionWarnings {
  private static final ThreadLocal<List<String>> CURRENT = new ThreadLocal<>();

  private AdmissionWarnings() {}

  /** Starts collecting for the request handled on this thread; {@link #end()} hands them over. */
  public static void begin() {
    CURRENT.set(new ArrayList<>());
  }

  public static List<String> end() {
    List<String> warnings = CURRENT.get();
    CURRENT.remove();
    return warnings == null ? List.of() : warnings;
  }

  static void add(String warning) {
    List<String> warnings = CURRENT.get();
    if (warnings != null && !warnings.contains(warning)) {
      warnings.add(warning);
    }
  }
}
