package io.stageline.promotion;

import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.stageline.api.v1alpha1.Promotion;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Wakes a promotion at an instant of the operator's Clock: the end of a soak, the opening of a
 * window, a Job's deadline. A one-second in-process tick compares due instants with the injected
 * Clock (no API calls), so a wake-up is on time to the second in production and follows a moved
 * test clock without anyone sleeping.
 */
public class WakeUpEventSource extends AbstractEventSource<Void, Promotion> {
  private final Clock clock;
  private final Map<ResourceID, Instant> due = new ConcurrentHashMap<>();
  private ScheduledExecutorService ticker;

  public WakeUpEventSource(Clock clock) {
    super(Void.class, "promotion-wake-ups");
    this.clock = clock;
  }

  /** Wakes the promotion at {@code at}; an earlier pending wake-up is kept. */
  public void wakeAt(ResourceID promotion, Instant at) {
    due.merge(promotion, at, (a, b) -> a.isBefore(b) ? a : b);
  }

  public void cancel(ResourceID promotion) {
    due.remove(promotion);
  }

  @Override
  public void start() {
    ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "stageline-promotion-wake-ups");
      t.setDaemon(true);
      return t;
    });
    ticker.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    super.start();
  }

  @Override
  public void stop() {
    if (ticker != null) {
      ticker.shutdownNow();
    }
    super.stop();
  }

  private void tick() {
    Instant now = clock.instant();
    due.forEach((id, at) -> {
      if (!at.isAfter(now) && due.remove(id, at)) {
        getEventHandler().handleEvent(new Event(id));
      }
    });
  }

  @Override
  public Set<Void> getSecondaryResources(Promotion primary) {
    return Set.of();
  }
}
