package io.stageline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

/** The bindings a policy made, the subjects it refused, and when its emergency access ends. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AccessPolicyStatus extends StagelineStatus {
  public enum Phase {
    Active,
    Expired,
    Invalid
  }

  private Phase phase;
  @io.fabric8.generator.annotation.Min(0)
  @io.fabric8.generator.annotation.Max(2147483647)
  private Integer bindingCount;
  private List<Binding> bindings = new ArrayList<>();
  private List<Refusal> refused = new ArrayList<>();
  /** The earliest expiry among active emergency grants. */
  private String expiresAt;
  /**
   * Every emergency grant the policy has bound: when it started (the cap counts from there) and
   * whether it expired. An expired grant never reactivates, whatever its spec says later.
   */
  private List<EmergencyGrant> emergencyGrants = new ArrayList<>();

  /** The lifecycle of one emergency (break-glass) grant, identified by a hash of what it grants and why. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public static class EmergencyGrant {
    public enum State {
      Active,
      Expired
    }

    /** Hash of access level, subjects, reason and ticket: editing only expiresAt keeps the identity. */
    private String grant;
    private String access;
    private List<String> subjects = new ArrayList<>();
    private String reason;
    private String ticket;
    private String grantedAt;
    /** The latest effective expiry over the selected namespaces (requested expiry capped per stage). */
    private String expiresAt;
    private State state;
    private String expiredAt;

    public String getGrant() {
      return grant;
    }

    public void setGrant(String grant) {
      this.grant = grant;
    }

    public String getAccess() {
      return access;
    }

    public void setAccess(String access) {
      this.access = access;
    }

    public List<String> getSubjects() {
      return subjects;
    }

    public void setSubjects(List<String> subjects) {
      this.subjects = subjects;
    }

    public String getReason() {
      return reason;
    }

    public void setReason(String reason) {
      this.reason = reason;
    }

    public String getTicket() {
      return ticket;
    }

    public void setTicket(String ticket) {
      this.ticket = ticket;
    }

    public String getGrantedAt() {
      return grantedAt;
    }

    public void setGrantedAt(String grantedAt) {
      this.grantedAt = grantedAt;
    }

    public String getExpiresAt() {
      return expiresAt;
    }

    public void setExpiresAt(String expiresAt) {
      this.expiresAt = expiresAt;
    }

    public State getState() {
      return state;
    }

    public void setState(State state) {
      this.state = state;
    }

    public String getExpiredAt() {
      return expiredAt;
    }

    public void setExpiredAt(String expiredAt) {
      this.expiredAt = expiredAt;
    }
  }

  /** A RoleBinding the policy keeps. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Binding {
    private String namespace;
    private String roleBinding;
    private String subject;
    private String access;
    private String expiresAt;

    public String getNamespace() {
      return namespace;
    }

    public void setNamespace(String namespace) {
      this.namespace = namespace;
    }

    public String getRoleBinding() {
      return roleBinding;
    }

    public void setRoleBinding(String roleBinding) {
      this.roleBinding = roleBinding;
    }

    public String getSubject() {
      return subject;
    }

    public void setSubject(String subject) {
      this.subject = subject;
    }

    public String getAccess() {
      return access;
    }

    public void setAccess(String access) {
      this.access = access;
    }

    public String getExpiresAt() {
      return expiresAt;
    }

    public void setExpiresAt(String expiresAt) {
      this.expiresAt = expiresAt;
    }
  }

  /** A subject the policy did not bind, and why. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Refusal {
    private String subject;
    private String environment;
    private String reason;
    private String message;

    public String getSubject() {
      return subject;
    }

    public void setSubject(String subject) {
      this.subject = subject;
    }

    public String getEnvironment() {
      return environment;
    }

    public void setEnvironment(String environment) {
      this.environment = environment;
    }

    public String getReason() {
      return reason;
    }

    public void setReason(String reason) {
      this.reason = reason;
    }

    public String getMessage() {
      return message;
    }

    public void setMessage(String message) {
      this.message = message;
    }
  }

  public Phase getPhase() {
    return phase;
  }

  public void setPhase(Phase phase) {
    this.phase = phase;
  }

  public Integer getBindingCount() {
    return bindingCount;
  }

  public void setBindingCount(Integer bindingCount) {
    this.bindingCount = bindingCount;
  }

  public List<Binding> getBindings() {
    return bindings;
  }

  public void setBindings(List<Binding> bindings) {
    this.bindings = bindings;
  }

  public List<Refusal> getRefused() {
    return refused;
  }

  public void setRefused(List<Refusal> refused) {
    this.refused = refused;
  }

  public String getExpiresAt() {
    return expiresAt;
  }

  public void setExpiresAt(String expiresAt) {
    this.expiresAt = expiresAt;
  }

  public List<EmergencyGrant> getEmergencyGrants() {
    return emergencyGrants;
  }

  public void setEmergencyGrants(List<EmergencyGrant> emergencyGrants) {
    this.emergencyGrants = emergencyGrants;
  }
}
