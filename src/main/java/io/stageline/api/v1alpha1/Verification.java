package io.stageline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** Checks after the switch, and whether to roll back when they fail. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class Verification {
  @JsonPropertyDescription("condition, job and metric gates checked after the switch.")
  @Size(max = Bounds.GATES)
  private List<Gate> gates = new ArrayList<>();

  @JsonPropertyDescription("Also wait until the patched Deployments and StatefulSets have rolled out.")
  private Boolean workloadReadiness;

  @JsonPropertyDescription("Restore the previous release when verification fails.")
  private Boolean rollbackOnFailure;

  public List<Gate> getGates() {
    return gates;
  }

  public void setGates(List<Gate> gates) {
    this.gates = gates;
  }

  public Boolean getWorkloadReadiness() {
    return workloadReadiness;
  }

  public void setWorkloadReadiness(Boolean workloadReadiness) {
    this.workloadReadiness = workloadReadiness;
  }

  public Boolean getRollbackOnFailure() {
    return rollbackOnFailure;
  }

  public void setRollbackOnFailure(Boolean rollbackOnFailure) {
    this.rollbackOnFailure = rollbackOnFailure;
  }
}
