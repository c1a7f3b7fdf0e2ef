package io.stageline.masking.db;

import java.util.function.UnaryOperator;

/**
 * The last keyed permutations of one run, so that a referencing column (orders.customer_email) does
 * not pay FF1 again for the values its referenced key column (customers.email) already masked, nor a
 * key for a value repeated in it. Direct-mapped and bounded: a slot holds the last input that hashed
 * to it; a miss just computes. The permutation is a pure function of key and input, so a hit gives
 * exactly what computing would. Shared by a run's workers without locks: a slot is replaced whole by an
 * immutable entry (final fields are safely published), and a lost race only costs a recomputation.
 * Holds source values only in memory, for the run.
 */
final class PermutationCache {
  private static final int SLOTS = 1 << 17;
  private final Entry[] slots = new Entry[SLOTS];

  private record Entry(String input, String output) {}

  /** {@code domain} separates permutations of different kinds (text, integers of one range) of the same input. */
  String get(String domain, String value, UnaryOperator<String> permute) {
    String input = domain.isEmpty() ? value : domain + '\u0000' + value;
    int h = input.hashCode();
    int slot = (h ^ (h >>> 17) ^ (h >>> 7)) & (SLOTS - 1);
    Entry e = slots[slot];
    if (e != null && e.input.equals(input)) {
      return e.output;
    }
    String out = permute.apply(value);
    slots[slot] = new Entry(input, out);
    return out;
  }
}
