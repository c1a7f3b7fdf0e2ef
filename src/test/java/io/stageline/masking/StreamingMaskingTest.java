package io.stageline.masking;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stageline.api.v1alpha1.DataMasking;
import io.stageline.api.v1alpha1.DataMasking.Strategy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The streaming engine: same results as the document tree, and CSV nothing changed stays byte for byte. */
class StreamingMaskingTest {
  private static final MaskingKey KEY = MaskingKey.of("streaming-engine-key-0123".getBytes(StandardCharsets.UTF_8));
  private static final ObjectMapper JSON = new ObjectMapper();

  private static DataMasking.Rule json(String path, Strategy strategy) {
    DataMasking.Rule r = new DataMasking.Rule();
    r.setKey("d.json");
    r.setJsonPath(path);
    r.setStrategy(strategy);
    return r;
  }

  private static Masker masker(List<DataMasking.Rule> rules) {
    DataMasking spec = new DataMasking();
    spec.setRules(new ArrayList<>(rules));
    return new Masker(MaskingPolicy.from(spec, true), KEY);
  }

  @Test
  void jsonMaskedInOneStreamingPassEqualsTheTreeWay() throws Exception {
    String doc = """
        {"customers": [
          {"name": "Jane Doe", "email": "jane@corp.test", "card": 4111111111111111, "big": 1e999999,
           "address": {"street": "1 Main St", "phone": "+44 20 7946 0958"}, "tags": ["vip", "jane@corp.test"]},
          {"name": "John Roe", "email": null, "ssn": "123456789", "total": 12.50, "ok": true,
           "address": {"street": "2 High St", "phone": "020 7946 0958"}, "tags": []}
        ], "jane.doe@corp.test": {"visits": 3}, "list": [0, 1, 2]}""";
    List<List<DataMasking.Rule>> ruleSets = List.of(
        List.of(),
        List.of(json("$.customers[*].name", Strategy.fake), json("$..street", Strategy.redact)),
        List.of(json("$.customers[*].address", Strategy.hash), json("$..phone", Strategy.keepFormat)),
        List.of(json("$..phone", Strategy.keepFormat), json("$.customers[*].address", Strategy.hash)),
        List.of(json("$.customers[*].address", Strategy.keepFormat), json("$.list[1]", Strategy.remove)),
        List.of(json("$['customers'][0]['tags'][*]", Strategy.partial), json("$..total", Strategy.noise),
            json("$.customers[1].email", Strategy.nullify)),
        List.of(json("$..*", Strategy.keepFormat)));
    for (List<DataMasking.Rule> rules : ruleSets) {
      String streamed = masker(rules).mask("d.json", doc);
      // a filter path makes the document go through the tree; this one selects nothing
      List<DataMasking.Rule> withFilter = new ArrayList<>(rules);
      withFilter.add(json("$..[?(@.never == 42)]", Strategy.redact));
      String tree = masker(withFilter).mask("d.json", doc);
      JsonNode streamedTree = JSON.readTree(streamed);
      JsonNode treeTree = JSON.readTree(tree);
      if (streamedTree.path("customers").path(0).has("big")) {
        // the tree rewrites 1e999999 as 1E+999999 before a rule sees it; the stream keeps it as written
        assertThat(streamedTree.get("customers").get(0).get("big").isNumber()).isTrue();
        ((com.fasterxml.jackson.databind.node.ObjectNode) streamedTree.get("customers").get(0)).remove("big");
        ((com.fasterxml.jackson.databind.node.ObjectNode) treeTree.get("customers").get(0)).remove("big");
      }
      assertThat(streamedTree).as(rules.toString()).isEqualTo(treeTree);
      assertThat(streamed).doesNotContain("jane@corp.test").doesNotContain("Infinity");
    }
  }

  @Test
  void jsonNumbersNobodyMaskedAreCopiedAsWritten() {
    String masked = masker(List.of(json("$.name", Strategy.redact))).mask("d.json",
        "{\"name\": \"x\", \"big\": 1e999999, \"exact\": 0.10000000000000000001, \"n\": -0}");
    assertThat(masked).contains("1e999999").contains("0.10000000000000000001").contains("-0").contains("REDACTED");
  }

  @Test
  void csvCellsNothingChangedKeepTheirBytesAndMaskedCellsAreQuotedWhereNeeded() {
    DataMasking.Rule rule = new DataMasking.Rule();
    rule.setKey("c.csv");
    rule.setCsvColumn("name");
    rule.setStrategy(Strategy.redact);
    rule.setReplacement("A, \"B\"");
    String csv = "id,\"name\",note\r\n1,Jane,\"quoted, kept\"\r\n\r\n2,\"John\",\"multi\nline jane@corp.test\"\r\n3,x,\"a \"\"b\"\"\"\r\n";
    String masked = masker(List.of(rule)).mask("c.csv", csv);
    assertThat(masked).startsWith("id,\"name\",note\r\n1,\"A, \"\"B\"\"\",\"quoted, kept\"\r\n\r\n2,\"A, \"\"B\"\"\",\"multi\nline ")
        .endsWith("\"\r\n3,\"A, \"\"B\"\"\",\"a \"\"b\"\"\"\r\n").doesNotContain("jane@corp.test").doesNotContain("Jane");
  }

  @Test
  void csvWithTextAfterAClosingQuoteIsNotCsvAndIsRedactedWhole() {
    DataMasking.Rule rule = new DataMasking.Rule();
    rule.setKey("c.csv");
    rule.setCsvColumn("a");
    rule.setStrategy(Strategy.hash);
    Masker masker = masker(List.of(rule));
    assertThat(masker.mask("c.csv", "a,b\n\"x\"y,jane@corp.test\n")).isEqualTo(ValueMasker.REDACTED);
    assertThat(masker.notes()).containsExactly("key c.csv: not valid CSV, value redacted whole");
  }
}
