package io.stageline.promotion.gates;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.stageline.api.v1alpha1.Stage;
import io.stageline.promotion.gates.FreezeCalendar.Hold;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The platform's freeze calendar, read as a release manager reads it: which stage is frozen, until when, and why. */
class FreezeCalendarTest {
  static final String YEAR_END = """
      stages: [staging, production]
      timeZone: Europe/Berlin
      from: 2026-12-21
      to: 2027-01-04
      reason: year-end freeze
      """;

  static ConfigMap calendar(Map<String, String> entries) {
    return new ConfigMapBuilder().withNewMetadata().withName(FreezeCalendar.NAME).withNamespace("stageline-system")
        .endMetadata().withData(entries).build();
  }

  static Optional<Hold> at(Map<String, String> entries, Stage stage, String instant) {
    return FreezeCalendar.holds(calendar(entries), stage, Instant.parse(instant));
  }

  @Test
  void dateRangeFreezesTheListedStagesFromItsFirstToTheEndOfItsLastDayInItsZone() {
    Map<String, String> cal = Map.of("year-end", YEAR_END);

    assertThat(at(cal, Stage.production, "2026-12-20T22:59:59Z")).isEmpty(); // 23:59:59 in Berlin, the day before
    Hold hold = at(cal, Stage.production, "2026-12-20T23:00:00Z").orElseThrow();
    assertThat(hold.message()).isEqualTo("frozen until Tue 5 Jan 2027 00:00 Europe/Berlin by freeze 'year-end' "
        + "(year-end freeze) in ConfigMap stageline-system/stageline-freeze-calendar");
    assertThat(hold.until()).isEqualTo(Instant.parse("2027-01-04T23:00:00Z"));
    assertThat(at(cal, Stage.staging, "2027-01-04T22:59:00Z")).isPresent();
    assertThat(at(cal, Stage.production, "2027-01-04T23:00:00Z")).isEmpty();
  }

  @Test
  void stagesTheEntryDoesNotNameAreNotFrozen() {
    Map<String, String> cal = Map.of("year-end", YEAR_END);

    assertThat(at(cal, Stage.test, "2026-12-24T12:00:00Z")).isEmpty();
    assertThat(at(cal, Stage.development, "2026-12-24T12:00:00Z")).isEmpty();
  }

  @Test
  void recurringFreezeHoldsEachOccurrenceAndEndsWithIt() {
    String monthEnd = """
        stages: ["*"]
        timeZone: America/New_York
        start: 2026-01-30T18:00
        duration: 2d
        rrule: FREQ=MONTHLY;BYMONTHDAY=30
        reason: month-end close
        """;
    Map<String, String> cal = Map.of("month-end", monthEnd);

    Hold hold = at(cal, Stage.test, "2026-11-30T23:30:00Z").orElseThrow(); // 18:30 in New York
    assertThat(hold.until()).isEqualTo(Instant.parse("2026-12-02T23:00:00Z"));
    assertThat(hold.message()).startsWith("frozen until Wed 2 Dec 2026 18:00 America/New_York by freeze 'month-end' (month-end close)");
    assertThat(at(cal, Stage.test, "2026-11-30T22:59:00Z")).isEmpty();
  }

  @Test
  void theLongestOfTwoOverlappingFreezesIsTheOneReported() {
    String week = """
        stages: [production]
        timeZone: UTC
        from: 2026-12-21
        to: 2026-12-27
        """;
    Map<String, String> cal = Map.of("christmas-week", week, "year-end", YEAR_END);

    assertThat(at(cal, Stage.production, "2026-12-23T12:00:00Z").orElseThrow().message()).contains("freeze 'year-end'");
  }

