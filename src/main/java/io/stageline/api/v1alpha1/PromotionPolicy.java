package io.stageline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/**
 * The platform's rules for promotions into an Environment. Environments are cluster-scoped and no
 * Stageline access level grants them, so whoever may request a promotion cannot change these.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PromotionPolicy {
  @JsonPropertyDescription("Gates every promotion into this Environment must pass, on top of its own; a promotion"
      + " may add gates, never drop or weaken these. Unset: the stage's defaults (see docs/promotion.md); [] requires none.")
  @Size(max = Bounds.GATES)
  private List<Gate> requiredGates;

  @JsonPropertyDescription("Allows a production Environment without an upstream (releases enter the path here)."
      + " Off by default: production receives its releases from a lower stage.")
  private Boolean entryStage;

  @JsonPropertyDescription("Secrets in this namespace that Job gates may mount or read (volumes, env, envFrom); none by default.")
  @Size(max = Bounds.SECRETS)
  private List<String> gateSecrets = new ArrayList<>();

  @JsonPropertyDescription("ConfigMaps in this namespace that Job gates may mount or read; none by default.")
  @Size(max = Bounds.SECRETS)
  private List<String> gateConfigMaps = new ArrayList<>();

  public List<Gate> getRequiredGates() {
    return requiredGates;
  }

  public void setRequiredGates(List<Gate> requiredGates) {
    this.requiredGates = requiredGates;
  }

  public Boolean getEntryStage() {
    return entryStage;
  }

  public void setEntryStage(Boolean entryStage) {
    this.entryStage = entryStage;
  }

  public List<String> getGateSecrets() {
    return gateSecrets;
  }

  public void setGateSecrets(List<String> gateSecrets) {
    this.gateSecrets = gateSecrets;
  }

  public List<String> getGateConfigMaps() {
    return gateConfigMaps;
  }

  public void setGateConfigMaps(List<String> gateConfigMaps) {
    this.gateConfigMaps = gateConfigMaps;
  }
}
