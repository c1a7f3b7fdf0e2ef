package io.stageline.masking;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;

/** Finds personal data in free text with the built-in detectors; overlaps go to the earlier detector. */
public final class PiiScanner {
  /** One finding: where it is and which detector found it. */
  public record Finding(int start, int end, PiiDetector detector) {}

  private PiiScanner() {}

  public static List<Finding> scan(String text) {
    List<Finding> found = new ArrayList<>();
    if (text == null || text.length() < 7) {
      return found;
    }
    Traits traits = Traits.of(text);
    for (PiiDetector detector : PiiDetector.values()) {
      if (!traits.allow(detector)) {
        continue;
      }
      Matcher m = detector.pattern().matcher(text);
      while (m.find()) {
        Finding f = new Finding(m.start(), m.end(), detector);
        if (found.stream().noneMatch(o -> overlaps(o, f)) && detector.accepts(m.group())) {
          found.add(f);
        }
      }
    }
    found.sort(Comparator.comparingInt(Finding::start));
    return found;
  }

  /** The detector that matches the whole of {@code value}, if one does. */
  public static Optional<PiiDetector> classify(String value) {
    String v = value == null ? "" : value.strip();
    List<Finding> found = scan(v);
    return found.size() == 1 && found.get(0).start() == 0 && found.get(0).end() == v.length()
        ? Optional.of(found.get(0).detector())
        : Optional.empty();
  }

  private static boolean overlaps(Finding a, Finding b) {
    return a.start() < b.end() && b.start() < a.end();
  }

  /**
   * What a text has of the characters each detector needs, counted in one pass, so that a detector
   * that cannot match (most of them, for most values) costs no regular-expression run at all.
   */
  private record Traits(int digits, int upper, boolean at, int dots, boolean dash) {
    static Traits of(String text) {
      int digits = 0;
      int upper = 0;
      int dots = 0;
      boolean at = false;
      boolean dash = false;
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c >= '0' && c <= '9') {
          digits++;
        } else if (c >= 'A' && c <= 'Z') {
          upper++;
        } else if (c == '@') {
          at = true;
        } else if (c == '.') {
          dots++;
        } else if (c == '-') {
          dash = true;
        }
      }
      return new Traits(digits, upper, at, dots, dash);
    }

    boolean allow(PiiDetector d) {
      return switch (d) {
        case CARD -> digits >= 13;
        case IBAN -> upper >= 2 && digits >= 2;
        case EMAIL -> at;
        case US_SSN -> dash && digits >= 9;
        case UK_NINO -> upper >= 3 && digits >= 6;
        case DE_TAX_ID -> digits >= 11;
        case PHONE -> digits >= 8;
        case IPV4 -> dots >= 3 && digits >= 4;
      };
    }
  }
}
