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
  /**
   * Payment card numbers: 13-19 digits, compact or grouped (3-6 digits a group) by one kind of
   * separator (space, dash or dot), Luhn-valid. A card glued to a word by '_' is found too.
   */
  CARD("card", FakeKind.card,
      "(?<![0-9A-Za-z+])\\d[\\d .-]{10,24}\\d(?![0-9A-Za-z-])",
      PiiDetector::cardShaped),
  /** IBANs of the countries that issue them, compact or in groups of four, any case, valid mod-97 check digits. */
  IBAN("iban", FakeKind.iban,
      "(?i)(?<![0-9A-Za-z])[A-Z]{2}\\d{2}(?: ?[A-Z0-9]){11,30}(?![0-9A-Za-z])",
      s -> IbanCountries.ISSUING.contains(s.substring(0, 2).toUpperCase(java.util.Locale.ROOT))
          && CheckDigits.ibanValid(s.replace(" ", "").toUpperCase(java.util.Locale.ROOT))),
  /** E-mail addresses, internationalised ones (Unicode local part and domain) included. */
  EMAIL("email", FakeKind.email,
      "(?<![\\p{L}\\p{N}_.%+-])[\\p{L}\\p{N}._%+-]+@[\\p{L}\\p{N}-]+(?:\\.[\\p{L}\\p{N}-]+)*\\.\\p{L}{2,}(?![\\p{L}\\p{N}])",
      s -> true),
  /** US Social Security numbers in the dashed form, excluding areas never issued (000, 666, 9xx). */
  US_SSN("us-ssn", FakeKind.ssn,
      "\\b(?!000|666|9\\d\\d)\\d{3}-(?!00)\\d{2}-(?!0000)\\d{4}\\b",
      s -> true),
  /**
   * US Social Security numbers as nine digits (or 3-2-4 with spaces) right after a word that names
   * them (SSN, social security number): without the context nine digits are too common to mask.
   */
  US_SSN_IN_CONTEXT("us-ssn", FakeKind.ssn,
      "(?<=(?i:\\bssn|\\bss#|\\bsocial security number|\\bsocial security no|\\bsocial security)[^\\p{Alnum}\\n]{1,4})"
          + "(?!000|666|9\\d\\d)\\d{3} ?(?!00)\\d{2} ?(?!0000)\\d{4}(?![\\d-])",
      s -> true),
  /** UK National Insurance numbers, excluding prefixes HMRC never issues. */
  UK_NINO("uk-nino", FakeKind.nino,
      "\\b[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\\d{2} ?\\d{2} ?\\d{2} ?[A-D]\\b",
      s -> !NinoPrefixes.NEVER_ISSUED.contains(s.substring(0, 2))),
  /** German tax identification numbers (Steuer-IdNr): 11 digits with an ISO 7064 check digit. */
  DE_TAX_ID("de-tax-id", FakeKind.taxId,
      "(?<![\\w.+-])[1-9]\\d(?: ?\\d{3}){3}(?![\\w.-])",
      s -> CheckDigits.germanTaxIdValid(s.replace(" ", ""))),
  /**
   * Phone numbers: international (+ and 8-15 digits), North American (555) 123-4567, and national
   * formats with a trunk 0 such as the UK's 020 7946 0958 or 07700 900123 (10-11 digits).
   */
  PHONE("phone", FakeKind.phone,
      "(?<![\\w+])(?:\\+\\d[\\d .()-]{6,22}\\d|\\(?\\d{3}\\)?[ .-]\\d{3}[ .-]\\d{4}"
          + "|\\(?0[1-9]\\d{1,3}\\)?[ -]?\\d{3,4}[ -]?\\d{3,4})(?![\\w])",
      s -> {
        int digits = digitsOf(s).length();
        if (s.contains("  ")) {
          return false;
        }
        if (s.startsWith("+")) {
          return digits >= 8 && digits <= 15;
        }
        String compact = digitsOf(s);
        return compact.startsWith("0") ? digits == 10 || digits == 11 : digits == 10;
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

  /** Countries whose banks issue IBANs (SWIFT IBAN registry), so that a random token rarely passes for one. */
  private static final class IbanCountries {
    static final Set<String> ISSUING = Set.of("AD", "AE", "AL", "AT", "AZ", "BA", "BE", "BG", "BH", "BI", "BR", "BY",
        "CH", "CR", "CY", "CZ", "DE", "DJ", "DK", "DO", "EE", "EG", "ES", "FI", "FK", "FO", "FR", "GB", "GE", "GI",
        "GL", "GR", "GT", "HR", "HU", "IE", "IL", "IQ", "IS", "IT", "JO", "KW", "KZ", "LB", "LC", "LI", "LT", "LU",
        "LV", "LY", "MC", "MD", "ME", "MK", "MN", "MR", "MT", "MU", "NI", "NL", "NO", "OM", "PK", "PL", "PS", "PT",
        "QA", "RO", "RS", "RU", "SA", "SC", "SD", "SE", "SI", "SK", "SM", "SO", "ST", "SV", "TL", "TN", "TR", "UA",
        "VA", "VG", "XK", "YE");
  }

  /** One kind of separator, no two in a row, groups of 3-6 digits when grouped, 13-19 digits, Luhn. */
  private static boolean cardShaped(String s) {
    String digits = digitsOf(s);
    if (digits.length() < 13 || digits.length() > 19 || !CheckDigits.luhnValid(digits)) {
      return false;
    }
    char separator = 0;
    int group = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        group++;
        continue;
      }
      if ((separator != 0 && c != separator) || group < 3 || group > 6) {
        return false;
      }
      separator = c;
      group = 0;
    }
    return separator == 0 || (group >= 3 && group <= 6);
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

  /** The IBAN check on an upper-case IBAN without spaces. */
  boolean acceptsCompact(String iban) {
    return iban.length() >= 2 && IbanCountries.ISSUING.contains(iban.substring(0, 2)) && CheckDigits.ibanValid(iban);
  }

  boolean accepts(String match) {
    return valid.test(match);
  }
}
