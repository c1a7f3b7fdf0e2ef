package io.stageline.promotion.gates;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.EnvironmentStatus;
import io.stageline.api.v1alpha1.Gate;
import io.stageline.api.v1alpha1.Promotion;
import io.stageline.api.v1alpha1.PromotionStatus.GateStatus;
import io.stageline.api.v1alpha1.Release;
import io.stageline.api.v1alpha1.ReleaseRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import io.stageline.testing.Environments;

/** The soak and window gates alone: decisions and wake-up instants from the clock, no cluster. */
class TimeGatesTest {
  private static final Release RELEASE = new Release("1.2.0", Map.of("web", "registry.example/web:1.2.0"));

  private static Promotion promotion() {
    Promotion p = new Promotion();
    p.setMetadata(new ObjectMetaBuilder().withName("shop-1-2-0").withNamespace("staging").build());
    return p;
  }

  private static Environment upstreamThatRan(Release release, Instant at) {
    Environment env = Environments.test("test").build();
    EnvironmentStatus status = new EnvironmentStatus();
    if (release != null) {
      ReleaseRecord record = new ReleaseRecord();
      record.setRevision(1);
      record.setVersion(release.getVersion());
      record.setImages(release.getImages());
      record.setAt(at.toString());
      status.setRelease(record);
      status.setReleaseHistory(new ArrayList<>(List.of(record)));
    }
    env.setStatus(status);
    return env;
  }

  private static GateInput input(Gate gate, Environment upstream, Instant now, GateStatus previous) {
    return new GateInput(promotion(), gate, "g", null, upstream, RELEASE, previous, List.of(), now, false);
  }

  private static Gate soak(String duration) {
    Gate g = new Gate();
    Gate.SoakGate soak = new Gate.SoakGate();
    soak.setDuration(duration);
    g.setSoak(soak);
    return g;
  }

  private static Gate window(String zone, List<Gate.WindowGate.Day> days, String start, String end) {
    Gate g = new Gate();
    Gate.WindowGate w = new Gate.WindowGate();
    w.setTimeZone(zone);
    w.setDays(new ArrayList<>(days));
    w.setStart(start);
    w.setEnd(end);
    g.setWindow(w);
    return g;
  }

  @Test
  void aSoakWaitsUntilTheReleaseRanLongEnoughUpstreamAndWakesAtThatInstant() {
    Instant ran = Instant.parse("2026-03-02T10:00:00Z");
    GateResult early = new SoakGateEvaluator().evaluate(input(soak("2h"), upstreamThatRan(RELEASE, ran),
        Instant.parse("2026-03-02T11:30:00Z"), null));
    assertThat(early.state()).isEqualTo(GateStatus.State.Waiting);
    assertThat(early.wakeUpAt()).isEqualTo(Instant.parse("2026-03-02T12:00:00Z"));

    GateResult done = new SoakGateEvaluator().evaluate(input(soak("2h"), upstreamThatRan(RELEASE, ran),
        Instant.parse("2026-03-02T12:00:00Z"), null));
    assertThat(done.state()).isEqualTo(GateStatus.State.Passed);
    assertThat(done.message()).contains("test");
  }

  @Test
  void aSoakWithoutUpstreamPassesAtOnce() {
    GateResult result = new SoakGateEvaluator().evaluate(input(soak("1h"), null, Instant.parse("2026-03-02T10:00:00Z"), null));
    assertThat(result.state()).isEqualTo(GateStatus.State.Passed);
  }

  @Test
  void aReleaseTheUpstreamNeverRanSoaksFromWhenTheGateStartedWaiting() {
    GateStatus previous = new GateStatus();
    previous.setState(GateStatus.State.Waiting);
    previous.setSince("2026-03-02T09:00:00Z");
    GateResult result = new SoakGateEvaluator().evaluate(input(soak("1h"), upstreamThatRan(null, null),
        Instant.parse("2026-03-02T09:30:00Z"), previous));
    assertThat(result.state()).isEqualTo(GateStatus.State.Waiting);
    assertThat(result.wakeUpAt()).isEqualTo(Instant.parse("2026-03-02T10:00:00Z"));
  }

  @Test
  void anOpenWindowPassesAndWakesWhenItCloses() {
    // Monday 2026-03-02, 10:00 in Berlin (09:00 UTC)
    GateResult result = new WindowGateEvaluator().evaluate(input(
        window("Europe/Berlin", List.of(Gate.WindowGate.Day.Mon), "09:00", "17:00"), null,
        Instant.parse("2026-03-02T09:00:00Z"), null));
    assertThat(result.state()).isEqualTo(GateStatus.State.Passed);
    assertThat(result.wakeUpAt()).isEqualTo(Instant.parse("2026-03-02T16:00:00Z"));
  }

  @Test
  void aClosedWindowWaitsForTheNextAllowedDayInItsTimeZone() {
    // Monday 18:00 in Berlin: closed; next opening Tuesday 09:00 Berlin = 08:00 UTC
    GateResult result = new WindowGateEvaluator().evaluate(input(
        window("Europe/Berlin", List.of(Gate.WindowGate.Day.Tue), "09:00", "17:00"), null,
        Instant.parse("2026-03-02T17:00:00Z"), null));
    assertThat(result.state()).isEqualTo(GateStatus.State.Waiting);
    assertThat(result.wakeUpAt()).isEqualTo(Instant.parse("2026-03-03T08:00:00Z"));
    assertThat(result.message()).contains("window opens Tue 09:00 Europe/Berlin");
  }

  @Test
  void aFreezeKeepsTheWindowClosedUntilTheDayAfterIt() {
    Gate gate = window("UTC", List.of(), "00:00", "24:00");
    Gate.Freeze freeze = new Gate.Freeze();
    freeze.setFrom("2026-03-02");
    freeze.setTo("2026-03-03");
    gate.getWindow().setFreezes(new ArrayList<>(List.of(freeze)));
    GateResult result = new WindowGateEvaluator().evaluate(input(gate, null, Instant.parse("2026-03-02T12:00:00Z"), null));
    assertThat(result.state()).isEqualTo(GateStatus.State.Waiting);
    assertThat(result.message()).startsWith("frozen 2026-03-02..2026-03-03");
    assertThat(result.wakeUpAt()).isEqualTo(Instant.parse("2026-03-04T00:00:00Z"));
  }
}
