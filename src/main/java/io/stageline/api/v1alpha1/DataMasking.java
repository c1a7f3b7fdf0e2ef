package io.stageline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** PII rules for data seeded into this stage from a higher one. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class DataMasking {
  @JsonPropertyDescription("On by default below production; data from production is always masked.")
  private Boolean enabled;

  @JsonPropertyDescription("Run the built-in PII detectors on values no rule names (default true).")
  private Boolean detectors;

  private List<Rule> rules = new ArrayList<>();

  public enum Strategy {
    redact,
    hash,
    fake,
    keepFormat,
    // Named "null" in the API; Java needs another identifier.
    @com.fasterxml.jackson.annotation.JsonProperty("null")
    nullify
  }

  /** One masking rule: what to address (a key, a JSON path or a CSV column in a key) and how to mask. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @ValidationRule(
      value = "!(has(self.jsonPath) && has(self.csvColumn))",
      message = "a rule addresses a JSON path or a CSV column, not both")
  public static class Rule {
    @Required
    @JsonPropertyDescription("Key of the ConfigMap/Secret; '*' for every key.")
    private String key;

    @JsonPropertyDescription("JSON path inside the key's JSON value, e.g. $.customers[*].email.")
    private String jsonPath;

    @JsonPropertyDescription("CSV column (header name) inside the key's CSV value.")
    private String csvColumn;

    @Required private Strategy strategy;

    @JsonPropertyDescription("For fake: name, email, phone, address, iban, card.")
    private String fakeKind;

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
