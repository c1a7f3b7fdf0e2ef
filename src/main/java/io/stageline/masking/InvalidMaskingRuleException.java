package io.stageline.masking;

/** A masking rule that cannot be applied; its message names the rule, never any data. */
public class InvalidMaskingRuleException extends IllegalArgumentException {
  public InvalidMaskingRuleException(String message) {
    super(message);
  }
}
