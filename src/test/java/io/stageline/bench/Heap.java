package io.stageline.bench;

import java.lang.management.ManagementFactory;

/** Heap in use after full collections: what stays alive, not what was allocated. */
final class Heap {
  private Heap() {}

  static long usedAfterGc() {
    long used = Long.MAX_VALUE;
    // a few rounds, so that objects freed by finalization/reference processing are gone too
    for (int i = 0; i < 4; i++) {
      System.gc();
      sleep(150);
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  static double mib(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
