package io.stageline.masking.db;

/**
 * A glob with '*' (any characters, also none), matched in linear time by the usual greedy
 * backtrack-to-last-star walk (no regular expression, so a table name cannot make it slow).
 */
record Glob(String pattern) {

  boolean matches(String text) {
    int p = 0;
    int t = 0;
    int star = -1;
    int mark = 0;
    while (t < text.length()) {
      if (p < pattern.length() && pattern.charAt(p) != '*' && pattern.charAt(p) == text.charAt(t)) {
        p++;
        t++;
      } else if (p < pattern.length() && pattern.charAt(p) == '*') {
        star = p++;
        mark = t;
      } else if (star >= 0) {
        p = star + 1;
        t = ++mark;
      } else {
        return false;
      }
    }
    while (p < pattern.length() && pattern.charAt(p) == '*') {
      p++;
    }
    return p == pattern.length();
  }

  /** A table glob with a '.' matches schema.table; without one it matches the table name in any schema. */
  boolean matchesTable(String schema, String table) {
    return pattern.indexOf('.') >= 0 ? matches(schema + "." + table) : matches(table);
  }
}
