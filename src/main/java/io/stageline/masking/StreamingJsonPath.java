package io.stageline.masking;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A JSON path that a streaming parser can follow without the document's tree: {@code $}, member
 * names ({@code .name}, {@code ['name']}, several in one bracket), array indexes ({@code [0]},
 * {@code [0,2]}), wildcards ({@code .*}, {@code [*]}) and deep scan ({@code ..name}, {@code ..[0]},
 * {@code ..*}), with Jayway JsonPath's meaning (a name never matches an array element, an index
 * never an object member). Filters, slices, negative indexes and functions need the whole
 * document: {@link #compile} answers {@code null} for them and the caller falls back to the tree.
 *
 * <p>Matching is a small NFA over the steps: the state of a node is a bit set of the steps matched
 * so far, the state of a child follows from its name or index alone.
 */
final class StreamingJsonPath {
  private record Step(boolean deep, boolean any, Set<String> names, Set<Integer> indexes) {
    boolean matches(String name, int index) {
      if (any) {
        return true;
      }
      return name != null ? names != null && names.contains(name) : indexes != null && indexes.contains(index);
    }
  }

  private final Step[] steps;
  private final long accept;

  private StreamingJsonPath(List<Step> steps) {
    this.steps = steps.toArray(Step[]::new);
    this.accept = 1L << steps.size();
  }

  /** The state of the document's root. */
  static long root() {
    return 1L;
  }

  /** Whether a node in {@code state} is selected by this path. */
  boolean selects(long state) {
    return (state & accept) != 0;
  }

  /** The state of a child: a member {@code name}, or (name {@code null}) the array element at {@code index}. */
  long child(long state, String name, int index) {
    long next = 0;
    for (long bits = state; bits != 0; bits &= bits - 1) {
      int i = Long.numberOfTrailingZeros(bits);
      if (i >= steps.length) {
        continue;
      }
      Step s = steps[i];
      if (s.deep) {
        next |= 1L << i;
      }
      if (s.matches(name, index)) {
        next |= 1L << (i + 1);
      }
    }
    return next;
  }

  /** The path as a streaming matcher, or {@code null} when it needs the whole document. */
  static StreamingJsonPath compile(String text) {
    String p = text == null ? "" : text.strip();
    if (!p.startsWith("$")) {
      return null;
    }
    List<Step> steps = new ArrayList<>();
    int i = 1;
    while (i < p.length()) {
      boolean deep = false;
      char c = p.charAt(i);
      if (p.startsWith("..", i)) {
        deep = true;
        i += 2;
      } else if (c == '.') {
        i++;
      } else if (c != '[') {
        return null;
      }
      if (i >= p.length()) {
        return null;
      }
      c = p.charAt(i);
      if (c == '[') {
        int end = p.indexOf(']', i);
        if (end < 0) {
          return null;
        }
        Step step = bracket(deep, p.substring(i + 1, end));
        if (step == null) {
          return null;
        }
        steps.add(step);
        i = end + 1;
      } else if (c == '*') {
        steps.add(new Step(deep, true, null, null));
        i++;
      } else {
        int start = i;
        while (i < p.length() && (Character.isLetterOrDigit(p.charAt(i)) || p.charAt(i) == '_' || p.charAt(i) == '-')) {
          i++;
        }
        if (i == start) {
          return null;
        }
        steps.add(new Step(deep, false, Set.of(p.substring(start, i)), null));
      }
      if (steps.size() > 60) {
        return null;
      }
    }
    return new StreamingJsonPath(steps);
  }

  /** {@code *}, indexes {@code 0,2} or quoted names {@code 'a','b'}; anything else is not streamable. */
  private static Step bracket(boolean deep, String inner) {
    String s = inner.strip();
    if (s.equals("*")) {
      return new Step(deep, true, null, null);
    }
    if (s.isEmpty()) {
      return null;
    }
    if (s.charAt(0) == '\'' || s.charAt(0) == '"') {
      Set<String> names = new HashSet<>();
      for (String part : s.split(",", -1)) {
        String q = part.strip();
        if (q.length() < 2 || q.charAt(0) != q.charAt(q.length() - 1) || (q.charAt(0) != '\'' && q.charAt(0) != '"')) {
          return null;
        }
        String name = q.substring(1, q.length() - 1);
        if (name.indexOf('\\') >= 0 || name.indexOf('\'') >= 0 || name.indexOf('"') >= 0 || name.indexOf(']') >= 0) {
          return null;
        }
        names.add(name);
      }
      return new Step(deep, false, Set.copyOf(names), null);
    }
    Set<Integer> indexes = new HashSet<>();
    for (String part : s.split(",", -1)) {
      String n = part.strip();
      if (n.isEmpty() || n.length() > 9 || !n.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
        return null;
      }
      indexes.add(Integer.parseInt(n));
    }
    return new Step(deep, false, null, Set.copyOf(indexes));
  }
}
