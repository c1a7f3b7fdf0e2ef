package io.stageline.masking;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Noise (variance) as PostgreSQL Anonymizer's noise/dnoise and Greenmask's Noise* transformers do it,
 * but deterministic under the key: a number moves by up to {@code ratio} of itself keeping its
 * scale, an ISO date or timestamp by up to {@code days} days. Anything else keeps its format only.
 * Deterministic noise also resists the averaging attack random noise invites when data is re-copied.
 */
final class Noise {
  private static final Pattern NUMBER = Pattern.compile("-?\\d{1,30}(\\.\\d{1,30})?");
  private static final int STEPS = 1_000_000;

  private Noise() {}

  static String apply(String value, double ratio, int days, Entropy e, UnaryOperator<String> otherwise) {
    String v = value.strip();
    if (NUMBER.matcher(v).matches()) {
      BigDecimal original = new BigDecimal(v);
      double factor = 1 + ratio * (2.0 * e.nextInt(STEPS + 1) / STEPS - 1);
      return original.multiply(BigDecimal.valueOf(factor)).setScale(original.scale(), RoundingMode.HALF_UP).toPlainString();
    }
    long shift = days == 0 ? 0 : e.nextInt(2 * days + 1) - days;
    try {
      if (v.length() == 10) {
        return LocalDate.parse(v).plusDays(shift).toString();
      }
      if (v.endsWith("Z")) {
        return Instant.parse(v).plusSeconds(shift * 86_400).toString();
      }
      if (v.matches(".*[+-]\\d{2}:\\d{2}$")) {
        return OffsetDateTime.parse(v).plusDays(shift).toString();
      }
      return LocalDateTime.parse(v).plusDays(shift).toString();
    } catch (DateTimeParseException notADate) {
      return otherwise.apply(value);
    }
  }
}
