package io.stageline.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The alert rules are valid for Prometheus, fire as their unit tests say, and name real metrics. */
class PrometheusRulesTest {
  private static final Path RULES = Path.of("docs/prometheus-rules.yaml");

  @Test
  void rulesPassPromtoolCheck() {
    assumeTrue(Promtool.installed(), "promtool is not installed (Debian package prometheus; .ci/run installs it)");
    Kubectl.Result result = Promtool.checkRules(RULES);
    assertThat(result.ok()).as("promtool check rules\n%s", result).isTrue();
  }

  @Test
  void alertsFireOnTheSeriesTheirUnitTestsFeed() {
    assumeTrue(Promtool.installed(), "promtool is not installed (Debian package prometheus; .ci/run installs it)");
    Kubectl.Result result = Promtool.testRules(Path.of("docs/prometheus-rules.test.yaml"));
    assertThat(result.ok()).as("promtool test rules\n%s", result).isTrue();
  }

  @Test
  void everyAlertNamesAMetricTheOperatorRegisters() throws IOException {
    Set<String> registered = registeredMetricNames();
    Matcher used = Pattern.compile("\\bstageline_[a-z_]+").matcher(Files.readString(RULES));
    Set<String> unknown = new TreeSet<>();
    while (used.find()) {
      String name = used.group();
      if (registered.stream().noneMatch(base -> name.matches(Pattern.quote(base)
          + "(_total|_seconds|_seconds_bucket|_seconds_count|_seconds_sum|_seconds_max)?"))) {
        unknown.add(name);
      }
    }
    assertThat(unknown).as("metrics in %s that no meter in src/main/java registers (known: %s)", RULES, registered)
        .isEmpty();
  }

  /** Meter names as Micrometer's Prometheus registry exposes them: dots become underscores. */
  static Set<String> registeredMetricNames() throws IOException {
    Set<String> names = new TreeSet<>();
    Pattern literal = Pattern.compile("\"(stageline[._][a-z][a-z._]*)\"");
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        Matcher m = literal.matcher(Files.readString(file));
        while (m.find()) {
          if (!m.group(1).startsWith("stageline.io")) {
            names.add(m.group(1).replace('.', '_'));
          }
        }
      }
    }
    return names;
  }
}
