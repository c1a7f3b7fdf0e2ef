package io.stageline.masking;

import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Built-in detectors for personal data in free text. Each is a pattern plus, where the identifier
 * has one, a check-digit test that keeps false positives down. Order matters: when two detectors
 * match overlapping text, the one listed first wins.
 */
public enum PiiDetector {
  /** Payment card numbers: 13-19 digits, optionally grouped by spaces or dashes, Luhn-valid. */
  CARD("card", FakeKind.card,
      "(?<![\\w+-])\\d[\\d -]{10,24}\\d(?![\\w-])",
      s -> {
        String digits = digitsOf(s);
        return digits.length() >= 13 && digits.length() <= 19 && !s.contains("  ") && !s.contains("--")
            && CheckDigits.luhnValid(digits);
      }),
  /** IBANs, compact or in groups of four, with valid mod-97 check digits. */
  IBAN("iban", FakeKind.iban,
      "\\b[A-Z]{2}\\d{2}(?: ?[A-Z0-9]){11,30}\\b",
      s -> CheckDigits.ibanValid(s.replace(" ", ""))),
  EMAIL("email", FakeKind.email,
      "(?<![\\w.%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}\\b",
      s -> true),
  /** US Social Security numbers in the dashed form, excluding areas never issued (000, 666, 9xx). */
  US_SSN("us-ssn", FakeKind.ssn,
      "\\b(?!000|666|9\\d\\d)\\d{3}-(?!00)\\d{2}-(?!0000)\\d{4}\\b",
      s -> true),
  /** UK National Insurance numbers, excluding prefixes HMRC never issues. */
  UK_NINO("uk-nino", FakeKind.nino,
      "\\b[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\\d{2} ?\\d{2} ?\\d{2} ?[A-D]\\b",
      s -> !NinoPrefixes.NEVER_ISSUED.contains(s.substring(0, 2))),
  /** German tax identification numbers (Steuer-IdNr): 11 digits with an ISO 7064 check digit. */
  DE_TAX_ID("de-tax-id", FakeKind.taxId,
      "(?<![\\w.+-])[1-9]\\d(?: ?\\d{3}){3}(?![\\w.-])",
      s -> CheckDigits.germanTaxIdValid(s.replace(" ", ""))),
  /** Phone numbers: international (+ and 8-15 digits) or North American (555) 123-4567 forms. */
  PHONE("phone", FakeKind.phone,
      "(?<![\\w+])(?:\\+\\d[\\d .()-]{6,22}\\d|\\(?\\d{3}\\)?[ .-]\\d{3}[ .-]\\d{4})(?![\\w])",
      s -> {
        int digits = digitsOf(s).length();
        return digits >= 8 && digits <= 15 && !s.contains("  ");
      }),
  /** IPv4 addresses, except unspecified, loopback and broadcast, which identify no one. */
  IPV4("ipv4", FakeKind.ipv4,
      "(?<![\\w.])(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(?![\\w.])",
      s -> !s.equals("0.0.0.0") && !s.startsWith("127.") && !s.equals("255.255.255.255"));

  private final String id;
  private final FakeKind kind;
  private final Pattern pattern;
  private final Predicate<String> valid;

  PiiDetector(String id, FakeKind kind, String regex, Predicate<String> valid) {
    this.id = id;
    this.kind = kind;
    this.pattern = Pattern.compile(regex);
    this.valid = valid;
  }

  /** The name used in status and metrics, e.g. {@code card}, {@code us-ssn}. */
  public String id() {
    return id;
  }

  /** The kind of fake that replaces what this detector finds. */
  public FakeKind kind() {
    return kind;
  }

  Pattern pattern() {
    return pattern;
  }

  private static final class NinoPrefixes {
    static final Set<String> NEVER_ISSUED = Set.of("BG", "GB", "NK", "KN", "TN", "NT", "ZZ");
  }

  static String digitsOf(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  boolean accepts(String match) {
    return valid.test(match);
  }
}
