package io.stageline.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Helm chart's structure (HelmRenderTest renders it with Helm itself): its values.yaml
 * meets its values.schema.json and the schema rejects bad values; its templates are well-formed
 * and their literal parts are those of deploy/; its CRDs and alert rules are the project's own.
 */
class HelmChartTest {
  private static final Path CHART = Path.of("helm/stageline");
  private static final ObjectMapper YAML = new YAMLMapper();
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Chart template -> the deploy/ manifest that holds the same objects. */
  private static final Map<String, String> SAME_AS_DEPLOY = Map.of(
      "namespaces.yaml", "namespace.yaml",
      "serviceaccount.yaml", "serviceaccount.yaml",
      "deployment.yaml", "deployment.yaml",
      "service.yaml", "service.yaml",
      "operator-rbac.yaml", "operator-rbac.yaml",
      "access-clusterroles.yaml", "access-clusterroles.yaml",
      "approval-policy.yaml", "approval-policy.yaml");

  /** Templates with no deploy/ counterpart: Prometheus Operator objects, off by default. */
  private static final Set<String> CHART_ONLY = Set.of("_helpers.tpl", "servicemonitor.yaml", "prometheusrule.yaml",
      "NOTES.txt");

  @Test
  void defaultValuesMeetTheSchema() throws IOException {
    assertThat(schema().validate(values())).isEmpty();
  }

  @Test
  void schemaRejectsValuesTheChartCannotRender() throws IOException {
    assertThat(violations(v -> v.put("replicaCount", 0))).anyMatch(m -> m.contains("replicaCount"));
    assertThat(violations(v -> v.put("replicas", 2))).anyMatch(m -> m.contains("replicas"));
    assertThat(violations(v -> ((ObjectNode) v.get("image")).put("pullPolicy", "Sometimes")))
        .anyMatch(m -> m.contains("pullPolicy"));
    assertThat(violations(v -> ((ObjectNode) v.get("vaultNamespace")).put("name", "Not_A_Namespace")))
        .anyMatch(m -> m.contains("vaultNamespace"));
    assertThat(violations(v -> ((ObjectNode) v.at("/resources/limits")).put("memory", "lots")))
        .anyMatch(m -> m.contains("memory"));
    assertThat(violations(v -> v.put("httpPort", 80))).anyMatch(m -> m.contains("httpPort"));
  }

  @Test
  void chartShipsTheCrdsOfTheModel() throws IOException {
    for (String crd : List.of("environments", "promotions", "accesspolicies")) {
      String file = crd + ".stageline.io-v1.yml";
      assertThat(Files.readString(CHART.resolve("crds").resolve(file)))
          .as("helm/stageline/crds/%s links to crds/%s, the CRDs generated from the model", file, file)
          .isEqualTo(Files.readString(Path.of("crds", file)));
    }
  }

  @Test
  void chartShipsTheAlertRulesPromtoolChecks() throws IOException {
    assertThat(Files.readString(CHART.resolve("files/prometheus-rules.yaml")))
        .as("helm/stageline/files/prometheus-rules.yaml is a copy of docs/prometheus-rules.yaml")
        .isEqualTo(Files.readString(Path.of("docs/prometheus-rules.yaml")));
  }

  @Test
  void chartVersionFollowsTheProject() throws IOException {
    JsonNode chart = YAML.readTree(CHART.resolve("Chart.yaml").toFile());
    assertThat(chart.path("apiVersion").asText()).isEqualTo("v2");
    String pom = Files.readString(Path.of("pom.xml"));
    Matcher version = Pattern.compile("<artifactId>stageline</artifactId>\\s*<version>([^<-]+)").matcher(pom);
    assertThat(version.find()).isTrue();
    assertThat(chart.path("appVersion").asText()).isEqualTo(version.group(1));
  }

  @Test
  void everyTemplateIsAccountedFor() throws IOException {
    try (Stream<Path> templates = Files.list(CHART.resolve("templates"))) {
      assertThat(templates.map(p -> p.getFileName().toString()))
          .allMatch(name -> SAME_AS_DEPLOY.containsKey(name) || CHART_ONLY.contains(name));
    }
    for (Map.Entry<String, String> pair : SAME_AS_DEPLOY.entrySet()) {
      assertThat(Files.exists(CHART.resolve("templates").resolve(pair.getKey())))
          .as("deploy/%s exists, so the chart needs templates/%s", pair.getValue(), pair.getKey())
          .isEqualTo(Files.exists(Path.of("deploy").resolve(pair.getValue())));
    }
  }

