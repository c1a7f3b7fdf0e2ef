package io.stageline.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/grafana-dashboard.json: importable, described in docs/grafana.md, and querying real metrics with valid PromQL. */
class GrafanaDashboardTest {
  private static JsonNode dashboard;
  private static List<String> expressions;

  @TempDir
  Path tmp;

  @BeforeAll
  static void load() throws IOException {
    dashboard = new ObjectMapper().readTree(Path.of("docs/grafana-dashboard.json").toFile());
    expressions = new ArrayList<>();
    dashboard.findValues("expr").forEach(e -> expressions.add(e.asText()));
  }

  @Test
  void isAnImportableDashboardWithADataSourceVariable() {
    assertThat(dashboard.path("uid").asText()).isNotBlank();
    assertThat(dashboard.path("templating").path("list").findValuesAsText("type")).contains("datasource");
    Set<Integer> ids = new HashSet<>();
    for (JsonNode panel : dashboard.path("panels")) {
      assertThat(ids.add(panel.path("id").asInt())).as("unique panel id %s", panel.path("id")).isTrue();
      assertThat(panel.path("gridPos").path("w").asInt()).isBetween(1, 24);
    }
  }

  @Test
  void everyPanelIsDescribedInTheDashboardAndTheDocs() throws IOException {
    String doc = Files.readString(Path.of("docs/grafana.md"));
    for (JsonNode panel : dashboard.path("panels")) {
      assertThat(doc).as("docs/grafana.md describes panel %s", panel.path("title").asText())
          .contains("**" + panel.path("title").asText() + "**");
      if (!panel.path("type").asText().equals("row")) {
        assertThat(panel.path("description").asText()).as("description of %s", panel.path("title")).isNotBlank();
        assertThat(panel.path("targets")).as("queries of %s", panel.path("title")).isNotEmpty();
      }
    }
  }

  @Test
  void coversTheDeliveryMetrics() {
    String all = String.join("\n", expressions);
    assertThat(all).contains("stageline_release_lead_time_seconds_bucket", "stageline_release_time_in_stage_seconds_bucket",
        "stageline_promotion_gate_wait_seconds_bucket", "stageline_promotion_rollbacks_total");
  }

  @Test
  void queriesOnlyMetricsTheOperatorRegisters() throws IOException {
    Set<String> registered = PrometheusRulesTest.registeredMetricNames();
    for (String expr : expressions) {
      Matcher used = Pattern.compile("\\bstageline_[a-z_]+").matcher(expr);
      while (used.find()) {
        String name = used.group();
        assertThat(registered).as("%s in `%s`", name, expr).anyMatch(base -> name.matches(Pattern.quote(base)
            + "(_total|_seconds|_seconds_bucket|_seconds_count|_seconds_sum|_seconds_max)?"));
      }
    }
  }

  @Test
  void everyQueryIsValidPromQl() throws IOException {
    assumeTrue(Promtool.installed(), "promtool is not installed (Debian package prometheus; .ci/run installs it)");
    StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
    for (int i = 0; i < expressions.size(); i++) {
      String expr = expressions.get(i).replace("$__range", "30d").replace("$__rate_interval", "5m");
      rules.append("      - record: dashboard:query").append(i).append('\n')
          .append("        expr: '").append(expr.replace("'", "''")).append("'\n");
    }
    Path file = tmp.resolve("dashboard-queries.yaml");
    Files.writeString(file, rules);

    Kubectl.Result result = Promtool.checkRules(file);

    assertThat(result.ok()).as("promtool check rules on the dashboard's queries\n%s\n%s", rules, result).isTrue();
  }
}
