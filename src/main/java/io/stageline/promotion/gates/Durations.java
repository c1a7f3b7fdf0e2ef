package io.stageline.promotion.gates;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The short duration format of the Promotion API ("1d", "2h30m", "45s"): parse and print. */
public final class Durations {
  private static final Pattern FORMAT = Pattern.compile("^(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?$");

  private Durations() {}

  /** Parses "1d2h30m15s"; throws IllegalArgumentException with the offending text otherwise. */
  public static Duration parse(String text) {
    Matcher m = text == null ? null : FORMAT.matcher(text.trim());
    if (m == null || text.isBlank() || !m.matches()) {
      throw new IllegalArgumentException("\"" + text + "\" is not a duration like 30m, 2h or 1d12h");
    }
    try {
      Duration d = Duration.ofDays(part(m, 1)).plusHours(part(m, 2)).plusMinutes(part(m, 3)).plusSeconds(part(m, 4));
      if (d.compareTo(LONGEST) > 0) {
        throw new ArithmeticException();
      }
      return d;
    } catch (ArithmeticException | NumberFormatException e) {
      // digits the pattern admits but no clock can reach; an Instant plus it would overflow as well
      throw new IllegalArgumentException("\"" + text + "\" is longer than any duration accepted here (at most "
          + LONGEST.toDays() + "d)");
    }
  }

  /** Ten years: longer than any soak, timeout or wait a promotion means; far from Instant's limits. */
  static final Duration LONGEST = Duration.ofDays(3650);

  /** "41m", "2h 5m", "1d 3h", "30s": what a person reads in a status message. */
  public static String format(Duration d) {
    long seconds = Math.max(0, d.getSeconds() + (d.getNano() > 0 ? 1 : 0));
    if (seconds >= 60 && seconds % 60 > 0) {
      seconds += 60 - seconds % 60; // round up to the minute, so "ends in 1m" is never shown after the end
    }
    long days = seconds / 86_400;
    long hours = seconds % 86_400 / 3_600;
    long minutes = seconds % 3_600 / 60;
    if (days > 0) {
      return hours > 0 ? days + "d " + hours + "h" : days + "d";
    }
    if (hours > 0) {
      return minutes > 0 ? hours + "h " + minutes + "m" : hours + "h";
    }
    if (minutes > 0) {
      return minutes + "m";
    }
    return seconds + "s";
  }

  private static long part(Matcher m, int group) {
    return m.group(group) == null ? 0 : Long.parseLong(m.group(group));
  }
}
