package io.stageline.promotion.gates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stageline.api.v1alpha1.Gate;
import io.stageline.api.v1alpha1.Gate.Recurrence;
import io.stageline.api.v1alpha1.Gate.WindowGate;
import io.stageline.api.v1alpha1.Gate.WindowGate.Day;
import io.stageline.api.v1alpha1.Promotion;
import io.stageline.api.v1alpha1.PromotionStatus.GateStatus.State;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Change windows as a person reading the calendar expects: midnight, DST, half-hour zones, RFC 5545 rules. */
class WindowGateEvaluatorTest {
  private final WindowGateEvaluator evaluator = new WindowGateEvaluator();

  private static Instant at(String local, String zone) {
    return LocalDateTime.parse(local).atZone(ZoneId.of(zone)).toInstant();
  }

  private GateResult evaluate(WindowGate window, Instant now) {
    Gate gate = new Gate();
    gate.setName("change-window");
    gate.setWindow(window);
    return evaluator.evaluate(new GateInput(new Promotion(), gate, "change-window", null, null, null, null, List.of(),
        now, false));
  }

  private static WindowGate simple(String zone, String start, String end, Day... days) {
    WindowGate w = new WindowGate();
    w.setTimeZone(zone);
    w.setStart(start);
    w.setEnd(end);
    w.setDays(List.of(days));
    return w;
  }

  private static Recurrence rule(String start, String duration, String rrule, String reason) {
    Recurrence r = new Recurrence();
    r.setStart(start);
    r.setDuration(duration);
    r.setRrule(rrule);
    r.setReason(reason);
    return r;
  }

  @Test
  void aNightWindowCrossesMidnightAndClosesTheNextMorning() {
    WindowGate night = simple("Europe/Berlin", "22:00", "02:00", Day.Mon, Day.Tue, Day.Wed, Day.Thu);

    GateResult lateMonday = evaluate(night, at("2026-03-02T23:30", "Europe/Berlin"));
    assertThat(lateMonday.state()).isEqualTo(State.Passed);
    assertThat(lateMonday.message()).isEqualTo("window open until Tue 02:00 Europe/Berlin");
    assertThat(lateMonday.wakeUpAt()).isEqualTo(at("2026-03-03T02:00", "Europe/Berlin"));

    GateResult earlyTuesday = evaluate(night, at("2026-03-03T01:15", "Europe/Berlin"));
    assertThat(earlyTuesday.state()).isEqualTo(State.Passed);
    assertThat(earlyTuesday.message()).isEqualTo("window open until 02:00 Europe/Berlin");

    // Friday 01:00 still belongs to Thursday's night; Saturday 01:00 does not (no Friday night)
    assertThat(evaluate(night, at("2026-03-06T01:00", "Europe/Berlin")).state()).isEqualTo(State.Passed);
    GateResult saturday = evaluate(night, at("2026-03-07T01:00", "Europe/Berlin"));
    assertThat(saturday.state()).isEqualTo(State.Waiting);
    assertThat(saturday.message()).isEqualTo("window opens Mon 22:00 Europe/Berlin");
    assertThat(saturday.wakeUpAt()).isEqualTo(at("2026-03-09T22:00", "Europe/Berlin"));
  }

  @Test
  void aNightWindowOverTheSpringForwardInBerlinClosesAtTwoLocalTime() {
    // 29 March 2026: clocks jump from 02:00 to 03:00 in Europe/Berlin
    WindowGate night = simple("Europe/Berlin", "22:00", "02:00", Day.Sat);

    GateResult result = evaluate(night, at("2026-03-28T23:00", "Europe/Berlin"));

    assertThat(result.state()).isEqualTo(State.Passed);
    // 02:00 does not exist that night: the window closes when the clock jumps to 03:00, three hours after 23:00
    assertThat(result.wakeUpAt()).isEqualTo(Instant.parse("2026-03-29T01:00:00Z"));
  }

  @Test
  void aDailyWindowOpensAtNineLocalTimeOnBothSidesOfTheFallBackInNewYork() {
    // 1 November 2026: clocks fall back from 02:00 to 01:00 in America/New_York
    WindowGate nine = simple("America/New_York", "09:00", "17:00");

    GateResult saturdayNight = evaluate(nine, at("2026-10-31T20:00", "America/New_York"));
    assertThat(saturdayNight.wakeUpAt()).isEqualTo(Instant.parse("2026-11-01T14:00:00Z")); // 09:00 EST
    GateResult fridayNight = evaluate(nine, at("2026-10-30T20:00", "America/New_York"));
    assertThat(fridayNight.wakeUpAt()).isEqualTo(Instant.parse("2026-10-31T13:00:00Z")); // 09:00 EDT
    assertThat(fridayNight.message()).isEqualTo("window opens Sat 09:00 America/New_York");
  }

