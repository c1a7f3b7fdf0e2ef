package io.stageline.masking;

import io.stageline.api.v1alpha1.DataMasking.Strategy;
import java.text.Normalizer;
import java.util.List;
import java.util.regex.Pattern;
import java.util.Locale;

/**
 * Masks single values with a strategy, and scrubs free text with the PII detectors. Deterministic
 * under one {@link MaskingKey}: the same input always gives the same output, whatever key, object
 * or rule it came from. Not thread-safe (one per masking run).
 */
public final class ValueMasker {
  /** What {@code redact} leaves in place of a value. */
  public static final String REDACTED = "REDACTED";

  private final KeyedHash hash;
  private final PiiScanner.Traits traits = new PiiScanner.Traits();
  private final MaskingStats stats;
  private MaskingBudget budget = MaskingBudget.NONE;

  public ValueMasker(MaskingKey key, MaskingStats stats) {
    this.hash = new KeyedHash(key);
    this.stats = stats;
  }

  /** Bounds every value masked and every scan from now on by the run's deadline. */
  void budget(MaskingBudget budget) {
    this.budget = budget;
  }

  /** Shorthand for a strategy with default parameters. */
  public String apply(Strategy strategy, FakeKind fakeKind, String value) {
    return apply(Transform.of(strategy).withFakeKind(fakeKind), value);
  }

  /**
   * The masked value, or {@code null} for the {@code null} and {@code remove} strategies (the
   * caller knows which). A {@code fake} without a kind uses the kind a detector recognises in the
   * value, else keeps its format.
   */
  public String apply(Transform t, String value) {
    budget.check(); // JSON and CSV content is masked value by value: a large document stops at its deadline
    stats.masked();
    return switch (t.strategy()) {
      case redact -> t.replacement() == null ? REDACTED : t.replacement();
      case hash -> hash(value);
      case keepFormat -> keepFormat(value);
      case fake -> fake(t.fakeKind(), value);
      case partial -> partial(value, t.keepFirst(), t.keepLast());
      case noise -> Noise.apply(value, t.ratio(), t.days(), hash.entropy("noise", value), this::keepFormat);
      case nullify, remove -> null;
    };
  }

  /** Keeps the first and last characters, stars in between (same length). */
  static String partial(String value, int first, int last) {
    // a value too short to keep both ends is starred whole
    boolean shows = value.length() > first + last;
    StringBuilder sb = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      sb.append(shows && (i < first || i >= value.length() - last) ? value.charAt(i) : '*');
    }
    return sb.toString();
  }

  long statsMasked() {
    return stats.maskedValues();
  }

  /** Hex HMAC-SHA256 of the value under the Environment's key. */
  public String hash(String value) {
    return hash.hex("hash", value);
  }

  /** Same length and character classes (digit, upper, lower; everything else kept). */
  public String keepFormat(String value) {
    return Fakes.keepClasses(value, hash.entropy("keepFormat", value));
  }

  public String fake(FakeKind kind, String value) {
    FakeKind effective = kind != null ? kind : PiiScanner.classify(value, budget).map(PiiDetector::kind).orElse(null);
    if (effective == null) {
      return keepFormat(value);
    }
    // e-mail addresses compare case-insensitively; equal addresses must fake equally
    String basis = effective == FakeKind.email ? value.strip().toLowerCase(Locale.ROOT) : value.strip();
    return effective.fake(hash.entropy(FAKE_DOMAIN[effective.ordinal()], basis), value.strip());
  }

  /**
   * Replaces every detected piece of personal data in {@code text} with a fake of its kind. The text
   * is scanned in Unicode normalisation form NFKC, so full-width digits and other compatibility forms
   * cannot hide an identifier; when something is found, the result is built from the normalised text.
   */
  public String scrub(String text) {
    budget.check();
    if (text.length() < 7 && isAscii(text)) {
      return text;
    }
    traits.read(text);
    String scanned = text;
    if (!traits.ascii && !Normalizer.isNormalized(text, Normalizer.Form.NFKC)) {
      scanned = Normalizer.normalize(text, Normalizer.Form.NFKC);
      traits.read(scanned);
    }
    List<PiiScanner.Finding> findings = PiiScanner.scan(scanned, traits, budget);
    if (findings.isEmpty()) {
      return text;
    }
    if (findings.size() == 1 && findings.get(0).start() == 0 && findings.get(0).end() == scanned.length()) {
      // the whole value is one identifier (a JSON string, a CSV cell): its fake is the result
      return fake(findings.get(0).detector(), scanned);
    }
    StringBuilder sb = new StringBuilder(scanned.length() + 16);
    int at = 0;
    for (PiiScanner.Finding f : findings) {
      sb.append(scanned, at, f.start());
      sb.append(fake(f.detector(), scanned.substring(f.start(), f.end())));
      at = f.end();
    }
    sb.append(scanned, at, scanned.length());
    return sb.toString();
  }

  /** What a detector found, faked as a {@code fake} rule of its kind would fake it, and counted. */
  private String fake(PiiDetector detector, String found) {
    String basis = detector.kind() == FakeKind.email ? lowerCase(found) : found;
    stats.detected(detector);
    return detector.kind().fake(hash.entropy(FAKE_DOMAIN[detector.kind().ordinal()], basis), found);
  }

  /**
   * Scrubs a value whose field (a JSON key, a CSV column header) is named {@code field}: a field named
   * like a social security number gives its nine-digit values the context the detector needs.
   */
  public String scrubField(String field, String value) {
    if (field != null && ssnField(field)) {
      String v = PiiScanner.nfkc(value).strip();
      if (NINE_DIGITS.matcher(v).matches()) {
        stats.detected(PiiDetector.US_SSN_IN_CONTEXT);
        return FakeKind.ssn.fake(hash.entropy(FAKE_DOMAIN[FakeKind.ssn.ordinal()], v.replaceAll("\\D", "")), v);
      }
    }
    return scrub(value);
  }

  /** Whether a field is named like an SSN; field names repeat in every row, so the answer is kept. */
  private boolean ssnField(String field) {
    // the same field name object comes back every row (a CSV header cell, a name Jackson interned)
    int slot = System.identityHashCode(field) & (RECENT_FIELDS - 1);
    if (recentFields[slot] == field) {
      return recentSsn[slot];
    }
    Boolean known = ssnFields.get(field);
    if (known == null) {
      known = SSN_FIELD.matcher(field).find();
      if (ssnFields.size() < 4096) {
        ssnFields.put(field, known);
      }
    }
    recentFields[slot] = field;
    recentSsn[slot] = known;
    return known;
  }

  /** E-mail addresses compare case-insensitively; most are lower case already. */
  private static String lowerCase(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c >= 'A' && c <= 'Z') || c >= 0x80) {
        return s.toLowerCase(Locale.ROOT);
      }
    }
    return s;
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  private final java.util.Map<String, Boolean> ssnFields = new java.util.HashMap<>();
  private static final int RECENT_FIELDS = 32;
  private final String[] recentFields = new String[RECENT_FIELDS];
  private final boolean[] recentSsn = new boolean[RECENT_FIELDS];
  private static final String[] FAKE_DOMAIN = java.util.Arrays.stream(FakeKind.values())
      .map(k -> "fake:" + k.name()).toArray(String[]::new);
  private static final Pattern SSN_FIELD = Pattern.compile("(?i)(^|[^a-z])ssn([^a-z]|$)|social.?security");
  private static final Pattern NINE_DIGITS = Pattern.compile("(?!000|666|9\\d\\d)\\d{3}[ -]?(?!00)\\d{2}[ -]?(?!0000)\\d{4}");
}
