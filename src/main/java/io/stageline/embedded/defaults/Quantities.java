package io.stageline.embedded.defaults;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Quantities as kube-apiserver stores them (apimachinery's {@code resource.Quantity}): parsed, rounded up
 * to a nano, then written in canonical form in the format of the suffix they came with ({@code 1000m} ->
 * {@code 1}, {@code 1024Mi} -> {@code 1Gi}, {@code 0.5} -> {@code 500m}, {@code 1.5Gi} -> {@code 1536Mi},
 * {@code 1e3} stays {@code 1e3}). Hand-written because no Java library reproduces Go's canonical form, and
 * the embedded API must store what the real server stores so that clients comparing by string see the same.
 */
public final class Quantities {
  /** apimachinery's own expression, quoted in its error message. */
  public static final String EXPRESSION = "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$";
  private static final Pattern SYNTAX = Pattern.compile(EXPRESSION);
  private static final Pattern NUMBER = Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)");
  private static final Pattern EXPONENT = Pattern.compile("[eE][-+]?[0-9]+");
  private static final Map<String, Integer> DECIMAL = Map.ofEntries(Map.entry("n", -9), Map.entry("u", -6),
      Map.entry("m", -3), Map.entry("", 0), Map.entry("k", 3), Map.entry("M", 6), Map.entry("G", 9),
      Map.entry("T", 12), Map.entry("P", 15), Map.entry("E", 18));
  private static final Map<String, Integer> BINARY = Map.of("Ki", 1, "Mi", 2, "Gi", 3, "Ti", 4, "Pi", 5, "Ei", 6);
  private static final String[] BINARY_SUFFIX = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
  private static final BigInteger KIBI = BigInteger.valueOf(1024);

  private enum Format { DECIMAL_SI, BINARY_SI, DECIMAL_EXPONENT }

  private Quantities() {}

  /** The canonical form of {@code text}, or empty if it is not a quantity. */
  public static Optional<String> canonical(String text) {
    Matcher syntax = SYNTAX.matcher(text);
    if (!syntax.matches()) {
      return Optional.empty();
    }
    String number = syntax.group(1);
    String suffix = syntax.group(2);
    if (!NUMBER.matcher(number).matches()) {
      return Optional.empty();
    }
    BigDecimal value = new BigDecimal(number.startsWith("+") ? number.substring(1) : number);
    Format format;
    if (BINARY.containsKey(suffix)) {
      format = Format.BINARY_SI;
      value = value.multiply(new BigDecimal(KIBI.pow(BINARY.get(suffix))));
    } else if (DECIMAL.containsKey(suffix)) {
      format = Format.DECIMAL_SI;
      value = value.scaleByPowerOfTen(DECIMAL.get(suffix));
    } else if (EXPONENT.matcher(suffix).matches()) {
      format = Format.DECIMAL_EXPONENT;
      value = value.scaleByPowerOfTen(Integer.parseInt(suffix.substring(1).replace("+", "")));
    } else {
      return Optional.empty();
    }
    if (value.signum() == 0) {
      return Optional.of("0");
    }
    // Non-zero amounts round up (away from zero) to the smallest unit, 1n: asking for some gives some.
    if (value.scale() > 9) {
      value = value.setScale(9, RoundingMode.UP);
    }
    value = value.stripTrailingZeros();
    if (format == Format.BINARY_SI
        && (value.abs().compareTo(BigDecimal.valueOf(1024)) < 0 || value.scale() > 0)) {
      format = Format.DECIMAL_SI; // below 1Ki or fractional: binary would lose nothing but read worse
    }
    return Optional.of(format == Format.BINARY_SI ? binary(value.toBigIntegerExact()) : decimal(value, format));
  }

  private static String binary(BigInteger value) {
    int exponent = 0;
    while (exponent < BINARY_SUFFIX.length - 1 && value.mod(KIBI).signum() == 0) {
      value = value.divide(KIBI);
      exponent++;
    }
    return value + BINARY_SUFFIX[exponent];
  }

  private static String decimal(BigDecimal value, Format format) {
    BigInteger mantissa = value.unscaledValue();
    int exponent = -value.scale();
    switch (Math.floorMod(exponent, 3)) {
      case 1 -> {
        mantissa = mantissa.multiply(BigInteger.TEN);
        exponent -= 1;
      }
      case 2 -> {
        mantissa = mantissa.multiply(BigInteger.valueOf(100));
        exponent -= 2;
      }
      default -> { }
    }
    if (format == Format.DECIMAL_EXPONENT) {
      return exponent == 0 ? mantissa.toString() : mantissa + "e" + exponent;
    }
    for (Map.Entry<String, Integer> suffix : DECIMAL.entrySet()) {
      if (suffix.getValue() == exponent) {
        return mantissa + suffix.getKey();
      }
    }
    return mantissa + "e" + exponent; // beyond exa or below nano: no SI suffix left
  }
}
