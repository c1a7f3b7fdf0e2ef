package io.stageline.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that runs with real time but can be moved: {@code advance(Duration.ofHours(4))} makes
 * the operator see four hours pass at once. Real time keeps flowing, so timers still fire.
 */
public class MutableClock extends Clock {
  private volatile Duration offset = Duration.ZERO;

  public static MutableClock systemUtc() {
    return new MutableClock();
  }

  public MutableClock advance(Duration by) {
    offset = offset.plus(by);
    return this;
  }

  /** Moves the clock to {@code at}; from there it keeps running with real time. */
  public MutableClock setTo(Instant at) {
    offset = Duration.between(Instant.now(), at);
    return this;
  }

  @Override
  public Instant instant() {
    return Instant.now().plus(offset);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
