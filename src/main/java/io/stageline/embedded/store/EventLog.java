package io.stageline.embedded.store;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * The retained history of changes, oldest first, as etcd keeps it until compaction: watches
 * resume from it and exact-version lists are rebuilt from it. Only the newest {@code capacity}
 * events are kept; {@link #floor()} is the version from which on every event is still here.
 * Not thread-safe: the {@link ObjectStore} guards it.
 */
final class EventLog {
  private final int capacity;
  private final ArrayDeque<StoreEvent> events = new ArrayDeque<>();
  private long floor;

  EventLog(int capacity, long floor) {
    this.capacity = capacity;
    this.floor = floor;
  }

  void append(StoreEvent event) {
    events.addLast(event);
    if (events.size() > capacity) {
      floor = events.removeFirst().resourceVersion();
    }
  }

  /** Every retained event has a version above this one; a version below it cannot be served. */
  long floor() {
    return floor;
  }

  /** The events after {@code resourceVersion}, oldest first. */
  List<StoreEvent> after(long resourceVersion) {
    if (resourceVersion < floor) {
      throw new TooOldResourceVersion(resourceVersion, floor + 1);
    }
    List<StoreEvent> result = new ArrayList<>();
    Iterator<StoreEvent> newestFirst = events.descendingIterator();
    while (newestFirst.hasNext()) {
      StoreEvent event = newestFirst.next();
      if (event.resourceVersion() <= resourceVersion) {
        break;
      }
      result.add(event);
    }
    Collections.reverse(result);
    return result;
  }
}