  @Test
  void anUnreadableEntryHoldsEveryStageAndSaysWhichEntryAndWhatIsWrongWithoutEchoingIt() {
    Map<String, String> typo = Map.of("year-end", YEAR_END.replace("from:", "form:"));

    Hold hold = at(typo, Stage.development, "2026-06-01T12:00:00Z").orElseThrow();
    assertThat(hold.until()).isNull();
    assertThat(hold.message()).isEqualTo("freeze 'year-end' in ConfigMap stageline-system/stageline-freeze-calendar is "
        + "invalid (not a YAML mapping of stages, timeZone, from/to or start/duration/rrule, exceptions and reason); "
        + "promotions are held until it is fixed");
  }

  @Test
  void entriesThatAreWellFormedButWrongAreHeldWithTheReason() {
    assertThat(FreezeCalendarTest.reason(YEAR_END.replace("Europe/Berlin", "Mars/Olympus_Mons")))
        .isEqualTo("timeZone \"Mars/Olympus_Mons\" is not an IANA time zone");
    assertThat(reason(YEAR_END.replace("[staging, production]", "[prod]")))
        .isEqualTo("stage \"prod\" is not development, test, staging, production or *");
    assertThat(reason(YEAR_END.replace("to: 2027-01-04", "to: 2026-01-04")))
        .isEqualTo("from and to are dates like 2026-12-21, to not before from");
    assertThat(reason("stages: [production]\ntimeZone: UTC\nstart: 2026-01-01T00:00\nduration: 1h\nrrule: FREQ=SECONDLY\n"))
        .isEqualTo("\"FREQ=SECONDLY\" repeats every second or minute; a window or freeze repeats hourly at most often");
    assertThat(reason("stages: [production]\ntimeZone: UTC\nstart: 2026-01-01T00:00\nduration: 400d\n"))
        .isEqualTo("duration is like 4h, 90m or 7d, at most 99d");
    assertThat(reason("stages: [production]\ntimeZone: UTC\nfrom: 2026-01-01\nto: 2026-01-02\nstart: 2026-01-01T00:00\n"))
        .isEqualTo("give either from and to (dates) or start and duration (with an optional rrule)");
  }

  @Test
  void aCalendarWithTooManyEntriesHoldsEverything() {
    Map<String, String> many = new java.util.HashMap<>();
    for (int i = 0; i <= FreezeCalendar.MAX_ENTRIES; i++) {
      many.put("f" + i, YEAR_END);
    }
    assertThat(at(many, Stage.development, "2026-06-01T12:00:00Z").orElseThrow().message())
        .isEqualTo("freeze calendar ConfigMap stageline-system/stageline-freeze-calendar has 65 entries, at most 64 are "
            + "read; promotions are held until it is fixed");
  }

  @Test
  void noCalendarOrAnEmptyOneFreezesNothing() {
    assertThat(FreezeCalendar.holds(null, Stage.production, Instant.now())).isEmpty();
    assertThat(at(Map.of(), Stage.production, "2026-12-24T12:00:00Z")).isEmpty();
  }

  private static String reason(String entry) {
    try {
      FreezeCalendar.read("entry", entry);
      return "accepted";
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  @Test
  void theMemoReadsTheCalendarOncePerResourceVersionAndAgainWhenItChanges() {
    FreezeCalendar.Memo memo = new FreezeCalendar.Memo();
    ConfigMap v1 = calendar(Map.of("year-end", YEAR_END));
    v1.getMetadata().setUid("uid-1");
    v1.getMetadata().setResourceVersion("41");

    FreezeCalendar first = memo.of(v1);
    assertThat(memo.of(v1)).as("same resourceVersion: the parsed calendar is reused").isSameAs(first);
    assertThat(first.holds(Stage.production, Instant.parse("2026-12-24T12:00:00Z"))).isPresent();

    ConfigMap v2 = calendar(Map.of());
    v2.getMetadata().setUid("uid-1");
    v2.getMetadata().setResourceVersion("42");
    assertThat(memo.of(v2).holds(Stage.production, Instant.parse("2026-12-24T12:00:00Z")))
        .as("a new resourceVersion is read again: the freeze was lifted").isEmpty();
    assertThat(memo.of(null).holds(Stage.production, Instant.parse("2026-12-24T12:00:00Z"))).isEmpty();
  }
}
