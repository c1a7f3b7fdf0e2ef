package io.stageline.masking;

import java.util.Locale;

/**
 * Realistic fake values. Hand-written rather than a faker library because every value must be a
 * pure function of an {@link Entropy} (keyed hash of the original, or a seed) with no shared random
 * state, fakes must keep the original's shape and check digits, and a few small word lists are
 * enough for test data. Where a reserved range exists the fakes use it, so a fake can never be a
 * real person's data: e-mail domains of RFC 2606, UK drama and US 555-01xx phone numbers, US SSN
 * area 9xx (never issued), the UK NINO prefix QQ (never issued), IPv4 in 10.0.0.0/8.
 */
final class Fakes {
  private static final String[] FIRST = {
      "Anna", "Ben", "Carla", "David", "Elif", "Farid", "Greta", "Hugo", "Ines", "Jonas", "Kira", "Liam",
      "Maya", "Noah", "Olga", "Pablo", "Quinn", "Rosa", "Sami", "Tara", "Uma", "Victor", "Wanda", "Xavier",
      "Yara", "Zeno", "Amir", "Bea", "Chen", "Dora", "Emil", "Freya", "Gil", "Hana", "Ivan", "Jade", "Kofi",
      "Lena", "Mateo", "Nora", "Omar", "Priya", "Raul", "Sofia", "Tomas", "Vera", "Wei", "Zoe"};
  private static final String[] LAST = {
      "Adler", "Brennan", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia", "Hoffmann", "Ito", "Jansen",
      "Kowalski", "Larsen", "Moreau", "Novak", "Okafor", "Petrov", "Quintana", "Rossi", "Schmidt", "Tanaka",
      "Usman", "Varga", "Weber", "Xu", "Yilmaz", "Zimmer", "Andersen", "Bauer", "Castillo", "Dalton", "Evans",
      "Ferrari", "Gomez", "Horvat", "Iqbal", "Keller", "Lindqvist", "Meyer", "Nakamura", "Oliveira", "Park",
      "Richter", "Silva", "Torres", "Vogel", "Walsh", "Young", "Ziegler"};
  private static final String[] STREETS = {
      "Oak", "Maple", "Station", "Mill", "Church", "Park", "River", "Garden", "Harbour", "Market", "Linden",
      "Willow", "Bridge", "Castle", "Meadow", "Orchard", "Chestnut", "Elm", "Hill", "Lake"};
  private static final String[] STREET_TYPES = {"Street", "Road", "Lane", "Avenue", "Way", "Close"};
  private static final String[][] CITIES = {
      {"Springfield", "62701"}, {"Riverton", "84065"}, {"Fairview", "37062"}, {"Lakeside", "92040"},
      {"Millbrook", "36054"}, {"Greenville", "29601"}, {"Kingston", "12401"}, {"Ashford", "TN23 1AA"},
      {"Brookfield", "06804"}, {"Clayton", "27520"}, {"Dover", "19901"}, {"Easton", "18042"},
      {"Franklin", "37064"}, {"Georgetown", "78626"}, {"Hudson", "44236"}, {"Marion", "43302"}};
  private static final String[] DOMAINS = {"example.com", "example.org", "example.net"};
  private static final String[] WORDS = {
      "amber", "basalt", "cedar", "delta", "ember", "fjord", "granite", "harbor", "indigo", "juniper",
      "kestrel", "lagoon", "meadow", "nimbus", "onyx", "prairie", "quartz", "raven", "sierra", "tundra",
      "umber", "valley", "willow", "xenon", "yonder", "zephyr"};
  private static final String HEX = "0123456789abcdef";

  private Fakes() {}

  static String firstName(Entropy e) {
    return e.pick(FIRST);
  }

  static String lastName(Entropy e) {
    return e.pick(LAST);
  }

  static String name(Entropy e) {
    return firstName(e) + " " + lastName(e);
  }

  static String email(Entropy e) {
    return FIRST_LOWER[e.nextInt(FIRST.length)] + "." + LAST_LOWER[e.nextInt(LAST.length)] + e.nextInt(1000) + "@"
        + e.pick(DOMAINS);
  }

  private static final String[] FIRST_LOWER = java.util.Arrays.stream(FIRST).map(s -> s.toLowerCase(Locale.ROOT))
      .toArray(String[]::new);
  private static final String[] LAST_LOWER = java.util.Arrays.stream(LAST).map(s -> s.toLowerCase(Locale.ROOT))
      .toArray(String[]::new);

  static String city(Entropy e) {
    return e.pick(CITIES)[0];
  }

  static String address(Entropy e) {
    String[] city = e.pick(CITIES);
    return (1 + e.nextInt(250)) + " " + e.pick(STREETS) + " " + e.pick(STREET_TYPES) + ", " + city[1] + " " + city[0];
  }

  static String word(Entropy e) {
    return e.pick(WORDS);
  }

  /** A fictional number: UK Ofcom drama range or US 555-01xx. */
  static String phone(Entropy e) {
    return e.nextInt(2) == 0
        ? "+44 7700 900" + e.digits(3)
        : "+1 202-555-01" + e.digits(2);
  }