  static Stream<Path> templates() throws IOException {
    return Files.list(CHART.resolve("templates")).sorted();
  }

  @ParameterizedTest
  @MethodSource("templates")
  void templateActionsAreBalanced(Path template) throws IOException {
    String text = Files.readString(template);
    Matcher action = Pattern.compile("\\{\\{-?\\s*(/\\*.*?\\*/)?\\s*([a-z]+)?", Pattern.DOTALL).matcher(text);
    Deque<String> open = new ArrayDeque<>();
    while (action.find()) {
      String word = action.group(1) != null ? null : action.group(2);
      if (word == null) {
        continue;
      }
      switch (word) {
        case "if", "range", "with", "define" -> open.push(word);
        case "end" -> {
          assertThat(open).as("%s: {{ end }} without an opening action", template).isNotEmpty();
          open.pop();
        }
        default -> { }
      }
    }
    assertThat(open).as("%s: actions left open", template).isEmpty();
    assertThat(count(text, "{{")).as("%s: {{ and }} pair up", template).isEqualTo(count(text, "}}"));
  }

  static Stream<String> templatesWithDeployCounterpart() {
    return SAME_AS_DEPLOY.keySet().stream().filter(t -> Files.exists(CHART.resolve("templates").resolve(t))).sorted();
  }

  /**
   * With no helm to render the chart, compare what can be compared without a renderer: every
   * literal line of a template (no action on it) is a line of the deploy/ manifest, and every field
   * the manifest sets is named by the template, its helpers or values.yaml.
   */
  @ParameterizedTest
  @MethodSource("templatesWithDeployCounterpart")
  void templateMatchesTheDeployManifest(String template) throws IOException {
    List<String> templateLines = Files.readAllLines(CHART.resolve("templates").resolve(template));
    Set<String> deployLines = new LinkedHashSet<>();
    for (String line : Files.readAllLines(Path.of("deploy").resolve(SAME_AS_DEPLOY.get(template)))) {
      deployLines.add(withoutComment(line).strip());
    }
    Deque<String> blocks = new ArrayDeque<>();
    Pattern blockAction = Pattern.compile("\\{\\{-?\\s*(if|range|with|define|end)\\b");
    for (String line : templateLines) {
      Matcher action = blockAction.matcher(line);
      while (action.find()) {
        if (action.group(1).equals("end")) {
          blocks.pop();
        } else {
          blocks.push(action.group(1));
        }
      }
      String literal = line.strip();
      // lines inside {{ with }} render only when an optional value (empty by default) is set
      if (literal.isEmpty() || literal.contains("{{") || literal.startsWith("#") || blocks.contains("with")) {
        continue;
      }
      assertThat(deployLines).as("templates/%s line `%s` is in deploy/%s", template, literal,
          SAME_AS_DEPLOY.get(template)).contains(literal);
    }

    String named = String.join("\n", templateLines) + Files.readString(CHART.resolve("templates/_helpers.tpl"))
        + Files.readString(CHART.resolve("values.yaml"));
    Pattern field = Pattern.compile("^(?:- )?([A-Za-z0-9./_-]+):");
    for (String line : deployLines) {
      Matcher key = field.matcher(line);
      if (key.find() && !template.equals("namespaces.yaml")) {
        assertThat(named).as("deploy/%s field `%s` appears in the chart", SAME_AS_DEPLOY.get(template), key.group(1))
            .contains(key.group(1) + ":");
      }
    }
  }

  private static String withoutComment(String line) {
    int hash = line.indexOf(" #");
    return hash < 0 ? line : line.substring(0, hash);
  }

  private static int count(String text, String token) {
    int n = 0;
    for (int i = text.indexOf(token); i >= 0; i = text.indexOf(token, i + token.length())) {
      n++;
    }
    return n;
  }

  private static JsonSchema schema() throws IOException {
    return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
        .getSchema(JSON.readTree(CHART.resolve("values.schema.json").toFile()));
  }

  private static ObjectNode values() throws IOException {
    return (ObjectNode) YAML.readTree(CHART.resolve("values.yaml").toFile());
  }

  private static List<String> violations(java.util.function.Consumer<ObjectNode> change) throws IOException {
    ObjectNode values = values();
    change.accept(values);
    Set<ValidationMessage> messages = schema().validate(values);
    return messages.stream().map(ValidationMessage::getMessage).toList();
  }
}
