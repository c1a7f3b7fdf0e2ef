package io.stageline.promotion.gates;

import io.stageline.api.v1alpha1.ReleaseHistory;
import io.stageline.api.v1alpha1.ReleaseRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** The release has run in the upstream for at least a duration; wakes up at the instant the soak ends. */
public class SoakGateEvaluator implements GateEvaluator {

  @Override
  public GateResult evaluate(GateInput in) {
    Duration soak = Durations.parse(in.gate().getSoak().getDuration());
    if (in.upstream() == null) {
      return GateResult.passed("first stage: no upstream to soak in");
    }
    String upstream = in.upstream().getMetadata().getName();
    Optional<ReleaseRecord> first = ReleaseHistory.of(in.upstream()).firstWith(in.release());
    if (first.isEmpty() || first.get().getAt() == null) {
      // A rollback's release may have left the upstream's bounded history: soak from the promotion's start.
      return measure(in, soak, in.since(), upstream);
    }
    return measure(in, soak, Instant.parse(first.get().getAt()), upstream);
  }

  private GateResult measure(GateInput in, Duration soak, Instant start, String upstream) {
    Instant ends = start.plus(soak);
    if (!in.now().isBefore(ends)) {
      return GateResult.passed("soaked " + Durations.format(Duration.between(start, in.now())) + " in " + upstream);
    }
    return GateResult.waiting("soak ends in " + Durations.format(Duration.between(in.now(), ends))).wakeUpAt(ends);
  }
}
