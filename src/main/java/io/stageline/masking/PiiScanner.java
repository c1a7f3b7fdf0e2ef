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
    return scan(text, MaskingBudget.NONE);
  }

  /** As {@link #scan(String)}, stopping with {@link MaskingBudgetExceededException} at the run's deadline. */
  static List<Finding> scan(String text, MaskingBudget budget) {
    List<Finding> found = new ArrayList<>();
    if (text == null || text.length() < 7) {
      return found;
    }
    Traits traits = Traits.of(text);
    for (PiiDetector detector : PiiDetector.values()) {
      if (!traits.allow(detector)) {
        continue;
      }
      Matcher m = detector.pattern().matcher(budget.watch(text));
      while (m.find()) {
        budget.tick();
        int end = detector.accepts(m.group()) ? m.end() : shorterMatch(detector, text, m.start(), m.end(), budget);
        if (end < 0) {
          continue;
        }
        Finding f = new Finding(m.start(), end, detector);
        if (found.stream().noneMatch(o -> overlaps(o, f))) {
          found.add(f);
        }
      }
    }
    found.sort(Comparator.comparingInt(Finding::start));
    return found;
  }

  /** The detector that matches the whole of {@code value}, if one does. */
  public static Optional<PiiDetector> classify(String value) {
    return classify(value, MaskingBudget.NONE);
  }

  static Optional<PiiDetector> classify(String value, MaskingBudget budget) {
    String v = value == null ? "" : java.text.Normalizer.normalize(value, java.text.Normalizer.Form.NFKC).strip();
    List<Finding> found = scan(v, budget);
    return found.size() == 1 && found.get(0).start() == 0 && found.get(0).end() == v.length()
        ? Optional.of(found.get(0).detector())
        : Optional.empty();
  }

  /**
   * The end of the longest shorter match at {@code start} that the detector accepts, or -1: a greedy
   * pattern may run on into the next word or number ("DE89 3704 ... 00 and", "4111 ... 1111 - 12"),
   * and the identifier before it must still be found. Only ends at a separator are tried.
   */
  private static int shorterMatch(PiiDetector detector, String text, int start, int end, MaskingBudget budget) {
    Matcher m = detector.pattern().matcher(budget.watch(text)).useTransparentBounds(true).useAnchoringBounds(false);
    for (int k = end - 1; k > start; k--) {
      budget.tick();
      if (Character.isLetterOrDigit(text.charAt(k)) || !Character.isLetterOrDigit(text.charAt(k - 1))) {
        continue;
      }
      if (m.region(start, k).matches() && detector.accepts(text.substring(start, k))) {
        return k;
      }
    }
    return -1;
  }

  private static boolean overlaps(Finding a, Finding b) {
    return a.start() < b.end() && b.start() < a.end();
  }

  /**
   * What a text has of the characters each detector needs, counted in one pass, so that a detector
   * that cannot match (most of them, for most values) costs no regular-expression run at all.
   */
  private record Traits(int digits, int upper, int letters, boolean at, int dots, boolean dash) {
    static Traits of(String text) {
      int digits = 0;
      int upper = 0;
      int letters = 0;
      int dots = 0;
      boolean at = false;
      boolean dash = false;
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c >= '0' && c <= '9') {
          digits++;
        } else if (c >= 'A' && c <= 'Z') {
          upper++;
          letters++;
        } else if (c >= 'a' && c <= 'z') {
          letters++;
        } else if (c == '@') {
          at = true;
        } else if (c == '.') {
          dots++;
        } else if (c == '-') {
          dash = true;
        }
      }
      return new Traits(digits, upper, letters, at, dots, dash);
    }

    boolean allow(PiiDetector d) {
      return switch (d) {
        case CARD -> digits >= 13;
        case IBAN -> letters >= 2 && digits >= 2;
        case EMAIL -> at;
        case US_SSN -> dash && digits >= 9;
        case US_SSN_IN_CONTEXT -> letters >= 3 && digits >= 9;
        case UK_NINO -> upper >= 3 && digits >= 6;
        case DE_TAX_ID -> digits >= 11;
        case PHONE -> digits >= 8;
        case IPV4 -> dots >= 3 && digits >= 4;
      };
    }
  }
}
