package io.stageline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonValue;

/** A stage of the delivery path, in the order a release travels it. */
public enum Stage {
  development,
  test,
  staging,
  production;

  /** Higher stages are closer to production; data and releases flow between them by this order. */
  public boolean isAbove(Stage other) {
    return ordinal() > other.ordinal();
  }

  public boolean isProduction() {
    return this == production;
  }

  @JsonValue
  public String value() {
    return name();
  }
}
