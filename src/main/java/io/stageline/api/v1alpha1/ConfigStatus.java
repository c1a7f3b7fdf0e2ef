package io.stageline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

/** The rendered configuration: current revision and a bounded history. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ConfigStatus {
  @io.fabric8.generator.annotation.Min(0)
  @io.fabric8.generator.annotation.Max(2147483647)
  private Integer revision;
  private String hash;
  /** The stable ConfigMap workloads mount. */
  private String configMap;
  private List<Revision> history = new ArrayList<>();

  /** One rendered revision and the source versions that produced it. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Revision {
    @io.fabric8.generator.annotation.Min(0)
    @io.fabric8.generator.annotation.Max(2147483647)
    private Integer revision;
    private String hash;
    private String configMap;
    private String at;
    /** name@resourceVersion of each source, in order. */
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
