package io.stageline.api.v1alpha1;

import io.fabric8.generator.annotation.Size;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.Map;

/** A release: a version and the container images (by container name) that make it up. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class Release {
  @JsonPropertyDescription("Release version, e.g. 1.4.2; exposed to job gates as STAGELINE_VERSION. Empty: the upstream's current version.")
  @Size(max = Bounds.VERSION_LENGTH)
  private String version;
  @JsonPropertyDescription("Container name to image reference, applied to the target's Deployments and StatefulSets containers of that name. Empty: the upstream's current images.")
  @Size(max = Bounds.IMAGES)
  private Map<String, String> images = new LinkedHashMap<>();

  public Release() {}

  public Release(String version, Map<String, String> images) {
    this.version = version;
    this.images = images == null ? new LinkedHashMap<>() : new LinkedHashMap<>(images);
  }

  @JsonIgnore
  public boolean isEmpty() {
    return version == null && (images == null || images.isEmpty());
  }

  public String getVersion() {
    return version;
  }

  public void setVersion(String version) {
    this.version = version;
  }

  public Map<String, String> getImages() {
    return images;
  }

  public void setImages(Map<String, String> images) {
    this.images = images;
  }
}
