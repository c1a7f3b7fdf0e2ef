package io.stageline.promotion.gates;

import io.stageline.api.v1alpha1.Gate.Freeze;
import io.stageline.api.v1alpha1.Gate.Recurrence;
import io.stageline.api.v1alpha1.Gate.WindowGate;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.fortuna.ical4j.model.Recur;
import net.fortuna.ical4j.transform.recurrence.Frequency;

/**
 * A window gate as periods on the time line: when it is open (days and hours, or RFC 5545 allow
 * rules) and when it is closed whatever allows it (freezes, deny rules). Recurrence rules are
 * ical4j's; occurrences are local times in the gate's zone, as a person reads a calendar: a
 * 22:00-02:00 window closes at 02:00 the next morning, a daily 09:00 window opens at 09:00 on both
 * sides of a DST change, and an occurrence in a DST gap starts when the clock has jumped.
 */
public final class WindowCalendar {
  /** How far ahead to look for an opening; a window that never opens within it is reported as such. */
  static final int HORIZON_DAYS = 400;
  /** The longest period a rule may describe (its duration's pattern allows 99 days). */
  private static final Duration LONGEST = Duration.ofDays(100);
  private static final Pattern DURATION = Pattern.compile("^(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?$");

  /** One period; {@code reason} is shown while a closing period holds the gate. */
  record Period(Instant start, Instant end, String reason, Freeze freeze) {
    boolean contains(Instant t) {
      return !t.isBefore(start) && t.isBefore(end);
    }
  }

  private final ZoneId zone;
  private final List<Period> open;
  private final List<Period> closed;

  private WindowCalendar(ZoneId zone, List<Period> open, List<Period> closed) {
    this.zone = zone;
    this.open = open;
    this.closed = closed;
  }

  /** The periods that matter from a little before {@code now} to the horizon. */
  static WindowCalendar of(WindowGate w, Instant now) {
    ZoneId zone = ZoneId.of(w.getTimeZone());
    LocalDate today = now.atZone(zone).toLocalDate();
    LocalDateTime from = today.minusDays(LONGEST.toDays()).atStartOfDay();
    LocalDateTime to = today.plusDays(HORIZON_DAYS + 1).atStartOfDay();
    List<Period> open = new ArrayList<>();
    if (w.getAllow() != null && !w.getAllow().isEmpty()) {
      w.getAllow().forEach(r -> open.addAll(occurrences(r, zone, from, to)));
    } else {
      for (LocalDate d = today.minusDays(1); !d.isAfter(today.plusDays(HORIZON_DAYS)); d = d.plusDays(1)) {
        if (dayAllowed(w, d.getDayOfWeek())) {
          open.add(daily(w, d, zone));
        }
      }
    }
    List<Period> closed = new ArrayList<>();
    if (w.getDeny() != null) {
      w.getDeny().forEach(r -> closed.addAll(occurrences(r, zone, from, to)));
    }
    if (w.getFreezes() != null) {
      for (Freeze f : w.getFreezes()) {
        closed.add(new Period(LocalDate.parse(f.getFrom()).atStartOfDay(zone).toInstant(),
            LocalDate.parse(f.getTo()).plusDays(1).atStartOfDay(zone).toInstant(), f.getReason(), f));
      }
    }
    open.sort(Comparator.comparing(Period::start));
    closed.sort(Comparator.comparing(Period::start));
    return new WindowCalendar(zone, open, closed);
  }

  ZoneId zone() {
    return zone;
  }

  boolean isOpen(Instant t) {
    return open.stream().anyMatch(p -> p.contains(t)) && closing(t).isEmpty();
  }

  /** The closing period (freeze or deny rule) that holds at {@code t}, if any. */
  Optional<Period> closing(Instant t) {
    return closed.stream().filter(p -> p.contains(t)).findFirst();
  }

  /** The first instant from {@code t} on at which the gate is open: an opening or the end of a closing period. */
  Optional<Instant> nextOpening(Instant t) {
    List<Instant> candidates = new ArrayList<>();
    candidates.add(t);
    open.stream().map(Period::start).filter(s -> s.isAfter(t)).forEach(candidates::add);
    closed.stream().map(Period::end).filter(e -> e.isAfter(t)).forEach(candidates::add);
    return candidates.stream().sorted().filter(this::isOpen).findFirst();
  }

