package io.stageline.masking;

/** A masking run took longer than its budget (see {@link Masker#withBudget}); nothing it produced is used. */
public final class MaskingBudgetExceededException extends RuntimeException {
  public MaskingBudgetExceededException() {
    super("masking took longer than its time budget", null, false, false);
  }
}
