package io.stageline.api.v1alpha1;

import io.fabric8.generator.annotation.Size;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;

/** Container defaults and bounds, kept as the namespace's LimitRange. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class Limits {
  @JsonPropertyDescription("Default requests for containers that set none.")
  @Size(max = Bounds.RESOURCES)
  private Map<String, Quantity> defaultRequest;

  @JsonPropertyDescription("Default limits for containers that set none.")
  @Size(max = Bounds.RESOURCES)
  private Map<String, Quantity> defaultLimit;

  @JsonPropertyDescription("Largest request or limit a container may set, per resource.")
  @Size(max = Bounds.RESOURCES)
  private Map<String, Quantity> max;

  @JsonPropertyDescription("Smallest request or limit a container may set, per resource.")
  @Size(max = Bounds.RESOURCES)
  private Map<String, Quantity> min;

  public Map<String, Quantity> getDefaultRequest() {
    return defaultRequest;
  }

  public void setDefaultRequest(Map<String, Quantity> defaultRequest) {
    this.defaultRequest = defaultRequest;
  }

  public Map<String, Quantity> getDefaultLimit() {
    return defaultLimit;
  }

  public void setDefaultLimit(Map<String, Quantity> defaultLimit) {
    this.defaultLimit = defaultLimit;
  }

  public Map<String, Quantity> getMax() {
    return max;
  }

  public void setMax(Map<String, Quantity> max) {
    this.max = max;
  }

  public Map<String, Quantity> getMin() {
    return min;
  }

  public void setMin(Map<String, Quantity> min) {
    this.min = min;
  }
}
