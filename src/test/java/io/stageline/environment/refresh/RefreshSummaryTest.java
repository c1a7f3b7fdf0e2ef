package io.stageline.environment.refresh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stageline.api.v1alpha1.DatabaseRefreshStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The termination message of a refresh pod as untrusted input: only mask-db's counts, within bounds, are believed. */
class RefreshSummaryTest {

  @Test
  void maskDbsSummaryGivesTheCountsAndRatesOverTheCopysOwnTime() throws Exception {
    RefreshSummary s = RefreshSummary.parse(
        "{\"tables\":4,\"rows\":1000,\"bytes\":250000,\"seconds\":2.5,\"maskedValues\":700,\"detectorHits\":3}");
    DatabaseRefreshStatus status = new DatabaseRefreshStatus();
    s.applyTo(status);
    assertThat(status.getTables()).isEqualTo(4);
    assertThat(status.getRows()).isEqualTo(1000L);
    assertThat(status.getRowsPerSecond()).isEqualTo(400L);
    assertThat(status.getBytesPerSecond()).isEqualTo(100000L);
    assertThat(status.getMaskedValues()).isEqualTo(700L);
    assertThat(status.getDetectorHits()).isEqualTo(3L);
  }

  @Test
  void aCopyOfNoMeasurableTimeHasCountsButNoRates() throws Exception {
    DatabaseRefreshStatus status = new DatabaseRefreshStatus();
    RefreshSummary.parse("{\"tables\":0,\"rows\":0,\"bytes\":0,\"seconds\":0}").applyTo(status);
    assertThat(status.getRows()).isZero();
    assertThat(status.getRowsPerSecond()).isNull();
    assertThat(status.getMaskedValues()).isNull();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "''|no termination message",
      "[1,2,3]|not a JSON object",
      "{\"error\":\"copying public.orders failed: SQLSTATE 23505\"}|reports an error",
      "{\"tables\":1,\"rows\":1,\"bytes\":1}|has no seconds",
      "{\"tables\":1,\"rows\":1.5,\"bytes\":1,\"seconds\":1}|rows is not a whole number",
      "{\"tables\":1,\"rows\":\"12\",\"bytes\":1,\"seconds\":1}|rows is not a whole number",
      "{\"tables\":2000000,\"rows\":1,\"bytes\":1,\"seconds\":1}|tables is outside 0..1000000",
      "{\"tables\":1,\"rows\":1,\"bytes\":1,\"seconds\":1e999999}|seconds is outside",
      "{\"tables\":1,\"rows\":1,\"bytes\":1,\"seconds\":-1}|seconds is outside",
      "{\"tables\":1,\"rows\":1,\"rows\":2,\"bytes\":1,\"seconds\":1}|not JSON",
      "{\"tables\":1,\"rows\":1,\"bytes\":1,\"seconds\":1|not JSON"})
  void anythingElseIsUnreadableAndTheReasonNeverQuotesIt(String message, String reason) {
    assertThatThrownBy(() -> RefreshSummary.parse(message)).isInstanceOf(RefreshSummary.Unreadable.class)
        .hasMessageContaining(reason).satisfies(e -> assertThat(e.getMessage()).doesNotContain("SQLSTATE"));
  }

  @Test
  void deepNestingWithinTheSizeLimitIsUnreadableNotAStackOverflow() {
    String deep = "[".repeat(RefreshSummary.MAX_BYTES);
    assertThatThrownBy(() -> RefreshSummary.parse(deep)).isInstanceOf(RefreshSummary.Unreadable.class)
        .hasMessageContaining("not JSON");
  }
}
