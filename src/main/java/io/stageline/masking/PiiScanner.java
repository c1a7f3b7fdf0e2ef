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

  private static final Comparator<Finding> BY_START = Comparator.comparingInt(Finding::start);

  private PiiScanner() {}

  public static List<Finding> scan(String text) {
    return scan(text, MaskingBudget.NONE);
  }

  /** As {@link #scan(String)}, stopping with {@link MaskingBudgetExceededException} at the run's deadline. */
  static List<Finding> scan(String text, MaskingBudget budget) {
    if (text == null || text.length() < 7) {
      return new ArrayList<>();
    }
    return scan(text, Traits.of(text), budget);
  }

  /** {@link #scan(String, MaskingBudget)} with the pre-filter's answer already at hand. */
  static List<Finding> scan(String text, Traits traits, MaskingBudget budget) {
    List<Finding> found = new ArrayList<>(2);
    if (text.length() < 7) {
      return found;
    }
    for (PiiDetector detector : PiiDetector.values()) {
      if (!traits.allow(detector)) {
        continue;
      }
      switch (detector) {
        case EMAIL -> {
          emails(text, found, budget);
          continue;
        }
        case CARD -> {
          cards(text, found, budget);
          continue;
        }
        case IBAN -> {
          ibans(text, found, budget);
          continue;
        }
        case IPV4 -> {
          ipv4s(text, found, budget);
          continue;
        }
        case PHONE -> {
          int before = found.size();
          internationalPhones(text, found, budget);
          if (!traits.phoneOther || traits.nationalPhonesCovered(found, before)) {
            continue;
          }
          // a national form may be there: the pattern, which finds the international ones again
          while (found.size() > before) {
            found.remove(found.size() - 1);
          }
        }
        default -> {
          // the pattern below
        }
      }
      // the hand-written matchers above are linear in the text; a pattern may backtrack, so it reads under the budget
      Matcher m = matcher(detector, budget.watch(text));
      while (m.find()) {
        budget.tick();
        int end = detector.accepts(m.group()) ? m.end() : shorterMatch(detector, text, m.start(), m.end(), budget);
        if (end < 0) {
          continue;
        }
        Finding f = new Finding(m.start(), end, detector);
        if (!overlapsAny(found, f)) {
          found.add(f);
        }
      }
    }
    if (found.size() > 1) {
      found.sort(BY_START);
    }
    return found;
  }

  /**
   * The reference: every detector's pattern run over the whole text with {@link Matcher#find}, no
   * pre-filter, no hand-written matcher. Slow; the tests hold {@link #scan} to it.
   */
  static List<Finding> scanWithPatterns(String text) {
    List<Finding> found = new ArrayList<>();
    if (text == null || text.length() < 7) {
      return found;
    }
    for (PiiDetector detector : PiiDetector.values()) {
      Matcher m = detector.pattern().matcher(text);
      while (m.find()) {
        int end = detector.accepts(m.group()) ? m.end()
            : shorterMatch(detector, text, m.start(), m.end(), MaskingBudget.NONE);
        if (end >= 0) {
          add(found, m.start(), end, detector);
        }
      }
    }
    found.sort(BY_START);
    return found;
  }

  /** The detector that matches the whole of {@code value}, if one does. */
  public static Optional<PiiDetector> classify(String value) {
    return classify(value, MaskingBudget.NONE);
  }

  static Optional<PiiDetector> classify(String value, MaskingBudget budget) {
    String v = value == null ? "" : nfkc(value).strip();
    List<Finding> found = scan(v, budget);
    return found.size() == 1 && found.get(0).start() == 0 && found.get(0).end() == v.length()
        ? Optional.of(found.get(0).detector())
        : Optional.empty();
  }

  /** The text in Unicode normalisation form NFKC; ASCII (most text) is in it already. */
  static String nfkc(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) >= 0x80) {
        return java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFKC);
      }
    }
    return text;
  }

  /**
   * The end of the longest shorter match at {@code start} that the detector accepts, or -1: a greedy
   * pattern may run on into the next word or number ("DE89 3704 ... 00 and", "4111 ... 1111 - 12"),
   * and the identifier before it must still be found. Only ends at a separator are tried.
   */
  private static int shorterMatch(PiiDetector detector, String text, int start, int end, MaskingBudget budget) {
    Matcher m = detector.pattern().matcher(budget.watch(text)).useTransparentBounds(true).useAnchoringBounds(false);
    // (a fresh matcher: the caller's is still iterating)
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

  /**
   * The e-mail detector by hand: the addresses its pattern (see {@link PiiDetector#EMAIL}) finds,
   * found from each {@code @} outwards instead of by trying the pattern at every position, which
   * cost more than everything else a value goes through. A local part of letters, digits and
   * {@code ._%+-} not preceded by one of them; a domain of labels (letters, digits, {@code -}) joined
   * by dots whose last label starts with at least two letters not followed by a letter or digit.
   */
  private static void emails(String text, List<Finding> found, MaskingBudget budget) {
    int lastEnd = 0;
    for (int at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
      budget.tick();
      int start = at;
      while (start > 0) {
        char before = text.charAt(start - 1);
        int cp = before < 0x80 ? before : Character.codePointBefore(text, start);
        if (!isLocal(cp)) {
          break;
        }
        start -= Character.charCount(cp);
      }
      if (start == at || start < lastEnd) {
        continue;
      }
      int end = domainEnd(text, at + 1);
      if (end < 0) {
        continue;
      }
      Finding f = new Finding(start, end, PiiDetector.EMAIL);
      if (!overlapsAny(found, f)) {
        found.add(f);
      }
      lastEnd = end;
    }
  }

  /** Where the longest domain from {@code from} ends, or -1. */
  private static int domainEnd(String text, int from) {
    int n = text.length();
    int i = from;
    int end = -1;
    int labels = 0;
    while (true) {
      int labelStart = i;
      while (i < n) {
        char ch = text.charAt(i);
        int cp = ch < 0x80 ? ch : text.codePointAt(i);
        if (!isLabel(cp)) {
          break;
        }
        i += Character.charCount(cp);
      }
      if (i == labelStart) {
        return end;
      }
      labels++;
      if (labels >= 2) {
        // this label as the top-level domain: its leading letters, two at least, then no letter or digit
        int j = labelStart;
        int letters = 0;
        while (j < i) {
          char ch = text.charAt(j);
          int cp = ch < 0x80 ? ch : text.codePointAt(j);
          if (cp < 0x80 ? !Traits.isAsciiLetter(ch) : !Character.isLetter(cp)) {
            break;
          }
          letters++;
          j += Character.charCount(cp);
        }
        if (letters >= 2 && (j == n || !isLetterOrNumber(text.codePointAt(j)))) {
          end = j;
        }
      }
      if (i < n && text.charAt(i) == '.') {
        i++;
      } else {
        return end;
      }
    }
  }

  private static boolean isLetterOrNumber(int cp) {
    if (Character.isLetter(cp)) {
      return true;
    }
    int type = Character.getType(cp);
    return type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER || type == Character.OTHER_NUMBER;
  }

  private static boolean isLocal(int cp) {
    return cp < 0x80
        ? (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9')
            || cp == '.' || cp == '_' || cp == '%' || cp == '+' || cp == '-'
        : isLetterOrNumber(cp);
  }

  private static boolean isLabel(int cp) {
    return cp < 0x80
        ? (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') || cp == '-'
        : isLetterOrNumber(cp);
  }

  /*
   * The most frequent detectors by hand, each exactly what its pattern in PiiDetector finds with
   * Matcher.find (leftmost start, greedy end, the search going on after the greedy end) followed by
   * the check and, where the check fails, the shorter match at a separator: the patterns stay the
   * specification (PiiScannerAgreesWithThePatternsTest holds the two together), these the speed.
   */

  private static boolean asciiAlnum(char c) {
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
  }

  private static boolean word(char c) {
    return asciiAlnum(c) || c == '_';
  }

  private static boolean digit(char c) {
    return c >= '0' && c <= '9';
  }

  private static void add(List<Finding> found, int start, int end, PiiDetector detector) {
    Finding f = new Finding(start, end, detector);
    if (!overlapsAny(found, f)) {
      found.add(f);
    }
  }

  /** {@code (?<![0-9A-Za-z+])\d[\d .-]{10,24}\d(?![0-9A-Za-z-])}, Luhn and card-shaped. */
  private static void cards(String text, List<Finding> found, MaskingBudget budget) {
    int n = text.length();
    int s = 0;
    while (s < n) {
      budget.tick();
      char c = text.charAt(s);
      if (!digit(c) || (s > 0 && (asciiAlnum(text.charAt(s - 1)) || text.charAt(s - 1) == '+'))) {
        s++;
        continue;
      }
      int runEnd = s + 1;
      while (runEnd < n && runEnd - s < 26 && isCardChar(text.charAt(runEnd))) {
        runEnd++;
      }
      int e = -1;
      for (int k = runEnd; k >= s + 12; k--) {
        if (digit(text.charAt(k - 1)) && (k == n || !(asciiAlnum(text.charAt(k)) || text.charAt(k) == '-'))) {
          e = k;
          break;
        }
      }
      if (e < 0) {
        s++;
        continue;
      }
      int end = PiiDetector.cardShaped(text, s, e) ? e : -1;
      for (int k = e - 1; end < 0 && k >= s + 12; k--) {
        char at = text.charAt(k);
        if ((at == ' ' || at == '.') && digit(text.charAt(k - 1)) && PiiDetector.cardShaped(text, s, k)) {
          end = k;
        }
      }
      if (end > 0) {
        add(found, s, end, PiiDetector.CARD);
      }
      s = e;
    }
  }

  private static boolean isCardChar(char c) {
    return digit(c) || c == ' ' || c == '.' || c == '-';
  }

  /** {@code (?i)(?<![0-9A-Za-z])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}(?![0-9A-Za-z])}, issuing country and mod 97. */
  private static void ibans(String text, List<Finding> found, MaskingBudget budget) {
    int n = text.length();
    int[] ends = new int[31];
    int s = 0;
    while (s + 15 <= n) {
      budget.tick();
      if (!(s + 3 < n && letter(text.charAt(s)) && letter(text.charAt(s + 1)) && digit(text.charAt(s + 2))
          && digit(text.charAt(s + 3))) || (s > 0 && asciiAlnum(text.charAt(s - 1)))) {
        s++;
        continue;
      }
      int units = 0;
      int p = s + 4;
      while (units < 30) {
        if (p < n && asciiAlnum(text.charAt(p))) {
          p++;
        } else if (p + 1 < n && text.charAt(p) == ' ' && asciiAlnum(text.charAt(p + 1))) {
          p += 2;
        } else {
          break;
        }
        ends[++units] = p;
      }
      int e = -1;
      for (int j = units; j >= 11; j--) {
        if (ends[j] == n || !asciiAlnum(text.charAt(ends[j]))) {
          e = ends[j];
          break;
        }
      }
      if (e < 0) {
        s++;
        continue;
      }
      int end = -1;
      for (int j = units; j >= 11 && end < 0; j--) {
        int k = ends[j];
        if (k <= e && (k == n || !asciiAlnum(text.charAt(k))) && PiiDetector.ibanValid(text, s, k)) {
          end = k;
        }
      }
      if (end > 0) {
        add(found, s, end, PiiDetector.IBAN);
      }
      s = e;
    }
  }

  private static boolean letter(char c) {
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
  }

  /** IPv4 dotted quads, {@code (?<![\w.])} and {@code (?![\w.])} around, octets 0-255 without leading zeros. */
  private static void ipv4s(String text, List<Finding> found, MaskingBudget budget) {
    int n = text.length();
    int s = 0;
    while (s < n) {
      budget.tick();
      if (!digit(text.charAt(s)) || (s > 0 && (word(text.charAt(s - 1)) || text.charAt(s - 1) == '.'))) {
        s++;
        continue;
      }
      int p = s;
      int octets = 0;
      boolean ok = true;
      while (true) {
        int q = p;
        while (q < n && digit(text.charAt(q)) && q - p < 4) {
          q++;
        }
        int len = q - p;
        if (len == 0 || len > 3 || (len > 1 && text.charAt(p) == '0')
            || Integer.parseInt(text, p, q, 10) > 255) {
          ok = false;
          break;
        }
        octets++;
        p = q;
        if (octets == 4) {
          break;
        }
        if (p < n && text.charAt(p) == '.') {
          p++;
        } else {
          ok = false;
          break;
        }
      }
      if (!ok || (p < n && (word(text.charAt(p)) || text.charAt(p) == '.'))) {
        s++;
        continue;
      }
      if (PiiDetector.ipv4Accepted(text, s, p)) {
        add(found, s, p, PiiDetector.IPV4);
      }
      s = p;
    }
  }

  /** The international form of the phone pattern: {@code (?<![\w+])\+\d[\d .()-]{6,22}\d(?![\w])}. */
  private static void internationalPhones(String text, List<Finding> found, MaskingBudget budget) {
    int n = text.length();
    for (int s = text.indexOf('+'); s >= 0 && s + 1 < n; s = text.indexOf('+', s + 1)) {
      budget.tick();
      if (!digit(text.charAt(s + 1)) || (s > 0 && (word(text.charAt(s - 1)) || text.charAt(s - 1) == '+'))) {
        continue;
      }
      int runEnd = s + 2;
      while (runEnd < n && runEnd - s < 25 && isPhoneChar(text.charAt(runEnd))) {
        runEnd++;
      }
      int e = -1;
      for (int k = runEnd; k >= s + 9; k--) {
        if (digit(text.charAt(k - 1)) && (k == n || !word(text.charAt(k)))) {
          e = k;
          break;
        }
      }
      if (e < 0) {
        continue;
      }
      int end = PiiDetector.phoneShaped(text, s, e) ? e : -1;
      for (int k = e - 1; end < 0 && k >= s + 9; k--) {
        if (!Character.isLetterOrDigit(text.charAt(k)) && digit(text.charAt(k - 1))
            && PiiDetector.phoneShaped(text, s, k)) {
          end = k;
        }
      }
      if (end > 0) {
        add(found, s, end, PiiDetector.PHONE);
      }
      s = e - 1;
    }
  }

  private static boolean isPhoneChar(char c) {
    return digit(c) || c == ' ' || c == '.' || c == '(' || c == ')' || c == '-';
  }

  /** Matchers are reused per thread: creating one per value and detector cost more than the match. */
  private static final ThreadLocal<Matcher[]> MATCHERS = ThreadLocal.withInitial(() -> {
    PiiDetector[] all = PiiDetector.values();
    Matcher[] matchers = new Matcher[all.length];
    for (PiiDetector d : all) {
      matchers[d.ordinal()] = d.pattern().matcher("");
    }
    return matchers;
  });

  private static Matcher matcher(PiiDetector detector, CharSequence text) {
    return MATCHERS.get()[detector.ordinal()].reset(text);
  }

  private static boolean overlapsAny(List<Finding> found, Finding f) {
    for (Finding o : found) {
      if (overlaps(o, f)) {
        return true;
      }
    }
    return false;
  }

  private static boolean overlaps(Finding a, Finding b) {
    return a.start() < b.end() && b.start() < a.end();
  }

  /**
   * The combined pre-filter: one pass over the text that records, for every cluster of digits (digit
   * runs joined by at most two of {@code space . - ( )}), how many digits it has, how they are
   * grouped and what precedes it, plus the letter-digit shapes IBANs and NINOs start with, the
   * {@code @} of an e-mail and an SSN context word. From that it decides which detectors can
   * possibly match, so a detector's pattern runs only where the text has its shape (for typical
   * values: one pattern or none). It is a superset test: it may let a detector run that then finds
   * nothing, never the reverse.
   */
  static final class Traits {
    private int allowed;
    boolean ascii = true;

    boolean allow(PiiDetector d) {
      return (allowed & (1 << d.ordinal())) != 0;
    }

    private void set(PiiDetector d) {
      allowed |= 1 << d.ordinal();
    }

    /** What a character is to the pre-filter, for ASCII; everything else is {@link #OTHER}. */
    private static final byte OTHER = 0;
    private static final byte DIGIT = 1;
    private static final byte SEPARATOR = 2; // joins digit runs into a cluster: space . - ( )
    private static final byte LETTER = 3;
    private static final byte AT = 4;
    private static final byte PLUS = 5;
    private static final byte[] KIND = new byte[128];

    static {
      for (char c = '0'; c <= '9'; c++) {
        KIND[c] = DIGIT;
      }
      for (char c = 'a'; c <= 'z'; c++) {
        KIND[c] = LETTER;
        KIND[c - 32] = LETTER;
      }
      for (char c : " .-()".toCharArray()) {
        KIND[c] = SEPARATOR;
      }
      KIND['@'] = AT;
      KIND['+'] = PLUS;
    }

    static Traits of(String text) {
      return new Traits().read(text);
    }

    /** Reads {@code text} into this (reused: one per {@link ValueMasker}, no new one per value). */
    Traits read(String text) {
      Traits t = this;
      allowed = 0;
      ascii = true;
      ssnContext = false;
      phoneOther = false;
      nationalSpanCount = 0;
      int n = text.length();
      int digitsTotal = 0;
      // the current cluster
      int clusterDigits = 0;
      int countedDigits = 0; // digits not glued to a word before the cluster
      int groups = 0;
      int dots = 0;
      boolean space = false;
      boolean plus = false;
      boolean glued = false;
      int run = 0;
      int runStart = -1;
      int clusterStart = -1;
      int clusterDigitsEnd = -1;
      boolean clusterPhone = false; // a national phone number may be in this cluster
      int seps = 0;
      boolean trunk = false; // a run not glued that starts with 0
      boolean three = false; // a run of three digits not glued
      for (int i = 0; i <= n; i++) {
        char c = i < n ? text.charAt(i) : '\u0000';
        byte kind = c < 0x80 ? KIND[c] : OTHER;
        if (kind == DIGIT) {
          if (run == 0) {
            runStart = i;
            if (clusterDigits == 0) {
              clusterStart = i;
              clusterPhone = false;
              char before = i > 0 ? text.charAt(i - 1) : ' ';
              plus = before == '+' || (before == '(' && i > 1 && text.charAt(i - 2) == '+');
              glued = isAsciiAlnum(before) || before == '+';
              groups = 0;
              dots = 0;
              space = false;
              countedDigits = 0;
              trunk = false;
              three = false;
            }
            groups++;
            if (c == '0' && !(glued && groups == 1)) {
              trunk = true;
            }
          }
          run++;
          clusterDigitsEnd = i + 1;
          seps = 0;
          digitsTotal++;
          clusterDigits++;
          if (!(glued && groups == 1)) {
            countedDigits++;
          }
          continue;
        }
        if (c >= 0x80) {
          t.ascii = false;
        }
        if (run > 0) {
          // a run of digits ended at i: eleven digits may be a tax id, ten or eleven after a 0 a phone
          if (run == 11) {
            t.set(PiiDetector.DE_TAX_ID);
          }
          if (run == 3 && !(glued && groups == 1)) {
            three = true;
          }
          if ((run == 10 || run == 11) && text.charAt(runStart) == '0') {
            t.set(PiiDetector.PHONE);
            t.phoneOther = true;
            clusterPhone = true;
          }
          if (run == 4 && dashedSsnBefore(text, runStart)) {
            t.set(PiiDetector.US_SSN);
          }
          run = 0;
        }
        if (clusterDigits > 0) {
          if (kind == SEPARATOR && seps < 2 && i + 1 < n) {
            seps++;
            if (c == '.') {
              dots++;
            } else if (c == ' ') {
              space = true;
            }
            continue;
          }
          t.cluster(clusterDigits, countedDigits, groups, dots, space, plus);
          if (countedDigits >= 10 && groups >= 2 && (trunk || three)) {
            // the national forms: (415) 555-2671 starts with three digits, 020 7946 0958 with a 0
            t.phoneOther = true;
            clusterPhone = true;
          }
          if (clusterPhone) {
            t.nationalPhoneCluster(clusterStart, clusterDigitsEnd);
          }
          clusterDigits = 0;
        }
        seps = 0;
        if (kind == AT) {
          t.set(PiiDetector.EMAIL);
        } else if (kind == PLUS && i + 1 < n && isDigit(text.charAt(i + 1))) {
          // the international form may run through any separators: "+44 7 - 0..."
          int digits = 0;
          for (int k = i + 1; k < n && k - i < 25; k++) {
            char d = text.charAt(k);
            if (isDigit(d)) {
              digits++;
            } else if (!(d == ' ' || d == '.' || d == '-' || d == '(' || d == ')')) {
              break;
            }
          }
          if (digits >= 8) {
            t.set(PiiDetector.PHONE);
          }
        } else if (kind == LETTER) {
          t.letter(text, i, c);
        }
      }
      if (t.ssnContext && digitsTotal >= 9) {
        t.set(PiiDetector.US_SSN_IN_CONTEXT);
      }
      return t;
    }

    /** At an ASCII letter: an IBAN's or NINO's start, an SSN context word. */
    private void letter(String text, int i, char c) {
      int n = text.length();
      char c2;
      char c3;
      if (i + 3 < n && ((c2 = text.charAt(i + 2)) == ' ' || isDigit(c2)) && isDigit(c3 = text.charAt(i + 3))
          && isAsciiLetter(text.charAt(i + 1)) && (i == 0 || !isAsciiAlnum(text.charAt(i - 1)))) {
        if (isDigit(c2) && isDigit(c3)) {
          set(PiiDetector.IBAN);
        }
        if (isUpper(c) && isUpper(text.charAt(i + 1)) && ninoShape(text, i + 2)) {
          set(PiiDetector.UK_NINO);
        }
      }
      if ((c == 's' || c == 'S') && i + 2 < n && (text.charAt(i + 1) | 0x20) == 's') {
        char third = text.charAt(i + 2);
        if ((third | 0x20) == 'n' || third == '#') {
          ssnContext = true;
        }
      } else if ((c == 's' || c == 'S') && i + 15 <= n && (text.charAt(i + 1) | 0x20) == 'o'
          && text.regionMatches(true, i, "social security", 0, 15)) {
        ssnContext = true;
      }
    }

    private boolean ssnContext;
    /** A phone number without a '+' may be there: the pattern runs, not only the international form. */
    boolean phoneOther;
    /** Where a national phone number may be: the clusters that set {@link #phoneOther}, start and end. */
    private int[] nationalSpans; // (most values have none)
    private int nationalSpanCount;

    private void nationalPhoneCluster(int start, int end) {
      if (nationalSpans == null) {
        nationalSpans = new int[4];
      } else if (nationalSpanCount * 2 == nationalSpans.length) {
        nationalSpans = java.util.Arrays.copyOf(nationalSpans, nationalSpans.length * 2);
      }
      nationalSpans[nationalSpanCount * 2] = start;
      nationalSpans[nationalSpanCount * 2 + 1] = end;
      nationalSpanCount++;
    }

    /**
     * Whether every cluster where a national phone number may be lies inside an international number
     * found (from {@code from} in {@code found}): a national form holds no '+' and the pattern's search
     * goes on after the international match, so inside one it cannot match. "+1 202-555-0139" has
     * the shape of "(202) 555-0139" but needs no pattern.
     */
    boolean nationalPhonesCovered(List<Finding> found, int from) {
      for (int k = 0; k < nationalSpanCount; k++) {
        int start = nationalSpans[k * 2];
        int end = nationalSpans[k * 2 + 1];
        boolean covered = false;
        for (int f = from; f < found.size() && !covered; f++) {
          covered = found.get(f).start() < start && end <= found.get(f).end();
        }
        if (!covered) {
          return false;
        }
      }
      return true;
    }

    /** Whether {@code " ?dd ?dd ?dd ?[A-D]"} and a word's end follow two letters: the rest of a NINO. */
    private static boolean ninoShape(String text, int at) {
      int n = text.length();
      int p = at;
      for (int pair = 0; pair < 3; pair++) {
        if (p < n && text.charAt(p) == ' ') {
          p++;
        }
        if (p + 1 >= n || !isDigit(text.charAt(p)) || !isDigit(text.charAt(p + 1))) {
          return false;
        }
        p += 2;
      }
      if (p < n && text.charAt(p) == ' ') {
        p++;
      }
      return p < n && text.charAt(p) >= 'A' && text.charAt(p) <= 'D'
          && (p + 1 == n || !(isAsciiAlnum(text.charAt(p + 1)) || text.charAt(p + 1) == '_'));
    }

    /** Whether the run of four digits at {@code at} ends a dashed SSN's shape: three digits, '-', two, '-'. */
    private static boolean dashedSsnBefore(String text, int at) {
      return at >= 7 && text.charAt(at - 1) == '-' && isDigit(text.charAt(at - 2)) && isDigit(text.charAt(at - 3))
          && text.charAt(at - 4) == '-' && isDigit(text.charAt(at - 5)) && isDigit(text.charAt(at - 6))
          && isDigit(text.charAt(at - 7)) && (at == 7 || !isDigit(text.charAt(at - 8)));
    }

    /**
     * A cluster ended: {@code counted} leaves out a first run glued to a word or a '+', where no
     * card, tax id or SSN can start.
     */
    private void cluster(int total, int counted, int groups, int dots, boolean space, boolean plus) {
      int digits = counted;
      if (digits >= 13) {
        set(PiiDetector.CARD);
      }
      if (plus ? total >= 8 : digits >= 10 && groups >= 2) {
        set(PiiDetector.PHONE);
      }
      if (space && digits >= 11) {
        set(PiiDetector.DE_TAX_ID);
      }
      if (dots >= 3 && groups >= 4) {
        set(PiiDetector.IPV4);
      }
    }

    private static boolean isDigit(char c) {
      return c >= '0' && c <= '9';
    }

    private static boolean isUpper(char c) {
      return c >= 'A' && c <= 'Z';
    }

    private static boolean isAsciiLetter(char c) {
      return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
    }

    private static boolean isAsciiAlnum(char c) {
      return isAsciiLetter(c) || isDigit(c);
    }
  }
}
