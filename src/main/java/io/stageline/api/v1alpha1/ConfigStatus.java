package io.stageline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

/** The rendered configuration: current revision and a bounded history. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ConfigStatus {
  @io.fabric8.generator.annotation.Min(0)
  @JsonPropertyDescription("Current config revision, counting from 1; bumps when the merged content changes.")
  @io.fabric8.generator.annotation.Max(2147483647)
  private Integer revision;
  @JsonPropertyDescription("Hash of the merged content; workloads are annotated with it so they restart on change.")
  private String hash;
  /** The stable ConfigMap workloads mount. */
  @JsonPropertyDescription("The stable ConfigMap workloads mount.")
  private String configMap;
  @JsonPropertyDescription("Recent config revisions with their content ConfigMaps; a rollback restores one.")
  private List<Revision> history = new ArrayList<>();

  /** One rendered revision and the source versions that produced it. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Revision {
    @io.fabric8.generator.annotation.Min(0)
    @io.fabric8.generator.annotation.Max(2147483647)
    @JsonPropertyDescription("The revision number.")
    private Integer revision;
    @JsonPropertyDescription("Hash of that revision's content.")
    private String hash;
    @JsonPropertyDescription("ConfigMap holding that revision's content.")
    private String configMap;
    @JsonPropertyDescription("When the revision was made, RFC 3339.")
    private String at;
    /** name@resourceVersion of each source, in order. */
    @JsonPropertyDescription("name@resourceVersion of each source, in order.")
    private List<String> sources = new ArrayList<>();

    public Integer getRevision() {
      return revision;
    }

    public void setRevision(Integer revision) {
      this.revision = revision;
    }

    public String getHash() {
      return hash;
    }

    public void setHash(String hash) {
      this.hash = hash;
    }

    public String getConfigMap() {
      return configMap;
    }

    public void setConfigMap(String configMap) {
      this.configMap = configMap;
    }

    public String getAt() {
      return at;
    }

    public void setAt(String at) {
      this.at = at;
    }

    public List<String> getSources() {
      return sources;
    }

    public void setSources(List<String> sources) {
      this.sources = sources;
    }
  }

  public Integer getRevision() {
    return revision;
  }

  public void setRevision(Integer revision) {
    this.revision = revision;
  }

  public String getHash() {
    return hash;
  }

  public void setHash(String hash) {
    this.hash = hash;
  }

  public String getConfigMap() {
    return configMap;
  }

  public void setConfigMap(String configMap) {
    this.configMap = configMap;
  }

  public List<Revision> getHistory() {
    return history;
  }

  public void setHistory(List<Revision> history) {
    this.history = history;
  }
}
