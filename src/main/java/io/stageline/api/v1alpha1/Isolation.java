package io.stageline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** How a stage is fenced off: network policy and pod security level. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Isolation {
  public enum NetworkPolicyMode {
    /** Pods accept traffic from their own namespace only (default). */
    AllowSameEnvironment,
    /** Pods accept no ingress at all unless another policy allows it. */
    DefaultDeny,
    /** Stageline keeps no NetworkPolicy. */
    None
  }

  public enum PodSecurityLevel {
    restricted,
    baseline,
    privileged
  }

  @JsonPropertyDescription("AllowSameEnvironment (default), DefaultDeny or None.")
  private NetworkPolicyMode networkPolicy;

  @JsonPropertyDescription("Pod Security Standard enforced on the namespace; default restricted for staging and production, baseline below.")
  private PodSecurityLevel podSecurity;

  public NetworkPolicyMode getNetworkPolicy() {
    return networkPolicy;
  }

  public void setNetworkPolicy(NetworkPolicyMode networkPolicy) {
    this.networkPolicy = networkPolicy;
  }

  public PodSecurityLevel getPodSecurity() {
    return podSecurity;
  }

  public void setPodSecurity(PodSecurityLevel podSecurity) {
    this.podSecurity = podSecurity;
  }
}
