package io.stageline.masking;

import java.time.Clock;
import java.time.Instant;

/**
 * The time a masking run may take, checked inside a value as well as between values: by every
 * value masked, every few hundred findings of a scan, and every few thousand characters a regular
 * expression reads ({@link #watch}), so one huge or hostile value cannot hold a reconcile thread
 * past the deadline either. Not thread-safe (one per masking run, like {@link Masker}).
 */
final class MaskingBudget {
  /** No deadline: for maskers used outside a run (the CLI masks a dump it was given). */
  static final MaskingBudget NONE = new MaskingBudget(null, null);
  private static final int CHECK_EVERY = 4096;

  private final Clock clock;
  private final Instant deadline;
  private int ticks;

  MaskingBudget(Clock clock, Instant deadline) {
    this.clock = clock;
    this.deadline = deadline;
  }

  /** Throws {@link MaskingBudgetExceededException} once the deadline has passed. */
  void check() {
    if (deadline != null && clock.instant().isAfter(deadline)) {
      throw new MaskingBudgetExceededException();
    }
  }

  /** One unit of work inside a value: checks the deadline every few thousand units. */
  void tick() {
    if (deadline != null && ++ticks % CHECK_EVERY == 0) {
      check();
    }
  }

  /**
   * The text as a regular expression reads it: each character read is a tick, so a match that runs
   * long (a pattern backtracking over a long run of digits) stops at the deadline too.
   */
  CharSequence watch(String text) {
    return deadline == null ? text : new Watched(text);
  }

  private final class Watched implements CharSequence {
    private final String text;

    Watched(String text) {
      this.text = text;
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public char charAt(int index) {
      tick();
      return text.charAt(index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return text.subSequence(start, end);
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
