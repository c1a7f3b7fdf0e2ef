package io.stageline.masking;

/**
 * A glob with '*' (any characters, also none), matched by the greedy backtrack-to-last-star walk:
 * at most pattern length times text length steps, never the exponential backtracking a regular
 * expression built from the glob can take ({@code a*a*a*...b} against a long key pinned a CPU), so
 * neither a masking rule key nor a table name can make it slow. The one glob matcher of masking and
 * database masking.
 */
public record Glob(String pattern) {

  public boolean matches(String text) {
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
  public boolean matchesTable(String schema, String table) {
    return pattern.indexOf('.') >= 0 ? matches(schema + "." + table) : matches(table);
  }
}
