package io.stageline.masking;

import io.stageline.api.v1alpha1.DataMasking.Strategy;
import java.util.List;
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
  private final MaskingStats stats;

  public ValueMasker(MaskingKey key, MaskingStats stats) {
    this.hash = new KeyedHash(key);
    this.stats = stats;
  }

  /**
   * The masked value, or {@code null} for the {@code null} strategy. {@code fakeKind} may be null:
   * {@code fake} then uses the kind a detector recognises in the value, else keeps its format.
   */
  public String apply(Strategy strategy, FakeKind fakeKind, String value) {
    stats.masked();
    return switch (strategy) {
      case redact -> REDACTED;
      case hash -> hash(value);
      case keepFormat -> keepFormat(value);
      case fake -> fake(fakeKind, value);
      case nullify -> null;
    };
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
    FakeKind effective = kind != null ? kind : PiiScanner.classify(value).map(PiiDetector::kind).orElse(null);
    if (effective == null) {
      return keepFormat(value);
    }
    // e-mail addresses compare case-insensitively; equal addresses must fake equally
    String basis = effective == FakeKind.email ? value.strip().toLowerCase(Locale.ROOT) : value.strip();
    return effective.fake(hash.entropy("fake:" + effective.name(), basis), value.strip());
  }

  /** Replaces every detected piece of personal data in {@code text} with a fake of its kind. */
  public String scrub(String text) {
    List<PiiScanner.Finding> findings = PiiScanner.scan(text);
    if (findings.isEmpty()) {
      return text;
    }
    StringBuilder sb = new StringBuilder(text.length());
    int at = 0;
    for (PiiScanner.Finding f : findings) {
      sb.append(text, at, f.start());
      String found = text.substring(f.start(), f.end());
      String basis = f.detector().kind() == FakeKind.email ? found.toLowerCase(Locale.ROOT) : found;
      sb.append(f.detector().kind().fake(hash.entropy("fake:" + f.detector().kind().name(), basis), found));
      stats.detected(f.detector());
      at = f.end();
    }
    sb.append(text, at, text.length());
    return sb.toString();
  }
}