  /** When an open gate closes: the end of the open stretch (periods joined), or the next closing period. */
  Instant closesAfter(Instant t) {
    Instant end = t;
    boolean extended = true;
    while (extended) {
      extended = false;
      for (Period p : open) {
        if (p.contains(end) && p.end().isAfter(end)) {
          end = p.end();
          extended = true;
        }
      }
    }
    Instant stretchEnd = end;
    return closed.stream().map(Period::start).filter(s -> s.isAfter(t) && s.isBefore(stretchEnd)).min(Instant::compareTo)
        .orElse(stretchEnd);
  }

  private static Period daily(WindowGate w, LocalDate day, ZoneId zone) {
    LocalTime start = w.getStart() == null ? LocalTime.MIDNIGHT : LocalTime.parse(w.getStart());
    LocalDateTime opens = day.atTime(start);
    LocalDateTime closes;
    if (w.getEnd() == null || "24:00".equals(w.getEnd())) {
      closes = day.plusDays(1).atStartOfDay();
    } else {
      LocalTime end = LocalTime.parse(w.getEnd());
      // an end at or before the start crosses midnight
      closes = end.isAfter(start) ? day.atTime(end) : day.plusDays(1).atTime(end);
    }
    return new Period(opens.atZone(zone).toInstant(), closes.atZone(zone).toInstant(), null, null);
  }

  private static List<Period> occurrences(Recurrence r, ZoneId zone, LocalDateTime from, LocalDateTime to) {
    LocalDateTime first = LocalDateTime.parse(r.getStart());
    List<LocalDateTime> starts = new ArrayList<>();
    if (r.getRrule() == null || r.getRrule().isBlank()) {
      starts.add(first);
    } else {
      Recur<LocalDateTime> recur = new Recur<>(r.getRrule());
      starts.addAll(recur.getDates(first, from, to));
      if (!starts.contains(first) && !first.isBefore(from) && first.isBefore(to)) {
        starts.add(first); // DTSTART is the first occurrence even when the rule would not produce it
      }
    }
    List<LocalDateTime> skipped = r.getExceptions() == null ? List.of()
        : r.getExceptions().stream().map(LocalDateTime::parse).toList();
    List<Period> periods = new ArrayList<>();
    for (LocalDateTime start : starts) {
      if (skipped.contains(start)) {
        continue;
      }
      ZonedDateTime s = start.atZone(zone);
      periods.add(new Period(s.toInstant(), end(s, r.getDuration()).toInstant(), r.getReason(), null));
    }
    return periods;
  }

  /** RFC 5545 durations: days are calendar days (local), hours and minutes elapsed time. */
  private static ZonedDateTime end(ZonedDateTime start, String duration) {
    Matcher m = DURATION.matcher(duration == null ? "" : duration);
    if (duration == null || duration.isBlank() || !m.matches()) {
      throw new IllegalArgumentException("\"" + duration + "\" is not a duration like 4h, 90m or 7d");
    }
    long days = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
    long hours = m.group(2) == null ? 0 : Long.parseLong(m.group(2));
    long minutes = m.group(3) == null ? 0 : Long.parseLong(m.group(3));
    return start.plusDays(days).plusHours(hours).plusMinutes(minutes);
  }

  private static boolean dayAllowed(WindowGate w, DayOfWeek day) {
    return w.getDays() == null || w.getDays().isEmpty()
        || w.getDays().stream().anyMatch(d -> d.ordinal() == day.ordinal());
  }

  /** Checks a rule as admission does: parses, so that a bad rule is refused before any reconcile. */
  public static void check(Recurrence r) {
    try {
      LocalDateTime.parse(r.getStart());
      if (r.getExceptions() != null) {
        r.getExceptions().forEach(LocalDateTime::parse);
      }
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("\"" + e.getParsedString() + "\" is not a local date-time like 2026-01-05T22:00");
    }
    end(LocalDateTime.parse(r.getStart()).atZone(ZoneId.of("UTC")), r.getDuration());
    if (r.getRrule() != null && !r.getRrule().isBlank()) {
      Recur<LocalDateTime> recur;
      try {
        recur = new Recur<>(r.getRrule());
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("\"" + r.getRrule() + "\" is not an RFC 5545 RRULE such as "
            + "FREQ=WEEKLY;BYDAY=MO,TU");
      }
      // every occurrence within the horizon is materialised: a rule by the second or minute would be
      // millions of them, and no change window needs one
      if (recur.getFrequency() == Frequency.SECONDLY || recur.getFrequency() == Frequency.MINUTELY) {
        throw new IllegalArgumentException("\"" + r.getRrule() + "\" repeats every second or minute; a window or "
            + "freeze repeats hourly at most often");
      }
    }
  }
}
