package io.stageline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Availability of the environment's workloads. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkloadsStatus {
  private Integer total;
  private Integer available;

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
}
