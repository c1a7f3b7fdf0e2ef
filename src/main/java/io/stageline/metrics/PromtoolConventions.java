package io.stageline.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;

/**
 * Keeps the exposition clean for {@code promtool check metrics}: two of Micrometer's JVM meters
 * break Prometheus naming rules ({@code system_cpu_count} ends in {@code _count} without being a
 * histogram; {@code process_cpu_time_ns_total} abbreviates its unit). The first is renamed, the
 * second dropped ({@code process_cpu_usage} carries the same information).
 */
final class PromtoolConventions {
  static final MeterFilter FILTER = new MeterFilter() {
    @Override
    public Meter.Id map(Meter.Id id) {
      return id.getName().equals("system.cpu.count") ? id.withName("system.cpus") : id;
    }
  };

  static final MeterFilter DENY_CPU_TIME = MeterFilter.denyNameStartsWith("process.cpu.time");

  private PromtoolConventions() {}
}
