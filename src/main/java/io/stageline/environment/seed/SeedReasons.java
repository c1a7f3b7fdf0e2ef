package io.stageline.environment.seed;

/** Reasons of the SeedDataReady condition and of seeding's Events and audit lines. */
public final class SeedReasons {
  public static final String SEEDED = "Seeded";
  public static final String SEED_DATA_COPIED = "SeedDataCopied";
  public static final String MASKING_REQUIRED = "MaskingRequired";
  public static final String SOURCE_NOT_FOUND = "SeedSourceNotFound";
  /** The named Environment does not own the namespace it names (it was refused), or the namespace is reserved. */
  public static final String SOURCE_NOT_OWNED = "SeedSourceNotOwned";
  public static final String MASKING_TIMED_OUT = "MaskingTimedOut";
  public static final String SOURCE_OBJECT_NOT_FOUND = "SeedObjectNotFound";
  public static final String INVALID_SEED_DATA = "InvalidSeedData";
  public static final String INVALID_MASKING_RULE = "InvalidMaskingRule";
  public static final String TARGET_NOT_SEEDED = "SeedTargetExists";
  public static final String SEED_FAILED = "SeedFailed";

  private SeedReasons() {}
}
