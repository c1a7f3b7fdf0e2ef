package io.stageline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** Opt-in: the operator creates a Promotion when the upstream has a new verified release. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class AutoPromotion {
  @JsonPropertyDescription("Create Promotions automatically (default false).")
  private Boolean enabled;

  @JsonPropertyDescription("Gates of the Promotions the operator creates.")
  @Size(max = Bounds.GATES)
  private List<Gate> gates = new ArrayList<>();

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public List<Gate> getGates() {
    return gates;
  }

  public void setGates(List<Gate> gates) {
    this.gates = gates;
  }
}