  @Test
  void aHalfHourZoneWithDaylightSavingKeepsItsLocalHours() {
    // Australia/Adelaide is UTC+10:30 in January (daylight saving) and UTC+9:30 in July
    WindowGate business = simple("Australia/Adelaide", "09:30", "16:30", Day.Mon, Day.Tue, Day.Wed, Day.Thu, Day.Fri);

    // Monday 5 January: 09:30 local is 23:00Z the evening before; Monday 6 July: 09:30 local is 00:00Z
    assertThat(evaluate(business, Instant.parse("2026-01-04T22:45:00Z")).state()).isEqualTo(State.Waiting);
    assertThat(evaluate(business, Instant.parse("2026-01-04T23:00:00Z")).state()).isEqualTo(State.Passed);
    assertThat(evaluate(business, Instant.parse("2026-07-06T00:00:00Z")).state()).isEqualTo(State.Passed);
    GateResult july = evaluate(business, Instant.parse("2026-07-05T23:00:00Z")); // Mon 08:30 local
    assertThat(july.message()).isEqualTo("window opens Mon 09:30 Australia/Adelaide");
    assertThat(july.wakeUpAt()).isEqualTo(Instant.parse("2026-07-06T00:00:00Z"));
  }

  @Test
  void anAllowRuleOpensOnTheFirstTuesdayOfEachMonthOnly() {
    WindowGate w = new WindowGate();
    w.setTimeZone("Europe/Berlin");
    w.setAllow(List.of(rule("2026-01-06T10:00", "4h", "FREQ=MONTHLY;BYDAY=1TU", null)));

    assertThat(evaluate(w, at("2026-03-03T11:00", "Europe/Berlin")).state()).isEqualTo(State.Passed);
    GateResult secondTuesday = evaluate(w, at("2026-03-10T11:00", "Europe/Berlin"));
    assertThat(secondTuesday.state()).isEqualTo(State.Waiting);
    assertThat(secondTuesday.message()).isEqualTo("window opens Tue 7 Apr 10:00 Europe/Berlin");
    assertThat(secondTuesday.wakeUpAt()).isEqualTo(at("2026-04-07T10:00", "Europe/Berlin"));
  }

  @Test
  void aDenyRuleClosesTheLastWeekOfEveryQuarterWhateverAllowsIt() {
    WindowGate w = simple("Europe/Berlin", "09:00", "17:00");
    w.setDeny(List.of(rule("2026-03-25T00:00", "7d", "FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY=25", "quarter close")));

    GateResult frozen = evaluate(w, at("2026-06-29T10:00", "Europe/Berlin"));
    assertThat(frozen.state()).isEqualTo(State.Waiting);
    assertThat(frozen.message()).isEqualTo("closed (quarter close); window opens Thu 09:00 Europe/Berlin");
    assertThat(frozen.wakeUpAt()).isEqualTo(at("2026-07-02T09:00", "Europe/Berlin"));

    assertThat(evaluate(w, at("2026-07-02T10:00", "Europe/Berlin")).state()).isEqualTo(State.Passed);
  }

  @Test
  void anOpenWindowClosesEarlyWhenADenyPeriodStarts() {
    WindowGate w = simple("UTC", "09:00", "17:00");
    w.setDeny(List.of(rule("2026-05-04T12:00", "1h", null, "maintenance")));

    GateResult result = evaluate(w, Instant.parse("2026-05-04T10:00:00Z"));

    assertThat(result.message()).isEqualTo("window open until 12:00 UTC");
    assertThat(result.wakeUpAt()).isEqualTo(Instant.parse("2026-05-04T12:00:00Z"));
  }

  @Test
  void anExceptionSkipsOneOccurrence() {
    WindowGate w = new WindowGate();
    w.setTimeZone("UTC");
    Recurrence weekly = rule("2026-12-01T10:00", "2h", "FREQ=WEEKLY;BYDAY=TU", null);
    weekly.setExceptions(List.of("2026-12-22T10:00"));
    w.setAllow(List.of(weekly));

    GateResult christmasWeek = evaluate(w, Instant.parse("2026-12-22T11:00:00Z"));

    assertThat(christmasWeek.state()).isEqualTo(State.Waiting);
    assertThat(christmasWeek.wakeUpAt()).isEqualTo(Instant.parse("2026-12-29T10:00:00Z"));
  }

  @Test
  void malformedRulesAreRefusedWithAClearMessage() {
    assertThatThrownBy(() -> WindowCalendar.check(rule("2026-01-05T22:00", "4h", "FREQ=SOMETIMES", null)))
        .hasMessageContaining("\"FREQ=SOMETIMES\" is not an RFC 5545 RRULE");
    assertThatThrownBy(() -> WindowCalendar.check(rule("2026-01-05T22:00", "", null, null)))
        .hasMessageContaining("is not a duration like 4h, 90m or 7d");
  }
}
