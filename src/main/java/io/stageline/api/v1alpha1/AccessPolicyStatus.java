package io.stageline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

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

  @JsonPropertyDescription("Active (bindings in place), Expired (every grant was an emergency grant and all have expired) or Invalid (the spec is rejected; the bindings of the last valid spec are kept).")
  private Phase phase;
  @io.fabric8.generator.annotation.Min(0)
  @io.fabric8.generator.annotation.Max(2147483647)
  @JsonPropertyDescription("Number of RoleBindings the policy keeps (0 or more).")
  private Integer bindingCount;
  @JsonPropertyDescription("Every subject the policy binds, with its RoleBinding (one per namespace and access level, or per namespace and emergency grant).")
  private List<Binding> bindings = new ArrayList<>();
  @JsonPropertyDescription("Subjects the policy did not bind and why (e.g. SubjectKindNotAllowed, EmergencyExpiryInPast); empty when all were bound.")
  private List<Refusal> refused = new ArrayList<>();
  /** The earliest expiry among active emergency grants. */
  @JsonPropertyDescription("RFC 3339 time of the earliest expiry among active emergency grants; unset when none is active.")
  private String expiresAt;
  /**
   * Every emergency grant the policy has bound: when it started (the cap counts from there) and
   * whether it expired. An expired grant never reactivates, whatever its spec says later.
   */
  @JsonPropertyDescription("Every emergency grant the policy has bound, with when it started and whether it expired; an expired grant never reactivates, whatever its spec says later.")
  private List<EmergencyGrant> emergencyGrants = new ArrayList<>();

  /** The lifecycle of one emergency (break-glass) grant, identified by a hash of what it grants and why. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public static class EmergencyGrant {
    public enum State {
      Active,
      Expired
    }

    /** Hash of access level, subjects, reason and ticket: editing only expiresAt keeps the identity. */
    @JsonPropertyDescription("Identity of the grant: a hash of access level, subjects, reason, ticket and stages (editing only expiresAt keeps it).")
    private String grant;
    @JsonPropertyDescription("Access level granted: read, write, deploy, approve or admin.")
    private String access;
    @JsonPropertyDescription("Subjects of the grant, as Kind:name or ServiceAccount:namespace/name.")
    private List<String> subjects = new ArrayList<>();
    @JsonPropertyDescription("The reason the grant gave.")
    private String reason;
    @JsonPropertyDescription("The ticket the grant gave, if any.")
    private String ticket;
    @JsonPropertyDescription("RFC 3339 time the grant was first bound; the stage's maxEmergencyDuration counts from here.")
    private String grantedAt;
    /** The latest effective expiry over the selected namespaces (requested expiry capped per stage). */
    @JsonPropertyDescription("RFC 3339 time the access ends: the latest effective expiry over the selected namespaces (requested expiry capped per stage).")
    private String expiresAt;
    @JsonPropertyDescription("Active while the access is bound, Expired once it has been removed.")
    private State state;
    @JsonPropertyDescription("RFC 3339 time the grant expired; set once state is Expired.")
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
    @JsonPropertyDescription("Namespace of the RoleBinding (the Environment's namespace).")
    private String namespace;
    @JsonPropertyDescription("Name of the RoleBinding the operator owns.")
    private String roleBinding;
    @JsonPropertyDescription("The bound subject, as Kind:name or ServiceAccount:namespace/name.")
    private String subject;
    @JsonPropertyDescription("Access level bound (ClusterRole stageline-read, -write, -deploy, -approve or -admin).")
    private String access;
    @JsonPropertyDescription("RFC 3339 time the operator removes the binding; set for emergency grants only.")
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
    @JsonPropertyDescription("The refused subject, as Kind:name or ServiceAccount:namespace/name.")
    private String subject;
    @JsonPropertyDescription("Environment the subject was refused in, or * for every selected Environment.")
    private String environment;
    @JsonPropertyDescription("Why, as a CamelCase reason: SubjectKindNotAllowed or EmergencyExpiryInPast.")
    private String reason;
    @JsonPropertyDescription("Human-readable explanation of the refusal.")
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
