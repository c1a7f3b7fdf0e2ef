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
    if (text == null || text.length() < 7 || !mayContainPii(text)) {
      return found;
    }
    for (PiiDetector detector : PiiDetector.values()) {
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

  /** Every detector needs a digit or an '@'; most configuration text has neither and is skipped fast. */
  private static boolean mayContainPii(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '@' || (c >= '0' && c <= '9')) {
        return true;
      }
    }
    return false;
  }
}
