package io.stageline.environment.seed;

/** Labels and annotations on seeded objects. */
public final class SeedLabels {
  /** On every object seeding wrote: {@code true}; seeding prunes only objects that carry it. */
  public static final String SEEDED = "stageline.io/seeded";
  /** The Environment a copy came from, or {@code synthetic}. */
  public static final String SOURCE = "stageline.io/seed-source";
  /** {@code true} when the values were masked on the way. */
  public static final String MASKED = "stageline.io/masked";
  static final String PURPOSE = "stageline.io/purpose";

  private SeedLabels() {}
}
