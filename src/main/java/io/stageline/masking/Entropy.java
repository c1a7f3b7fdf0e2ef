package io.stageline.masking;

import java.util.SplittableRandom;

/**
 * Where fake values get their choices from: keyed hashes of the original when masking (so the
 * same input always fakes to the same output), a seeded generator when synthesising data.
 */
public interface Entropy {
  /** A value in [0, bound). */
  int nextInt(int bound);

  default char digit() {
    return (char) ('0' + nextInt(10));
  }

  default char upper() {
    return (char) ('A' + nextInt(26));
  }

  default char lower() {
    return (char) ('a' + nextInt(26));
  }

  default <T> T pick(T[] choices) {
    return choices[nextInt(choices.length)];
  }

  default String digits(int count) {
    StringBuilder sb = new StringBuilder(count);
    for (int i = 0; i < count; i++) {
      sb.append(digit());
    }
    return sb.toString();
  }

  /** A seeded source for synthetic data: the same seed gives the same sequence. */
  static Entropy seeded(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    return random::nextInt;
  }
}
