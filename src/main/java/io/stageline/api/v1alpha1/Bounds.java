package io.stageline.api.v1alpha1;

/**
 * Size limits of the lists, maps and strings that CEL rules touch or sit under. kube-apiserver
 * estimates a rule's cost from these bounds (an unbounded list counts as about a million items), and
 * refuses a CRD whose rules could cost more than its budget; the values are generous for real use
 * and are documented in docs/api.md.
 */
public final class Bounds {
  /** Gates of a promotion, its verification, or an Environment's automatic promotions. */
  public static final int GATES = 32;
  /** Approvals a promotion keeps; approvals are append-only, so this also caps attempts. */
  public static final int APPROVALS = 64;
  /** Groups or users an approval gate names. */
  public static final int APPROVERS = 64;
  /** Secrets an Environment provides. */
  public static final int SECRETS = 128;
  /** Seed data entries of an Environment. */
  public static final int SEED_DATA = 64;
  /** Fields of one synthetic seed data set. */
  public static final int SYNTHETIC_FIELDS = 128;
  /** Values of a choice field. */
  public static final int CHOICE_VALUES = 256;
  /** Masking rules of an Environment. */
  public static final int MASKING_RULES = 256;
  /** Database refreshes of an Environment. */
  public static final int DATABASE_REFRESHES = 16;
  /** Table globs a database refresh includes or excludes. */
  public static final int TABLE_GLOBS = 256;
  /** Grants of an AccessPolicy, subjects of a grant, names of its environments selector. */
  public static final int GRANTS = 256;
  public static final int SUBJECTS = 256;
  public static final int NAMES = 256;
  /** Delivery paths an AccessPolicy selects. */
  public static final int PATHS = 64;
  /** An object name (DNS-1123 subdomain). */
  public static final int NAME_LENGTH = 253;
  /** A namespace name (DNS-1123 label). */
  public static final int NAMESPACE_LENGTH = 63;
  /** A user name as the API server reports it (OIDC subjects can be long URLs). */
  public static final int USERNAME_LENGTH = 1024;

  /** Freezes, allow and deny periods of a window gate, and exceptions of one period. */
  public static final int CALENDAR_ENTRIES = 64;
  /** A metric gate's PromQL query. */
  public static final int QUERY_LENGTH = 4096;

  private Bounds() {}
}