  /**
   * A number with the original's layout: separators stay, a leading + and the first digit group
   * (country or trunk code) stay, every other digit is replaced.
   */
  static String phoneLike(String original, Entropy e) {
    StringBuilder sb = new StringBuilder(original.length());
    int keep = prefixDigitsToKeep(original);
    int seen = 0;
    for (int i = 0; i < original.length(); i++) {
      char c = original.charAt(i);
      if (Character.isDigit(c)) {
        sb.append(seen++ < keep ? c : e.digit());
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static int prefixDigitsToKeep(String phone) {
    String s = phone.strip();
    if (!s.startsWith("+")) {
      return s.startsWith("0") ? 1 : 0;
    }
    int digits = 0;
    for (int i = 1; i < s.length() && Character.isDigit(s.charAt(i)) && digits < 3; i++) {
      digits++;
    }
    // "+4930..." without separators: keep two digits, a typical country code length
    return digits == 3 && s.length() > 4 && Character.isDigit(s.charAt(4)) ? 2 : digits;
  }

  /** A German IBAN with valid check digits. */
  static String iban(Entropy e) {
    String bban = e.digits(18);
    return "DE" + CheckDigits.ibanCheckDigits("DE", bban) + bban;
  }

  /** Same country, length and grouping as the original, new BBAN, valid check digits. */
  static String ibanLike(String original, Entropy e) {
    String compact = original.replace(" ", "").toUpperCase(Locale.ROOT);
    if (compact.length() < 5 || !Character.isLetter(compact.charAt(0)) || !Character.isLetter(compact.charAt(1))) {
      return iban(e);
    }
    // country, check digits, then the BBAN scrambled in place: one buffer instead of a string per part
    StringBuilder fake = new StringBuilder(compact.length() + 1).append(compact, 0, 2);
    keepClasses(compact, 4, compact.length(), e, fake);
    // (two check digits for an IBAN; a value that is none can give three, kept as they always were)
    fake.insert(2, CheckDigits.ibanCheckDigits(fake, 2));
    return regroup(original, fake);
  }

  /** A 16-digit Visa-like number with a valid Luhn check digit. */
  static String card(Entropy e) {
    String payload = "4" + e.digits(14);
    return payload + CheckDigits.luhnCheckDigit(payload);
  }

  /** Same length, first digit (network) and separators as the original, valid Luhn check digit. */
  static String cardLike(String original, Entropy e) {
    int digits = 0;
    char first = 0;
    for (int i = 0; i < original.length(); i++) {
      char c = original.charAt(i);
      if (c >= '0' && c <= '9' && digits++ == 0) {
        first = c;
      }
    }
    if (digits < 12) {
      return card(e);
    }
    StringBuilder fake = new StringBuilder(digits).append(first);
    for (int i = 0; i < digits - 2; i++) {
      fake.append(e.digit());
    }
    return regroup(original, fake.append(CheckDigits.luhnCheckDigit(fake)));
  }

  static String ipv4(Entropy e) {
    return "10." + e.nextInt(256) + "." + e.nextInt(256) + "." + (1 + e.nextInt(254));
  }

  /** US SSN in area 900-999, which is never issued as an SSN. */
  static String ssn(Entropy e) {
    return "9" + e.digits(2) + "-" + (10 + e.nextInt(90)) + "-" + (1000 + e.nextInt(9000));
  }

  /** UK National Insurance number with the never-issued prefix QQ. */
  static String nino(Entropy e) {
    return "QQ" + e.digits(6) + (char) ('A' + e.nextInt(4));
  }

  /** German tax id: 11 digits, first not 0, valid ISO 7064 MOD 11,10 check digit. */
  static String germanTaxId(Entropy e) {
    String payload = (char) ('1' + e.nextInt(9)) + e.digits(9);
    return payload + CheckDigits.iso7064Mod1110(payload);
  }

  static String uuid(Entropy e) {
    StringBuilder sb = new StringBuilder(36);
    for (int i = 0; i < 32; i++) {
      if (i == 8 || i == 12 || i == 16 || i == 20) {
        sb.append('-');
      }
      // version 4, RFC 4122 variant
      sb.append(i == 12 ? '4' : i == 16 ? HEX.charAt(8 + e.nextInt(4)) : HEX.charAt(e.nextInt(16)));
    }
    return sb.toString();
  }

  /** Same length and character classes: digits stay digits, letters keep their case, the rest stays. */
  static String keepClasses(String original, Entropy e) {
    return keepClasses(original, 0, original.length(), e, new StringBuilder(original.length())).toString();
  }

  private static StringBuilder keepClasses(CharSequence original, int from, int to, Entropy e, StringBuilder sb) {
    for (int i = from; i < to; i++) {
      char c = original.charAt(i);
      if (c < 0x80) {
        // ASCII, what nearly all values are, without the Unicode tables
        sb.append(c >= '0' && c <= '9' ? e.digit() : c >= 'A' && c <= 'Z' ? e.upper() : c >= 'a' && c <= 'z' ? e.lower() : c);
      } else if (Character.isDigit(c)) {
        sb.append(e.digit());
      } else if (Character.isUpperCase(c)) {
        sb.append(e.upper());
      } else if (Character.isLetter(c)) {
        sb.append(e.lower());
      } else {
        sb.append(c);
      }
    }
    return sb;
  }

  /** Puts {@code compact}'s characters into the original's layout (its separators at their places). */
  private static String regroup(String original, CharSequence compact) {
    StringBuilder sb = new StringBuilder(original.length());
    int next = 0;
    for (int i = 0; i < original.length(); i++) {
      char c = original.charAt(i);
      boolean alnum = c < 0x80 ? (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
          : Character.isLetterOrDigit(c);
      if (alnum && next < compact.length()) {
        sb.append(compact.charAt(next++));
      } else if (!alnum) {
        sb.append(c);
      }
    }
    sb.append(compact, next, compact.length());
    return sb.toString();
  }
}
