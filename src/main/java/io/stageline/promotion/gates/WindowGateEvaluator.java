package io.stageline.promotion.gates;

import io.stageline.api.v1alpha1.Gate.Freeze;
import io.stageline.api.v1alpha1.Gate.WindowGate;
import io.stageline.promotion.gates.WindowCalendar.Period;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/**
 * Open periods (days and hours, or RFC 5545 allow rules) minus closing ones (freezes, deny rules)
 * in the gate's time zone. Closed: waits until the instant the next window opens; open: wakes up when
 * it closes, so the state follows the clock without polling. The zone and rules were checked when
 * the promotion was admitted.
 */
public class WindowGateEvaluator implements GateEvaluator {
  private static final DateTimeFormatter SOON = DateTimeFormatter.ofPattern("EEE HH:mm", Locale.ENGLISH);
  private static final DateTimeFormatter LATER = DateTimeFormatter.ofPattern("EEE d MMM HH:mm", Locale.ENGLISH);
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);

  @Override
  public GateResult evaluate(GateInput in) {
    WindowGate w = in.gate().getWindow();
    WindowCalendar calendar = WindowCalendar.of(w, in.now());
    ZonedDateTime now = in.now().atZone(calendar.zone());
    if (calendar.isOpen(in.now())) {
      Instant closes = calendar.closesAfter(in.now());
      return GateResult.passed("window open until " + shown(closes, now, calendar) + " " + calendar.zone().getId())
          .wakeUpAt(closes);
    }
    Optional<Period> closing = calendar.closing(in.now());
    String held = closing.map(WindowGateEvaluator::describe).orElse("");
    Optional<Instant> opens = calendar.nextOpening(in.now());
    if (opens.isEmpty()) {
      return GateResult.waiting(held + "window does not open within " + WindowCalendar.HORIZON_DAYS + " days");
    }
    ZonedDateTime at = opens.get().atZone(calendar.zone());
    DateTimeFormatter fmt = at.isBefore(now.plusDays(6)) ? SOON : LATER;
    return GateResult.waiting(held + "window opens " + at.format(fmt) + " " + calendar.zone().getId())
        .wakeUpAt(opens.get());
  }

  private static String describe(Period p) {
    Freeze f = p.freeze();
    if (f != null) {
      return "frozen " + f.getFrom() + ".." + f.getTo() + (f.getReason() == null ? "" : " (" + f.getReason() + ")") + "; ";
    }
    return "closed" + (p.reason() == null ? "" : " (" + p.reason() + ")") + "; ";
  }

  /** The closing time: HH:mm today (24:00 at midnight), with the day when it is later. */
  private static String shown(Instant closes, ZonedDateTime now, WindowCalendar calendar) {
    ZonedDateTime at = closes.atZone(calendar.zone());
    if (at.toLocalDate().equals(now.toLocalDate())) {
      return at.format(TIME);
    }
    if (at.toLocalDate().equals(now.toLocalDate().plusDays(1)) && at.toLocalTime().equals(java.time.LocalTime.MIDNIGHT)) {
      return "24:00";
    }
    return at.format(at.isBefore(now.plusDays(6)) ? SOON : LATER);
  }
}
