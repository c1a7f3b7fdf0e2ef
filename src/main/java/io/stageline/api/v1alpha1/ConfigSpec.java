package io.stageline.api.v1alpha1;

import io.fabric8.generator.annotation.Size;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Layered configuration: source ConfigMaps in order (later wins), then inline data. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class ConfigSpec {
  @JsonPropertyDescription("ConfigMaps in the config namespace, applied in order; a later source wins.")
  @Size(max = Bounds.CONFIG_SOURCES)
  private List<Source> sources = new ArrayList<>();

  @JsonPropertyDescription("Inline keys, applied last.")
  @Size(max = Bounds.CONFIG_KEYS)
  private Map<String, String> data;

  @JsonPropertyDescription("Keys that are meant to differ between stages; parity ignores them.")
  @Size(max = Bounds.CONFIG_KEYS)
  private List<String> stageSpecificKeys = new ArrayList<>();

  @JsonPropertyDescription("How many old revision ConfigMaps to keep (default 10).")
  @Min(1)
  @Max(100)
  private Integer keepRevisions;

  @JsonPropertyDescription("What happens when two sources set the same key: LaterWins (default; the later source or the inline data wins) or Reject (ConfigReady=False, the previous revision stays).")
  private CollisionPolicy onCollision;

  public enum CollisionPolicy {
    LaterWins,
    Reject
  }

  /** A ConfigMap in the config namespace. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Source {
    @JsonPropertyDescription("Name of the ConfigMap. Required.")
    @Size(max = Bounds.NAME_LENGTH)
    @Required private String name;

    public String getName() {
      return name;
    }

    public void setName(String name) {
      this.name = name;
    }
  }

  public List<Source> getSources() {
    return sources;
  }

  public void setSources(List<Source> sources) {
    this.sources = sources;
  }

  public Map<String, String> getData() {
    return data;
  }

  public void setData(Map<String, String> data) {
    this.data = data;
  }

  public List<String> getStageSpecificKeys() {
    return stageSpecificKeys;
  }

  public void setStageSpecificKeys(List<String> stageSpecificKeys) {
    this.stageSpecificKeys = stageSpecificKeys;
  }

  public Integer getKeepRevisions() {
    return keepRevisions;
  }

  public void setKeepRevisions(Integer keepRevisions) {
    this.keepRevisions = keepRevisions;
  }

  public CollisionPolicy getOnCollision() {
    return onCollision;
  }

  public void setOnCollision(CollisionPolicy onCollision) {
    this.onCollision = onCollision;
  }
}
