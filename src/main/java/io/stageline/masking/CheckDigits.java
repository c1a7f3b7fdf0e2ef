package io.stageline.masking;

/** Check-digit schemes used to recognise real identifiers and to make fake ones valid. */
public final class CheckDigits {
  private CheckDigits() {}

  /** Luhn (ISO/IEC 7812) over a string of digits, e.g. a card number. */
  public static boolean luhnValid(String digits) {
    return digits.length() > 1 && luhnSum(digits, false) % 10 == 0;
  }

  /** The digit that makes {@code payload + digit} Luhn-valid. */
  public static char luhnCheckDigit(CharSequence payload) {
    return (char) ('0' + (10 - luhnSum(payload, true) % 10) % 10);
  }

  private static int luhnSum(CharSequence digits, boolean doubleLast) {
    int sum = 0;
    boolean dbl = doubleLast;
    for (int i = digits.length() - 1; i >= 0; i--) {
      int d = digits.charAt(i) - '0';
      if (dbl) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      dbl = !dbl;
    }
    return sum;
  }

  /** IBAN (ISO 13616): mod 97 of the rearranged number is 1. Spaces must be removed first. */
  public static boolean ibanValid(String iban) {
    if (iban.length() < 15 || iban.length() > 34 || !Character.isUpperCase(iban.charAt(0))
        || !Character.isUpperCase(iban.charAt(1)) || !Character.isDigit(iban.charAt(2))
        || !Character.isDigit(iban.charAt(3))) {
      return false;
    }
    for (int i = 4; i < iban.length(); i++) {
      char c = iban.charAt(i);
      if (!(c >= '0' && c <= '9') && !(c >= 'A' && c <= 'Z')) {
        return false;
      }
    }
    return mod97(mod97(0, iban, 4, iban.length()), iban, 0, 4) == 1;
  }

  /** The two check digits for a country code and BBAN. */
  public static String ibanCheckDigits(CharSequence country, CharSequence bban) {
    return checkDigits(mod97(mod97(mod97(0, bban, 0, bban.length()), country, 0, country.length()), "00", 0, 2));
  }

  /** The check digits of an IBAN written without them: country, then the BBAN from {@code bbanFrom}. */
  static String ibanCheckDigits(CharSequence countryAndBban, int bbanFrom) {
    return checkDigits(mod97(mod97(mod97(0, countryAndBban, bbanFrom, countryAndBban.length()), countryAndBban, 0, 2),
        "00", 0, 2));
  }

  private static String checkDigits(int mod97) {
    int check = 98 - mod97;
    if (check >= 0 && check < TWO_DIGITS.length) {
      return TWO_DIGITS[check];
    }
    // (only for text that is no IBAN, whose remainder can be negative)
    return check < 10 ? "0" + check : Integer.toString(check);
  }

  private static final String[] TWO_DIGITS = java.util.stream.IntStream.range(0, 100)
      .mapToObj(i -> (i < 10 ? "0" : "") + i).toArray(String[]::new);

  /** Piecewise mod 97 (ISO 7064 MOD 97-10), letters counting as 10..35. */
  private static int mod97(int rest, CharSequence alnum, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = alnum.charAt(i);
      rest = c <= '9' ? (rest * 10 + (c - '0')) % 97 : (rest * 100 + (c - 'A' + 10)) % 97;
    }
    return rest;
  }

  /** German tax identification number (Steuer-IdNr): 11 digits, ISO 7064 MOD 11,10 check digit. */
  public static boolean germanTaxIdValid(String digits) {
    return digits.length() == 11 && digits.charAt(0) != '0'
        && iso7064Mod1110(digits.substring(0, 10)) == digits.charAt(10);
  }

  /** ISO 7064 MOD 11,10 check digit over a string of digits. */
  public static char iso7064Mod1110(String digits) {
    int product = 10;
    for (char c : digits.toCharArray()) {
      int sum = (c - '0' + product) % 10;
      if (sum == 0) {
        sum = 10;
      }
      product = (sum * 2) % 11;
    }
    int check = 11 - product;
    return (char) ('0' + (check == 10 ? 0 : check));
  }
}
