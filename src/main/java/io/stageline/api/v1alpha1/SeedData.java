package io.stageline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** Data copied into this stage from another Environment (masked on the way down), or synthesised. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.fromEnvironment) != has(self.synthetic)",
    message = "seed data comes either fromEnvironment or from a synthetic shape")
@ValidationRule(
    value = "!has(self.fromEnvironment) || has(self.name) || has(self.selector)",
    message = "seed data from an Environment names the objects (name) or selects them (selector)")
public class SeedData {
  @JsonPropertyDescription("Environment whose namespace holds the data.")
  @Size(max = Bounds.NAME_LENGTH)
  private String fromEnvironment;

  @JsonPropertyDescription("ConfigMap (default) or Secret.")
  private Kind kind;

  @JsonPropertyDescription("Name of the ConfigMap or Secret to copy (or use selector).")
  @io.fabric8.generator.annotation.Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  @Size(max = Bounds.NAME_LENGTH)
  private String name;

  @JsonPropertyDescription("Labels of the ConfigMaps or Secrets to copy.")
  private LabelSelector selector;

  @JsonPropertyDescription("Generate data instead of copying it; exclusive with fromEnvironment.")
  private Synthetic synthetic;

  public enum Kind {
    ConfigMap,
    Secret
  }

  /** A synthetic data set: rows of declared fields, reproducible from a seed. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public static class Synthetic {
    @Required
    @JsonPropertyDescription("Name of the ConfigMap to write.")
    @io.fabric8.generator.annotation.Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
    @Size(max = Bounds.NAME_LENGTH)
    private String name;

    @JsonPropertyDescription("Key to write (default data.csv or data.json by format).")
    @Size(max = Bounds.KEY_LENGTH)
    private String key;

    @JsonPropertyDescription("csv (default) or json.")
    @io.fabric8.generator.annotation.Pattern("^(csv|json)$")
    private String format;

    @JsonPropertyDescription("Number of rows (default 100, at most 10000; the result must fit a ConfigMap).")
    @io.fabric8.generator.annotation.Min(0)
    @io.fabric8.generator.annotation.Max(10000)
    private Integer rows;

    @JsonPropertyDescription("Seed: the same seed and shape give the same data (default 0, 0 to 10^15).")
    @io.fabric8.generator.annotation.Min(0)
    @io.fabric8.generator.annotation.Max(1e15)
    private Long seed;

    @Required
    @JsonPropertyDescription("Fields of each generated row. Required; at most 128.")
    @Size(max = Bounds.SYNTHETIC_FIELDS)
    private List<Field> fields = new ArrayList<>();

    public String getName() {
      return name;
    }

    public void setName(String name) {
      this.name = name;
    }

    public String getKey() {
      return key;
    }

    public void setKey(String key) {
      this.key = key;
    }

    public String getFormat() {
      return format;
    }

    public void setFormat(String format) {
      this.format = format;
    }

    public Integer getRows() {
      return rows;
    }

    public void setRows(Integer rows) {
      this.rows = rows;
    }

    public Long getSeed() {
      return seed;
    }

    public void setSeed(Long seed) {
      this.seed = seed;
    }

    public List<Field> getFields() {
      return fields;
    }

    public void setFields(List<Field> fields) {
      this.fields = fields;
    }
  }

  /** One field of a synthetic row. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @ValidationRule(value = "self.kind != 'choice' || (has(self.values) && size(self.values) > 0)",
      message = "a choice field needs values")
  @ValidationRule(value = "!has(self.min) || !has(self.max) || self.min <= self.max",
      message = "min must not be greater than max")
  @ValidationRule(value = "self.kind != 'date' || ((!has(self.min) || (self.min >= 1 && self.min <= 9999))"
      + " && (!has(self.max) || (self.max >= 1 && self.max <= 9999)))",
      message = "a date field's years lie between 1 and 9999")
  public static class Field {
    @JsonPropertyDescription("Field name in the generated data. Required.")
    @Size(max = Bounds.COLUMN_LENGTH)
    @Required private String name;

    @Required
    @JsonPropertyDescription("name, firstName, lastName, email, phone, address, city, iban, card, ipv4, ssn, nino, "
        + "taxId, uuid, word, integer (min..max), date (years min..max), boolean, sequence (from min), choice (values).")
    @io.fabric8.generator.annotation.Pattern("^(name|firstName|lastName|email|phone|address|city|iban|card|ipv4|ssn|nino"
        + "|taxId|uuid|word|integer|date|boolean|sequence|choice)$")
    private String kind;

    @JsonPropertyDescription("integer: lowest value; date: first year; sequence: first number (-10^15 to 10^15).")
    @io.fabric8.generator.annotation.Min(-1e15)
    @io.fabric8.generator.annotation.Max(1e15)
    private Long min;

    @JsonPropertyDescription("integer: highest value; date: last year (-10^15 to 10^15).")
    @io.fabric8.generator.annotation.Min(-1e15)
    @io.fabric8.generator.annotation.Max(1e15)
    private Long max;

    @JsonPropertyDescription("choice: the values to pick from.")
    @Size(max = Bounds.CHOICE_VALUES)
    private List<String> values;

    public String getName() {
      return name;
    }

    public void setName(String name) {
      this.name = name;
    }

    public String getKind() {
      return kind;
    }

    public void setKind(String kind) {
      this.kind = kind;
    }

    public Long getMin() {
      return min;
    }

    public void setMin(Long min) {
      this.min = min;
    }

    public Long getMax() {
      return max;
    }

    public void setMax(Long max) {
      this.max = max;
    }

    public List<String> getValues() {
      return values;
    }

    public void setValues(List<String> values) {
      this.values = values;
    }
  }

  /** The kind of object copied: ConfigMap unless Secret is given. */
  public Kind effectiveKind() {
    return kind == null ? Kind.ConfigMap : kind;
  }

  public Kind getKind() {
    return kind;
  }

  public void setKind(Kind kind) {
    this.kind = kind;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getFromEnvironment() {
    return fromEnvironment;
  }

  public void setFromEnvironment(String fromEnvironment) {
    this.fromEnvironment = fromEnvironment;
  }

  public LabelSelector getSelector() {
    return selector;
  }

  public void setSelector(LabelSelector selector) {
    this.selector = selector;
  }

  public Synthetic getSynthetic() {
    return synthetic;
  }

  public void setSynthetic(Synthetic synthetic) {
    this.synthetic = synthetic;
  }
}
