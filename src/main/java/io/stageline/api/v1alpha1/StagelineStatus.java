package io.stageline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What every Stageline status has: the generation it describes and standard conditions. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class StagelineStatus extends ModelPart {
  @JsonPropertyDescription("The metadata.generation of the spec this status describes; when lower than metadata.generation the operator has not yet acted on the latest change.")
  private Long observedGeneration;
  @JsonPropertyDescription("Standard Kubernetes conditions; Ready says whether the resource is in its desired state, with a reason and message when not.")
  private List<Condition> conditions = new ArrayList<>();

  public Optional<Condition> findCondition(String type) {
    return conditions == null
        ? Optional.empty()
        : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  @JsonIgnore
  public boolean isReady() {
    return findCondition(StatusConditions.READY).map(c -> "True".equals(c.getStatus())).orElse(false);
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }
}
