package io.stageline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/**
 * A masked copy of a PostgreSQL database from a higher Environment into this one, run by the
 * operator as a Job of its own image ({@code stageline mask-db}). The same JSON, without the
 * connection and scheduling fields, is what {@code stageline mask-db --spec} reads.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class DatabaseRefresh {
  @Required
  @JsonPropertyDescription("Name of this refresh (names its Job and its status entry).")
  @io.fabric8.generator.annotation.Pattern("^[a-z0-9]([-a-z0-9]{0,38}[a-z0-9])?$")
  private String name;

  @JsonPropertyDescription("Environment whose database is copied: this Environment's upstream chain or production.")
  @io.fabric8.generator.annotation.Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  @Size(max = Bounds.NAME_LENGTH)
  private String fromEnvironment;

  @JsonPropertyDescription("Secret in the source Environment's namespace with url, username and password; it must carry "
      + "the annotation stageline.io/refresh-to naming this Environment.")
  @io.fabric8.generator.annotation.Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  @Size(max = Bounds.NAME_LENGTH)
  private String sourceSecret;

  @JsonPropertyDescription("Secret in this Environment's namespace with url, username and password of the database to overwrite.")
  @io.fabric8.generator.annotation.Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  @Size(max = Bounds.NAME_LENGTH)
  private String targetSecret;

  @JsonPropertyDescription("Tables to copy, as globs on schema.table or table ('*' any characters); default all.")
  @Size(max = Bounds.TABLE_GLOBS)
  private List<String> includeTables = new ArrayList<>();

  @JsonPropertyDescription("Tables to leave out, as globs; wins over includeTables.")
  @Size(max = Bounds.TABLE_GLOBS)
  private List<String> excludeTables = new ArrayList<>();

  @Size(max = Bounds.MASKING_RULES)
  @JsonPropertyDescription("Masking rules per column. At most 256.")
  private List<ColumnRule> rules = new ArrayList<>();

  @JsonPropertyDescription("Run the built-in PII detectors on text and JSON columns no rule names (default true; "
      + "always on for production data).")
  private Boolean detectors;

  @JsonPropertyDescription("Cron schedule (UTC) of automatic refreshes, e.g. '0 3 * * 1'.")
  @Size(max = Bounds.SCHEDULE_LENGTH)
  private String schedule;

  @JsonPropertyDescription("Change this value (e.g. to a timestamp) to run a refresh now.")
  @Size(max = Bounds.TIME_LENGTH)
  private String refreshRequest;

  /** How one column (or a JSON path inside a json/jsonb column) is masked. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @ValidationRule(value = "!has(self.fakeKind) || self.strategy == 'fake'",
      message = "fakeKind applies to the fake strategy only")
  @ValidationRule(value = "!has(self.replacement) || self.strategy == 'redact'",
      message = "replacement applies to the redact strategy only")
  @ValidationRule(value = "!(has(self.keepFirst) || has(self.keepLast)) || self.strategy == 'partial'",
      message = "keepFirst and keepLast apply to the partial strategy only")
  @ValidationRule(value = "!(has(self.ratio) || has(self.days)) || self.strategy == 'noise'",
      message = "ratio and days apply to the noise strategy only")
  @ValidationRule(value = "self.strategy != 'remove'", message = "a column cannot be removed; use null or redact")
  public static class ColumnRule {
    @Required
    @JsonPropertyDescription("Table, as a glob on schema.table or table.")
    @Size(max = Bounds.COLUMN_LENGTH)
    private String table;

    @Required
    @JsonPropertyDescription("Column name, as a glob.")
    @Size(max = Bounds.COLUMN_LENGTH)
    private String column;

    @JsonPropertyDescription("JSON path inside a json or jsonb column, e.g. $.contact.email.")
    @Size(max = Bounds.TEXT_LENGTH)
    private String jsonPath;

    @JsonPropertyDescription("How the column is masked, as in dataMasking rules. Required.")
    @Required private DataMasking.Strategy strategy;

    @JsonPropertyDescription("For fake: the kind of value, as in dataMasking rules.")
    @io.fabric8.generator.annotation.Pattern(DataMasking.FAKE_KINDS)
    private String fakeKind;

    @JsonPropertyDescription("For redact on text columns: the text that replaces the value (default REDACTED).")
    @Size(max = Bounds.TEXT_LENGTH)
    private String replacement;

    @JsonPropertyDescription("For partial: characters kept at the start (default 1).")
    @io.fabric8.generator.annotation.Min(0)
    @io.fabric8.generator.annotation.Max(64)
    private Integer keepFirst;

    @JsonPropertyDescription("For partial: characters kept at the end (default 1).")
    @io.fabric8.generator.annotation.Min(0)
    @io.fabric8.generator.annotation.Max(64)
    private Integer keepLast;

    @JsonPropertyDescription("For noise on numbers: the largest relative change (default 0.1).")
    @io.fabric8.generator.annotation.Min(0)
    @io.fabric8.generator.annotation.Max(1)
    private Double ratio;

    @JsonPropertyDescription("For noise on dates and timestamps: the largest shift in days (default 30).")
    @io.fabric8.generator.annotation.Min(0)
    @io.fabric8.generator.annotation.Max(3650)
    private Integer days;

    public String getTable() {
      return table;
    }

    public void setTable(String table) {
      this.table = table;
    }

    public String getColumn() {
      return column;
    }

    public void setColumn(String column) {
      this.column = column;
    }

    public String getJsonPath() {
      return jsonPath;
    }

    public void setJsonPath(String jsonPath) {
      this.jsonPath = jsonPath;
    }

    public DataMasking.Strategy getStrategy() {
      return strategy;
    }

    public void setStrategy(DataMasking.Strategy strategy) {
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

  public String getSourceSecret() {
    return sourceSecret;
  }

  public void setSourceSecret(String sourceSecret) {
    this.sourceSecret = sourceSecret;
  }

  public String getTargetSecret() {
    return targetSecret;
  }

  public void setTargetSecret(String targetSecret) {
    this.targetSecret = targetSecret;
  }

  public List<String> getIncludeTables() {
    return includeTables;
  }

  public void setIncludeTables(List<String> includeTables) {
    this.includeTables = includeTables;
  }

  public List<String> getExcludeTables() {
    return excludeTables;
  }

  public void setExcludeTables(List<String> excludeTables) {
    this.excludeTables = excludeTables;
  }

  public List<ColumnRule> getRules() {
    return rules;
  }

  public void setRules(List<ColumnRule> rules) {
    this.rules = rules;
  }

  public Boolean getDetectors() {
    return detectors;
  }

  public void setDetectors(Boolean detectors) {
    this.detectors = detectors;
  }

  public String getSchedule() {
    return schedule;
  }

  public void setSchedule(String schedule) {
    this.schedule = schedule;
  }

  public String getRefreshRequest() {
    return refreshRequest;
  }

  public void setRefreshRequest(String refreshRequest) {
    this.refreshRequest = refreshRequest;
  }
}
