package io.stageline.masking;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stageline.api.v1alpha1.DataMasking;
import io.stageline.api.v1alpha1.DataMasking.Strategy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The detector gaps production seed data slipped through (issue 17), each closed and kept closed. */
class DetectorGapsTest {
  private static final MaskingKey KEY = MaskingKey.of("detector-gaps-key-0123".getBytes(StandardCharsets.UTF_8));

  private static Masker detectorsOnly() {
    return new Masker(MaskingPolicy.detectorsOnly(), KEY);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "iban de89 3704 0044 0532 0130 00 please|IBAN|de89 3704 0044 0532 0130 00",
      "card 4111.1111.1111.1111 on file|CARD|4111.1111.1111.1111",
      "card_4111111111111111_expired|CARD|4111111111111111",
      "call 020 7946 0958 today|PHONE|020 7946 0958",
      "mobile 07700 900123|PHONE|07700 900123",
      "SSN: 123456789 on the form|US_SSN_IN_CONTEXT|123456789",
      "social security number 123 45 6789|US_SSN_IN_CONTEXT|123 45 6789",
      "write to jürgen.müller@bücher.example|EMAIL|jürgen.müller@bücher.example",
      "mail 用户@例子.广告 now|EMAIL|用户@例子.广告",
      "IBAN DE89 3704 0044 0532 0130 00 and more|IBAN|DE89 3704 0044 0532 0130 00",
      "card 4111 1111 1111 1111 - 12 months|CARD|4111 1111 1111 1111"})
  void findsWhatSlippedThrough(String text, PiiDetector expected, String found) {
    List<PiiScanner.Finding> findings = PiiScanner.scan(text);
    assertThat(findings).extracting(PiiScanner.Finding::detector).containsExactly(expected);
    assertThat(text.substring(findings.get(0).start(), findings.get(0).end())).isEqualTo(found);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "order 123456789 shipped",          // nine digits without an SSN context
      "build ab12cdefghijklmnop ok",       // not an IBAN country, and lowercase tokens abound
      "total 1234567890123.456",           // a decimal, not a grouped card
      "version 2024 0101 1234"})           // no trunk 0: not a national phone number
  void leavesLookalikesAlone(String text) {
    assertThat(PiiScanner.scan(text)).isEmpty();
  }

  @Test
  void fullWidthDigitsAreNormalisedBeforeScanning() {
    String masked = detectorsOnly().mask("note", "card ４１１１ １１１１ １１１１ １１１１ here");
    assertThat(masked).doesNotContain("４１１１").doesNotContain("4111 1111 1111 1111").startsWith("card ").endsWith(" here");
    assertThat(masked).matches("card \\d{4} \\d{4} \\d{4} \\d{4} here");
  }

  @Test
  void csvHeaderRowsAreScannedAndAByteOrderMarkDoesNotDisableColumnRules() {
    DataMasking spec = new DataMasking();
    DataMasking.Rule rule = new DataMasking.Rule();
    rule.setKey("people.csv");
    rule.setCsvColumn("name");
    rule.setStrategy(Strategy.redact);
    spec.getRules().add(rule);
    Masker masker = new Masker(MaskingPolicy.from(spec, true), KEY);
    String csv = "\uFEFFname,jane.doe@corp.test,ssn\nJane Doe,x,123456789\n";
    String masked = masker.mask("people.csv", csv);
    assertThat(masked).startsWith("\uFEFFname,").doesNotContain("jane.doe@corp.test").doesNotContain("Jane Doe")
        .doesNotContain("123456789").contains("REDACTED");
    assertThat(masker.notes()).isEmpty();
  }

  @Test
  void configMapKeysAndJsonObjectKeysAreScannedLikeValues() throws Exception {
    Map<String, String> masked = detectorsOnly().maskAll(Map.of(
        "customer-4111111111111111.json", "{\"jane.doe@corp.test\": {\"ssn\": 123456789, \"visits\": 3}}"));
    String key = masked.keySet().iterator().next();
    assertThat(key).doesNotContain("4111111111111111").startsWith("customer-").endsWith(".json").matches("[-._a-zA-Z0-9]+");
    JsonNode doc = new ObjectMapper().readTree(masked.get(key));
    String field = doc.fieldNames().next();
    assertThat(field).isNotEqualTo("jane.doe@corp.test").contains("@");
    assertThat(doc.get(field).get("ssn").isNumber() || doc.get(field).get("ssn").isTextual()).isTrue();
    assertThat(doc.get(field).get("ssn").asText()).isNotEqualTo("123456789");
    assertThat(doc.get(field).get("visits").asInt()).isEqualTo(3);
  }

  @Test
  void numbersStayNumbersEvenBeyondADouble() throws Exception {
    String masked = detectorsOnly().mask("data.json", "{\"big\": 1e999999, \"card\": 4111111111111111, \"email\": \"a@corp.test\"}");
    JsonNode doc = new ObjectMapper().readTree(masked);
    assertThat(masked).doesNotContain("Infinity").doesNotContain("4111111111111111");
    assertThat(doc.get("big").isNumber()).isTrue();
    assertThat(doc.get("card").isNumber()).isTrue();
  }
}
