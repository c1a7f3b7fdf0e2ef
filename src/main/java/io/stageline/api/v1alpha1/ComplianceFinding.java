package io.stageline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One compliance finding about an Environment's namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ComplianceFinding {
  /** e.g. UnmanagedRoleBinding, ForeignClusterRole, MissingNetworkPolicy, PodSecurityLowered. */
  @JsonPropertyDescription("e.g. UnmanagedRoleBinding, ForeignClusterRole, MissingNetworkPolicy, PodSecurityLowered.")
  private String type;
  @JsonPropertyDescription("The offending object.")
  private String object;
  @JsonPropertyDescription("What is wrong.")
  private String message;

  public ComplianceFinding() {}

  public ComplianceFinding(String type, String object, String message) {
    this.type = type;
    this.object = object;
    this.message = message;
  }

  public String getType() {
    return type;
  }

  public void setType(String type) {
    this.type = type;
  }

  public String getObject() {
    return object;
  }

  public void setObject(String object) {
    this.object = object;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }
}
