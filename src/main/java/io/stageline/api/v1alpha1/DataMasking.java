package io.stageline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** PII rules for data seeded into this stage from a higher one. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class DataMasking {
  /** The fake kinds of io.stageline.masking.FakeKind, for the schema. */
  public static final String FAKE_KINDS =
      "^(name|firstName|lastName|email|phone|address|city|iban|card|ipv4|ssn|nino|taxId|uuid|word)$";

  @JsonPropertyDescription("On by default below production; data from production is always masked.")
  private Boolean enabled;

  @JsonPropertyDescription("Run the built-in PII detectors on values no rule names (default true).")
  private Boolean detectors;

  @JsonPropertyDescription("Masking rules for named keys, JSON paths or CSV columns. At most 256.")
  @Size(max = Bounds.MASKING_RULES)
  private List<Rule> rules = new ArrayList<>();

  /** How a value is masked; see docs/masking.md. */
  public enum Strategy {
    /** A fixed text instead of the value: {@code replacement}, default REDACTED. */
    redact,
    /** Hex HMAC-SHA256 under the Environment's key: equal values hash equally, so joins hold. */
    hash,
    /** A realistic value of the same kind ({@code fakeKind}), deterministic under the key. */
    fake,
    /** Same length and character classes, deterministic under the key. */
    keepFormat,
    /** The first {@code keepFirst} and last {@code keepLast} characters stay, the rest become '*'. */
    partial,
    /** Numbers move by up to {@code ratio}, dates by up to {@code days}; deterministic under the key. */
    noise,
    /** The key, JSON field or CSV column is left out of the copy. */
    remove,
    // Named "null" in the API; Java needs another identifier.
    @com.fasterxml.jackson.annotation.JsonProperty("null")
    nullify
  }

  /** One masking rule: what to address (a key, a JSON path or a CSV column in a key) and how to mask. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @ValidationRule(
      value = "!(has(self.jsonPath) && has(self.csvColumn))",
      message = "a rule addresses a JSON path or a CSV column, not both")
  @ValidationRule(value = "!has(self.fakeKind) || self.strategy == 'fake'",
      message = "fakeKind applies to the fake strategy only")
  @ValidationRule(value = "!has(self.replacement) || self.strategy == 'redact'",
      message = "replacement applies to the redact strategy only")
  @ValidationRule(value = "!(has(self.keepFirst) || has(self.keepLast)) || self.strategy == 'partial'",
      message = "keepFirst and keepLast apply to the partial strategy only")
  @ValidationRule(value = "!(has(self.ratio) || has(self.days)) || self.strategy == 'noise'",
      message = "ratio and days apply to the noise strategy only")
  public static class Rule {
    @Required
    @JsonPropertyDescription("Key of the ConfigMap/Secret; '*' matches any characters (e.g. '*' or '*.csv').")
    @Size(max = Bounds.KEY_LENGTH)
    private String key;

    @JsonPropertyDescription("JSON path inside the key's JSON value, e.g. $.customers[*].email.")
    @Size(max = Bounds.TEXT_LENGTH)
    private String jsonPath;

    @JsonPropertyDescription("CSV column (header name) inside the key's CSV value.")
    @Size(max = Bounds.COLUMN_LENGTH)
    private String csvColumn;

    @JsonPropertyDescription("How the value is masked (see docs/masking.md). Required.")
    @Required private Strategy strategy;

    @JsonPropertyDescription("For fake: name, firstName, lastName, email, phone, address, city, iban, card, ipv4, "
        + "ssn, nino, taxId, uuid, word. Default: what the detectors recognise, else keepFormat.")
    @io.fabric8.generator.annotation.Pattern(FAKE_KINDS)
    private String fakeKind;

    @JsonPropertyDescription("For redact: the text that replaces the value (default REDACTED).")
    @Size(max = Bounds.TEXT_LENGTH)
    private String replacement;

    @JsonPropertyDescription("For partial: characters kept at the start (default 1, at most 64).")
    @io.fabric8.generator.annotation.Min(0)
    @io.fabric8.generator.annotation.Max(64)
    private Integer keepFirst;

    @JsonPropertyDescription("For partial: characters kept at the end (default 1, at most 64).")
    @io.fabric8.generator.annotation.Min(0)
    @io.fabric8.generator.annotation.Max(64)
    private Integer keepLast;

    @JsonPropertyDescription("For noise on numbers: the largest relative change, e.g. 0.1 for +/-10% (default 0.1).")
    @io.fabric8.generator.annotation.Min(0)
    @io.fabric8.generator.annotation.Max(1)
    private Double ratio;

    @JsonPropertyDescription("For noise on dates and timestamps: the largest shift in days (default 30, at most 3650).")
    @io.fabric8.generator.annotation.Min(0)
    @io.fabric8.generator.annotation.Max(3650)
    private Integer days;

    public String getKey() {
      return key;
    }

    public void setKey(String key) {
      this.key = key;
    }

    public String getJsonPath() {
      return jsonPath;
    }

    public void setJsonPath(String jsonPath) {
      this.jsonPath = jsonPath;
    }

    public String getCsvColumn() {
      return csvColumn;
    }

    public void setCsvColumn(String csvColumn) {
      this.csvColumn = csvColumn;
    }

    public Strategy getStrategy() {
      return strategy;
    }

    public void setStrategy(Strategy strategy) {
      this.strategy = strategy;
    }

    public String getFakeKind() {
      return fakeKind;
    }

    public void setFakeKind(String fakeKind) {
      this.fakeKind = fakeKind;
    }

    public String getReplacement() {
      return replacement;
    }

    public void setReplacement(String replacement) {
      this.replacement = replacement;
    }

    public Integer getKeepFirst() {
      return keepFirst;
    }

    public void setKeepFirst(Integer keepFirst) {
      this.keepFirst = keepFirst;
    }

    public Integer getKeepLast() {
      return keepLast;
    }

    public void setKeepLast(Integer keepLast) {
      this.keepLast = keepLast;
    }

    public Double getRatio() {
      return ratio;
    }

    public void setRatio(Double ratio) {
      this.ratio = ratio;
    }

    public Integer getDays() {
      return days;
    }

    public void setDays(Integer days) {
      this.days = days;
    }
  }

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public Boolean getDetectors() {
    return detectors;
  }

  public void setDetectors(Boolean detectors) {
    this.detectors = detectors;
  }

  public List<Rule> getRules() {
    return rules;
  }

  public void setRules(List<Rule> rules) {
    this.rules = rules;
  }
}
