package io.stageline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/** A release as it ran in an Environment: what, with which configuration, brought by whom, since when. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class ReleaseRecord {
  /** Position in the Environment's release history, counting from 1; rollbacks refer to it. */
  @io.fabric8.generator.annotation.Min(0)
  @io.fabric8.generator.annotation.Max(2147483647)
  @JsonPropertyDescription("Position in the Environment's release history, counting from 1; rollbacks refer to it.")
  private Integer revision;
  @JsonPropertyDescription("Version that ran.")
  private String version;
  @JsonPropertyDescription("Container name to image reference that ran.")
  private Map<String, String> images;
  @io.fabric8.generator.annotation.Min(0)
  @io.fabric8.generator.annotation.Max(2147483647)
  @JsonPropertyDescription("Revision of the Environment's config (status.config.revision) the release ran with.")
  private Integer configRevision;
  /** The Promotion (namespace/name) that brought this release. */
  @JsonPropertyDescription("The Promotion (namespace/name) that brought this release.")
  private String promotion;
  /** When the release went live, RFC 3339. */
  @JsonPropertyDescription("When the release went live, RFC 3339.")
  private String at;
  /** True once verification after the switch passed (auto-promotion only follows verified releases). */
  @JsonPropertyDescription("True once verification after the switch passed; auto-promotion only follows verified releases.")
  private Boolean verified;
  /** For a release restored after a failed verification: the revision it replaced. */
  @io.fabric8.generator.annotation.Min(0)
  @io.fabric8.generator.annotation.Max(2147483647)
  @JsonPropertyDescription("For a release restored after a failed verification: the revision it replaced.")
  private Integer rollbackOf;

  public Integer getRevision() {
    return revision;
  }

  public void setRevision(Integer revision) {
    this.revision = revision;
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

  public Integer getConfigRevision() {
    return configRevision;
  }

  public void setConfigRevision(Integer configRevision) {
    this.configRevision = configRevision;
  }

  public String getPromotion() {
    return promotion;
  }

  public void setPromotion(String promotion) {
    this.promotion = promotion;
  }

  public String getAt() {
    return at;
  }

  public void setAt(String at) {
    this.at = at;
  }

  public Boolean getVerified() {
    return verified;
  }

  public void setVerified(Boolean verified) {
    this.verified = verified;
  }

  public Integer getRollbackOf() {
    return rollbackOf;
  }

  public void setRollbackOf(Integer rollbackOf) {
    this.rollbackOf = rollbackOf;
  }
}
