package io.stageline.runtime;

import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this replica may write. Without leader election it always may; with it, only while it
 * holds the Lease. A replica that loses the Lease while running exits (to be restarted as a
 * standby), so that it cannot act on stale state next to the new leader; a replica that is shutting
 * down releases the Lease and does not.
 */
public final class Leadership {
  private static final Logger LOG = LoggerFactory.getLogger(Leadership.class);

  private final boolean elected;
  private final AtomicBoolean leading = new AtomicBoolean();
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final List<Runnable> onStart = new CopyOnWriteArrayList<>();
  private volatile Runnable onLost = () -> new Thread(() -> System.exit(1), "stageline-lease-lost").start();

  public Leadership(boolean elected) {
    this.elected = elected;
  }

  /** True when this replica may write: always without leader election, else while it holds the Lease. */
  public boolean isLeader() {
    return !elected || leading.get();
  }

  /** Runs {@code action} now if this replica leads, and every time it starts leading. */
  public void whenLeading(Runnable action) {
    onStart.add(action);
    if (isLeader()) {
      action.run();
    }
  }

  /** What losing the Lease does (exit by default); tests observe it instead. */
  public void onLost(Runnable action) {
    this.onLost = action;
  }

  /** Called before a graceful stop: releasing the Lease then is not a loss. */
  public void stopping() {
    stopping.set(true);
  }

  /** The callbacks JOSDK's leader election calls, besides its own. */
  public LeaderCallbacks callbacks() {
    return new LeaderCallbacks(() -> {
      leading.set(true);
      onStart.forEach(Runnable::run);
    }, () -> {
      boolean wasLeading = leading.getAndSet(false);
      if (wasLeading && !stopping.get()) {
        LOG.error("lost the leader-election Lease while running: exiting so that only the new leader acts");
        onLost.run();
      }
    }, leader -> LOG.info("leader is {}", leader));
  }
}
