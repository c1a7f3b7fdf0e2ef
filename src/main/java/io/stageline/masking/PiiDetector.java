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
      s -> cardShaped(s, 0, s.length())),
  /** IBANs of the countries that issue them, compact or in groups of four, any case, valid mod-97 check digits. */
  IBAN("iban", FakeKind.iban,
      "(?i)(?<![0-9A-Za-z])[A-Z]{2}\\d{2}(?: ?[A-Z0-9]){11,30}(?![0-9A-Za-z])",
      s -> ibanValid(s, 0, s.length())),
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
      s -> phoneShaped(s, 0, s.length())),
  /** IPv4 addresses, except unspecified, loopback and broadcast, which identify no one. */
  IPV4("ipv4", FakeKind.ipv4,
      "(?<![\\w.])(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(?![\\w.])",
      s -> ipv4Accepted(s, 0, s.length()));

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
    private static final boolean[] BY_LETTERS = new boolean[26 * 26];

    static boolean issuing(char a, char b) {
      return a >= 'A' && a <= 'Z' && b >= 'A' && b <= 'Z' && BY_LETTERS[(a - 'A') * 26 + (b - 'A')];
    }

    static final Set<String> ISSUING = Set.of("AD", "AE", "AL", "AT", "AZ", "BA", "BE", "BG", "BH", "BI", "BR", "BY",
        "CH", "CR", "CY", "CZ", "DE", "DJ", "DK", "DO", "EE", "EG", "ES", "FI", "FK", "FO", "FR", "GB", "GE", "GI",
        "GL", "GR", "GT", "HR", "HU", "IE", "IL", "IQ", "IS", "IT", "JO", "KW", "KZ", "LB", "LC", "LI", "LT", "LU",
        "LV", "LY", "MC", "MD", "ME", "MK", "MN", "MR", "MT", "MU", "NI", "NL", "NO", "OM", "PK", "PL", "PS", "PT",
        "QA", "RO", "RS", "RU", "SA", "SC", "SD", "SE", "SI", "SK", "SM", "SO", "ST", "SV", "TL", "TN", "TR", "UA",
        "VA", "VG", "XK", "YE");

    static {
      for (String c : ISSUING) {
        BY_LETTERS[(c.charAt(0) - 'A') * 26 + (c.charAt(1) - 'A')] = true;
      }
    }
  }

  /*
   * The checks read the text in place (a range of it), so that the scanner can run them on a
   * candidate without cutting it out first; the patterns' predicates are the same checks over the
   * whole match.
   */

  /** One kind of separator, no two in a row, groups of 3-6 digits when grouped, 13-19 digits, Luhn. */
  static boolean cardShaped(CharSequence s, int from, int to) {
    int digits = 0;
    int sum = 0;
    for (int i = to - 1; i >= from; i--) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        // Luhn from the right: every second digit doubled
        int d = c - '0';
        if ((digits & 1) == 1) {
          d = d * 2 > 9 ? d * 2 - 9 : d * 2;
        }
        sum += d;
        digits++;
      }
    }
    if (digits < 13 || digits > 19 || sum % 10 != 0) {
      return false;
    }
    char separator = 0;
    int group = 0;
    for (int i = from; i < to; i++) {
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

  /**
   * An IBAN of an issuing country with valid mod-97 check digits, in any case, spaces left out:
   * ISO 13616's rearrangement (country and check digits moved to the end, letters as 10-35) read in
   * place.
   */
  static boolean ibanValid(CharSequence s, int from, int to) {
    char[] head = new char[4];
    int length = 0;
    int rest = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c == ' ') {
        continue;
      }
      if (c >= 'a' && c <= 'z') {
        c = (char) (c - 32);
      }
      if (length < 4) {
        head[length] = c;
      } else if (c >= '0' && c <= '9') {
        rest = (rest * 10 + (c - '0')) % 97;
      } else if (c >= 'A' && c <= 'Z') {
        rest = (rest * 100 + (c - 'A' + 10)) % 97;
      } else {
        return false;
      }
      length++;
    }
    if (length < 15 || length > 34 || !IbanCountries.issuing(head[0], head[1])
        || head[2] < '0' || head[2] > '9' || head[3] < '0' || head[3] > '9') {
      return false;
    }
    rest = (rest * 100 + (head[0] - 'A' + 10)) % 97;
    rest = (rest * 100 + (head[1] - 'A' + 10)) % 97;
    rest = (rest * 10 + (head[2] - '0')) % 97;
    rest = (rest * 10 + (head[3] - '0')) % 97;
    return rest == 1;
  }

  /** International with + and 8-15 digits; else 10 digits, or 10-11 after a trunk 0; never two spaces in a row. */
  static boolean phoneShaped(CharSequence s, int from, int to) {
    int digits = 0;
    char first = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        if (digits++ == 0) {
          first = c;
        }
      } else if (c == ' ' && i + 1 < to && s.charAt(i + 1) == ' ') {
        return false;
      }
    }
    if (to > from && s.charAt(from) == '+') {
      return digits >= 8 && digits <= 15;
    }
    return first == '0' ? digits == 10 || digits == 11 : digits == 10;
  }

  /** Not the unspecified, loopback or broadcast address, which identify no one. */
  static boolean ipv4Accepted(CharSequence s, int from, int to) {
    int n = to - from;
    return !(n == 7 && regionIs(s, from, "0.0.0.0")) && !(n >= 4 && regionIs(s, from, "127."))
        && !(n == 15 && regionIs(s, from, "255.255.255.255"));
  }

  private static boolean regionIs(CharSequence s, int from, String expected) {
    for (int i = 0; i < expected.length(); i++) {
      if (s.charAt(from + i) != expected.charAt(i)) {
        return false;
      }
    }
    return true;
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
