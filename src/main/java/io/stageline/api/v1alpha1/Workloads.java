package io.stageline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.LabelSelector;

/** The workloads (Deployments, StatefulSets) whose images a promotion sets. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Workloads {
  @JsonPropertyDescription("Selects Deployments and StatefulSets in the environment's namespace.")
  private LabelSelector selector;

  public LabelSelector getSelector() {
    return selector;
  }

  public void setSelector(LabelSelector selector) {
    this.selector = selector;
  }
}
