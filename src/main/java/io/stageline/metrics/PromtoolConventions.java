package io.stageline.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;

/**
 * Keeps the exposition clean for {@code promtool check metrics}. Two of Micrometer's JVM meters
 * break Prometheus naming rules ({@code system_cpu_count} ends in {@code _count} without being a
 * histogram; {@code process_cpu_time_ns_total} abbreviates its unit): the first is renamed, the
 * second dropped ({@code process_cpu_usage} carries the same information). JOSDK's meters have no
 * description, and Prometheus wants HELP text on every metric: they get one made from their name.
 */
final class PromtoolConventions {
  static final MeterFilter FILTER = new MeterFilter() {
    @Override
    public Meter.Id map(Meter.Id id) {
      Meter.Id mapped = id.getName().equals("system.cpu.count") ? id.withName("system.cpus") : id;
      if (mapped.getDescription() == null || mapped.getDescription().isBlank()) {
        mapped = new Meter.Id(mapped.getName(), io.micrometer.core.instrument.Tags.of(mapped.getTagsAsIterable()),
            mapped.getBaseUnit(), describe(mapped.getName()), mapped.getType());
      }
      return mapped;
    }
  };

  static final MeterFilter DENY_CPU_TIME = MeterFilter.denyNameStartsWith("process.cpu.time");

  private PromtoolConventions() {}

  private static String describe(String name) {
    String words = name.replace('.', ' ').replace('_', ' ');
    return name.startsWith("operator.sdk") ? "Java Operator SDK: " + words.substring("operator sdk ".length()) : words;
  }
}
