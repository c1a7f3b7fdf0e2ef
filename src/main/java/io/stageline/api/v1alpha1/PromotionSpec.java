package io.stageline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** What to promote where, behind which gates, and what to do if it fails after the switch. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.rollbackTo) || !has(self.release) || (!has(self.release.version) && !has(self.release.images))",
    message = "a rollback names a revision (rollbackTo), not a release")
public class PromotionSpec extends ModelPart {
  @Required
  @JsonPropertyDescription("Target Environment; must own this namespace. Immutable.")
  @ValidationRule(value = "self == oldSelf", message = "environment is immutable")
  @Size(max = Bounds.NAME_LENGTH)
  private String environment;

  @JsonPropertyDescription("Version and images; empty means what the upstream runs now.")
  private Release release;

  @JsonPropertyDescription("Gates, evaluated in order, then the target Environment's required gates; all must pass"
      + " before the switch. Immutable once the promotion waits.")
  @Size(max = Bounds.GATES)
  private List<Gate> gates = new ArrayList<>();

  @JsonPropertyDescription("Approvals added by approvers; an admission policy makes 'by' the requesting user.")
  @ValidationRule(value = "oldSelf.all(a, a in self)", message = "approvals can be added, not changed or removed")
  @Size(max = Bounds.APPROVALS)
  private List<Approval> approvals = new ArrayList<>();

  @JsonPropertyDescription("The user who created the promotion (at most 1024 characters, immutable). Not filled in for you: the shipped approval admission policy (deploy/approval-policy.yaml) rejects a create whose requestedBy is not the creating user. The requester can never approve the promotion.")
  @ValidationRule(value = "self == oldSelf", message = "requestedBy is immutable")
  @Size(max = Bounds.USERNAME_LENGTH)
  private String requestedBy;

  @JsonPropertyDescription("Checks after the switch (condition, job and metric gates, workload readiness) and whether a failure rolls back. Optional; no verification when absent.")
  private Verification verification;

  @JsonPropertyDescription("Revision of the target's release history to return to; a rollback is a promotion too.")
  @Min(1)
  @io.fabric8.generator.annotation.Max(1000000)
  private Integer rollbackTo;

  @JsonPropertyDescription("Replace waiting promotions to the same environment instead of queueing behind them.")
  private Boolean supersede;

  public String getEnvironment() {
    return environment;
  }

  public void setEnvironment(String environment) {
    this.environment = environment;
  }

  public Release getRelease() {
    return release;
  }

  public void setRelease(Release release) {
    this.release = release;
  }

  public List<Gate> getGates() {
    return gates;
  }

  public void setGates(List<Gate> gates) {
    this.gates = gates;
  }

  public List<Approval> getApprovals() {
    return approvals;
  }

  public void setApprovals(List<Approval> approvals) {
    this.approvals = approvals;
  }

  public String getRequestedBy() {
    return requestedBy;
  }

  public void setRequestedBy(String requestedBy) {
    this.requestedBy = requestedBy;
  }

  public Verification getVerification() {
    return verification;
  }

  public void setVerification(Verification verification) {
    this.verification = verification;
  }

  public Integer getRollbackTo() {
    return rollbackTo;
  }

  public void setRollbackTo(Integer rollbackTo) {
    this.rollbackTo = rollbackTo;
  }

  public Boolean getSupersede() {
    return supersede;
  }

  public void setSupersede(Boolean supersede) {
    this.supersede = supersede;
  }
}
