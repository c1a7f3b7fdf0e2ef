package io.stageline.promotion.gates;

import io.stageline.api.v1alpha1.Gate.Freeze;
import io.stageline.api.v1alpha1.Gate.WindowGate;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/**
 * Allowed days and hours in a time zone, minus freezes. Closed: waits until the instant the next
 * window opens. The time zone was checked when the promotion was admitted.
 */
public class WindowGateEvaluator implements GateEvaluator {
  /** How far ahead to look for an opening; a window that never opens within a year is reported as such. */
  private static final int HORIZON_DAYS = 400;
  private static final DateTimeFormatter SOON = DateTimeFormatter.ofPattern("EEE HH:mm", Locale.ENGLISH);
  private static final DateTimeFormatter LATER = DateTimeFormatter.ofPattern("EEE d MMM HH:mm", Locale.ENGLISH);
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);

  @Override
  public GateResult evaluate(GateInput in) {
    WindowGate w = in.gate().getWindow();
    ZoneId zone = ZoneId.of(w.getTimeZone());
    ZonedDateTime now = in.now().atZone(zone);
    Optional<Freeze> freeze = freezeOn(w, now.toLocalDate());
    if (freeze.isEmpty() && isOpen(w, now)) {
      return GateResult.passed("window open until " + closesAt(w, now) + " " + zone.getId())
          .wakeUpAt(closeInstant(w, now));
    }
    Optional<ZonedDateTime> opens = nextOpening(w, now);
    String frozen = freeze.map(f -> "frozen " + f.getFrom() + ".." + f.getTo()
        + (f.getReason() == null ? "" : " (" + f.getReason() + ")") + "; ").orElse("");
    if (opens.isEmpty()) {
      return GateResult.waiting(frozen + "window does not open within " + HORIZON_DAYS + " days");
    }
    ZonedDateTime at = opens.get();
    DateTimeFormatter fmt = at.isBefore(now.plusDays(6)) ? SOON : LATER;
    return GateResult.waiting(frozen + "window opens " + at.format(fmt) + " " + zone.getId()).wakeUpAt(at.toInstant());
  }

  static boolean isOpen(WindowGate w, ZonedDateTime t) {
    if (!dayAllowed(w, t.getDayOfWeek())) {
      return false;
    }
    LocalTime time = t.toLocalTime();
    return !time.isBefore(start(w)) && (isEndOfDay(w) || time.isBefore(LocalTime.parse(w.getEnd())));
  }

  private static Optional<ZonedDateTime> nextOpening(WindowGate w, ZonedDateTime now) {
    for (int d = 0; d < HORIZON_DAYS; d++) {
      LocalDate date = now.toLocalDate().plusDays(d);
      if (!dayAllowed(w, date.getDayOfWeek()) || freezeOn(w, date).isPresent()) {
        continue;
      }
      ZonedDateTime opens = date.atTime(start(w)).atZone(now.getZone());
      if (opens.isAfter(now)) {
        return Optional.of(opens);
      }
      if (d == 0 && isOpen(w, now)) {
        return Optional.of(now);
      }
    }
    return Optional.empty();
  }

  private static Optional<Freeze> freezeOn(WindowGate w, LocalDate date) {
    return w.getFreezes() == null ? Optional.empty() : w.getFreezes().stream()
        .filter(f -> !date.isBefore(LocalDate.parse(f.getFrom())) && !date.isAfter(LocalDate.parse(f.getTo())))
        .findFirst();
  }

  private static boolean dayAllowed(WindowGate w, DayOfWeek day) {
    return w.getDays() == null || w.getDays().isEmpty()
        || w.getDays().stream().anyMatch(d -> d.ordinal() == day.ordinal());
  }

  private static LocalTime start(WindowGate w) {
    return w.getStart() == null ? LocalTime.MIDNIGHT : LocalTime.parse(w.getStart());
  }

  private static boolean isEndOfDay(WindowGate w) {
    return w.getEnd() == null || "24:00".equals(w.getEnd());
  }

  private static String closesAt(WindowGate w, ZonedDateTime now) {
    return isEndOfDay(w) ? "24:00" : LocalTime.parse(w.getEnd()).format(TIME);
  }

  /** The instant the window closes today, so the gate's state follows the clock without polling. */
  private static Instant closeInstant(WindowGate w, ZonedDateTime now) {
    return isEndOfDay(w)
        ? now.toLocalDate().plusDays(1).atStartOfDay(now.getZone()).toInstant()
        : now.toLocalDate().atTime(LocalTime.parse(w.getEnd())).atZone(now.getZone()).toInstant();
  }
}
