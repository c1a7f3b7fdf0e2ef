package io.stageline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

/** How this stage differs from its upstream. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ParityStatus {
  @JsonPropertyDescription("The upstream Environment compared with.")
  private String upstream;
  @JsonPropertyDescription("Config keys the upstream has and this Environment lacks.")
  private List<String> missingKeys = new ArrayList<>();
  @JsonPropertyDescription("Config keys this Environment has and the upstream lacks.")
  private List<String> extraKeys = new ArrayList<>();
  @JsonPropertyDescription("Version the upstream runs.")
  private String upstreamVersion;
  @JsonPropertyDescription("Version this Environment runs.")
  private String version;
  /** Containers whose image differs from the upstream's, as container=image. */
  @JsonPropertyDescription("Containers whose image differs from the upstream's, as container=image.")
  private List<String> imagesDiffer = new ArrayList<>();
  /** Since when the versions differ, RFC 3339. */
  @JsonPropertyDescription("Since when the versions differ, RFC 3339.")
  private String skewSince;

  public String getUpstream() {
    return upstream;
  }

  public void setUpstream(String upstream) {
    this.upstream = upstream;
  }

  public List<String> getMissingKeys() {
    return missingKeys;
  }

  public void setMissingKeys(List<String> missingKeys) {
    this.missingKeys = missingKeys;
  }

  public List<String> getExtraKeys() {
    return extraKeys;
  }

  public void setExtraKeys(List<String> extraKeys) {
    this.extraKeys = extraKeys;
  }

  public String getUpstreamVersion() {
    return upstreamVersion;
  }

  public void setUpstreamVersion(String upstreamVersion) {
    this.upstreamVersion = upstreamVersion;
  }

  public String getVersion() {
    return version;
  }

  public void setVersion(String version) {
    this.version = version;
  }

  public List<String> getImagesDiffer() {
    return imagesDiffer;
  }

  public void setImagesDiffer(List<String> imagesDiffer) {
    this.imagesDiffer = imagesDiffer;
  }

  public String getSkewSince() {
    return skewSince;
  }

  public void setSkewSince(String skewSince) {
    this.skewSince = skewSince;
  }
}
