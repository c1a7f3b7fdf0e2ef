package io.stageline.promotion.gates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Durations the CRD patterns admit but no clock can reach are refused with their text, never with a Java exception's. */
class DurationsTest {

  @Test
  void ordinaryDurationsParseUpToTenYears() {
    assertThat(Durations.parse("1d2h30m15s")).isEqualTo(Duration.parse("PT26H30M15S"));
    assertThat(Durations.parse("3650d")).isEqualTo(Duration.ofDays(3650));
  }

  @Test
  void digitsBeyondALongOrBeyondTenYearsAreRefusedWithAClearMessage() {
    String huge = "9".repeat(27) + "h";
    assertThatThrownBy(() -> Durations.parse(huge)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("\"" + huge + "\" is longer than any duration accepted here (at most 3650d)");
    assertThatThrownBy(() -> Durations.parse("9223372036854775807d")).hasMessageContaining("longer than any duration");
    assertThatThrownBy(() -> Durations.parse("3651d")).hasMessageContaining("at most 3650d");
    assertThatThrownBy(() -> Durations.parse("a week")).hasMessage("\"a week\" is not a duration like 30m, 2h or 1d12h");
  }
}
