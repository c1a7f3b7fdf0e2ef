package io.stageline.api.v1alpha1;

import io.fabric8.generator.annotation.Size;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import java.util.List;

/** Per-stage authentication rules that AccessPolicies must respect. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class AccessRequirements {
  @JsonPropertyDescription("Subject kinds that may be granted access; production default: Group and ServiceAccount.")
  @Size(max = Bounds.SUBJECT_KINDS)
  private List<SubjectRef.Kind> allowedSubjectKinds;

  @JsonPropertyDescription("Longest emergency grant, e.g. 4h or 30m; defaults: production 4h, staging 8h, test 24h, development 72h.")
  @Pattern("^([0-9]+h)?([0-9]+m)?([0-9]+s)?$")
  @Size(max = Bounds.DURATION_LENGTH)
  private String maxEmergencyDuration;

  public List<SubjectRef.Kind> getAllowedSubjectKinds() {
    return allowedSubjectKinds;
  }

  public void setAllowedSubjectKinds(List<SubjectRef.Kind> allowedSubjectKinds) {
    this.allowedSubjectKinds = allowedSubjectKinds;
  }

  public String getMaxEmergencyDuration() {
    return maxEmergencyDuration;
  }

  public void setMaxEmergencyDuration(String maxEmergencyDuration) {
    this.maxEmergencyDuration = maxEmergencyDuration;
  }
}
