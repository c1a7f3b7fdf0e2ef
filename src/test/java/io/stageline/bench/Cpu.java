package io.stageline.bench;

import java.lang.management.ManagementFactory;

/** CPU time of this process, to tell whether a run was CPU-bound on this machine. */
final class Cpu {
  private Cpu() {}

  static long processNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  static int cores() {
    return Runtime.getRuntime().availableProcessors();
  }
}
