package io.stageline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Availability of the environment's workloads. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkloadsStatus {
  @io.fabric8.generator.annotation.Min(0)
  @io.fabric8.generator.annotation.Max(2147483647)
  @JsonPropertyDescription("Workloads counted (0 or more).")
  private Integer total;
  @io.fabric8.generator.annotation.Min(0)
  @io.fabric8.generator.annotation.Max(2147483647)
  @JsonPropertyDescription("Workloads with all desired replicas available.")
  private Integer available;
  /** Workloads with fewer available replicas than desired, as kind/name. */
  @JsonPropertyDescription("Workloads with fewer available replicas than desired, as kind/name.")
  private java.util.List<String> unavailable = new java.util.ArrayList<>();

  public Integer getTotal() {
    return total;
  }

  public void setTotal(Integer total) {
    this.total = total;
  }

  public Integer getAvailable() {
    return available;
  }

  public void setAvailable(Integer available) {
    this.available = available;
  }

  public java.util.List<String> getUnavailable() {
    return unavailable;
  }

  public void setUnavailable(java.util.List<String> unavailable) {
    this.unavailable = unavailable;
  }
}
