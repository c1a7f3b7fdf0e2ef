package io.stageline.api.v1alpha1;

/**
 * Size limits of every list, map and string in the CRDs' specs. kube-apiserver estimates a rule's
 * cost from these bounds (an unbounded list counts as about a million items) and refuses a CRD whose
 * rules could cost more than its budget; and no user should be able to store a megabyte where a name
 * belongs. The values are generous for real use and are documented in docs/api.md. What the model
 * cannot annotate (the strings in a list, the values of a map, Kubernetes' own LabelSelector) is
 * bounded by {@code io.stageline.api.CrdBounds} when the CRDs are generated.
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

  /** Free text a person writes: a reason, a comment, a replacement, a JSON path. */
  public static final int TEXT_LENGTH = 1024;
  /** The reason of a freeze or a calendar period. */
  public static final int REASON_LENGTH = 256;
  /** A ticket reference. */
  public static final int TICKET_LENGTH = 256;
  /** A duration such as 4h30m (patterns without a digit bound need a length bound). */
  public static final int DURATION_LENGTH = 32;
  /** An RFC 3339 time (with fractions and offset), or a free token such as a refresh request. */
  public static final int TIME_LENGTH = 64;
  /** An IANA time zone name (the longest is about 32 characters). */
  public static final int TIME_ZONE_LENGTH = 64;
  /** A cron schedule. */
  public static final int SCHEDULE_LENGTH = 128;
  /** A ConfigMap or Secret key (Kubernetes allows 253 characters). */
  public static final int KEY_LENGTH = 253;
  /** A CSV column, a table name or glob. */
  public static final int COLUMN_LENGTH = 256;
  /** A release version. */
  public static final int VERSION_LENGTH = 128;
  /** Container images of a release (one per container name). */
  public static final int IMAGES = 64;
  /** An image reference: registry, repository, tag and digest. */
  public static final int IMAGE_LENGTH = 512;
  /** Config sources an Environment merges. */
  public static final int CONFIG_SOURCES = 32;
  /** Keys of an Environment's own config data, and keys marked stage-specific. */
  public static final int CONFIG_KEYS = 1024;
  /** A config value: a ConfigMap holds at most 1 MiB in all. */
  public static final int CONFIG_VALUE_LENGTH = 1024 * 1024;
  /** Keys a Secret entry copies or generates. */
  public static final int SECRET_KEYS = 256;
  /** Resource names in a LimitRange entry (cpu, memory, ephemeral-storage, hugepages, extended resources). */
  public static final int RESOURCES = 32;
  /** Entries of a ResourceQuota (compute, storage and object counts). */
  public static final int QUOTA_ENTRIES = 64;
  /** Subject kinds: User, Group, ServiceAccount. */
  public static final int SUBJECT_KINDS = 3;
  /** Days of a week. */
  public static final int WEEK_DAYS = 7;
  /** The groups an approver was in when approving. */
  public static final int APPROVER_GROUPS = 256;
  /** A gate's name (it becomes part of a Job's name, a DNS-1123 label). */
  public static final int GATE_NAME_LENGTH = 63;
  /** A condition type as Kubernetes allows it (prefix/Name). */
  public static final int CONDITION_TYPE_LENGTH = 316;
  /** A condition status (True, False, Unknown). */
  public static final int CONDITION_STATUS_LENGTH = 32;
  /** An apiVersion (group/version) and a kind. */
  public static final int API_VERSION_LENGTH = 317;
  public static final int KIND_LENGTH = 63;
  /** Label selectors: a label key (prefix/name), a label value, and the entries of a selector. */
  public static final int LABEL_KEY_LENGTH = 317;
  public static final int LABEL_VALUE_LENGTH = 63;
  public static final int SELECTOR_LABELS = 64;
  public static final int SELECTOR_EXPRESSIONS = 32;
  public static final int SELECTOR_VALUES = 64;
  /** A selector operator (In, NotIn, Exists, DoesNotExist). */
  public static final int OPERATOR_LENGTH = 16;

  private Bounds() {}
}
