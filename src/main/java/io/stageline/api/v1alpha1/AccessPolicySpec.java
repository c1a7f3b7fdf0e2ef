package io.stageline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.ArrayList;
import java.util.List;

/** Which Environments a policy covers and what it grants there. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AccessPolicySpec extends ModelPart {
  @JsonPropertyDescription("Which Environments the policy covers: by delivery path, label selector, stages and/or names; every criterion given must match. Required; at least one criterion. Stages alone match that stage of every delivery path: name the paths to keep a team's policy inside its own.")
  @Required private EnvironmentSelector environments;

  @Required
  @JsonPropertyDescription("Who gets which access in the selected Environments' namespaces. Required; 1 to 256 grants.")
  @Size(min = 1, max = Bounds.GRANTS)
  private List<Grant> grants = new ArrayList<>();

  /** Environments by labels and/or stages; both must match when both are given. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  @ValidationRule(
      value = "has(self.selector) || (has(self.stages) && size(self.stages) > 0) || (has(self.names) && size(self.names) > 0) || (has(self.paths) && size(self.paths) > 0)",
      message = "select environments by paths, selector, stages or names")
  public static class EnvironmentSelector {

    @JsonPropertyDescription("Environments of these delivery paths: those whose label stageline.io/path has one of these values. Optional; at most 64.")
    @Size(max = Bounds.PATHS)
    private List<String> paths = new ArrayList<>();

    @JsonPropertyDescription("Environments whose labels match this selector. Optional; no selector means labels are not a criterion.")
    private LabelSelector selector;
    @JsonPropertyDescription("Environments of these stages (development, test, staging, production). Optional; at most 4.")
    @Size(max = 4)
    private List<Stage> stages = new ArrayList<>();

    @JsonPropertyDescription("Environments with these names. Optional; at most 256.")
    @Size(max = Bounds.NAMES)
    private List<String> names = new ArrayList<>();

    public LabelSelector getSelector() {
      return selector;
    }

    public void setSelector(LabelSelector selector) {
      this.selector = selector;
    }

    public List<Stage> getStages() {
      return stages;
    }

    public void setStages(List<Stage> stages) {
      this.stages = stages;
    }

    public List<String> getNames() {
      return names;
    }

    public List<String> getPaths() {
      return paths;
    }

    public void setPaths(List<String> paths) {
      this.paths = paths;
    }

    public void setNames(List<String> names) {
      this.names = names;
    }
  }

  /** Access levels, each a ClusterRole shipped with the operator. */
  public enum Level {
    read,
    write,
    deploy,
    approve,
    admin;

    public String clusterRole() {
      return "stageline-" + name();
    }

    /**
     * Unknown levels read as null instead of failing the whole informer list: the schema rejects
     * them at admission, and where no admission runs the reconciler reports the policy Invalid.
     */
    @JsonCreator
    public static Level of(String value) {
      for (Level level : values()) {
        if (level.name().equals(value)) {
          return level;
        }
      }
      return null;
    }
  }

  /** Subjects and the level they get; with emergency, a break-glass grant that expires. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public static class Grant {
    @Required
    @JsonPropertyDescription("Users, groups or service accounts that get the access, each bound by its own RoleBinding in every selected namespace; a subject kind the stage does not allow is refused (status.refused). Required; 1 to 256.")
    @Size(min = 1, max = Bounds.SUBJECTS)
    private List<SubjectRef> subjects = new ArrayList<>();

    @Required
    @JsonPropertyDescription("The level, a ClusterRole shipped with the operator: read (everything but Secrets), write (read plus workloads and configuration), deploy (read plus requesting Promotions), approve (read plus approving Promotions; no Secrets, no exec) or admin (the namespace, Secrets, exec and approving).")
    private Level access;

    @JsonPropertyDescription("Makes this a break-glass grant that expires at emergency.expiresAt, capped by the stage's maximum emergency duration (access.maxEmergencyDuration, with a default per stage) counted from when it was first granted. Unset: standing access.")
    private Emergency emergency;

    @JsonPropertyDescription("Limits this grant to the selected Environments of these stages, so one policy holds a team's row of the access matrix (e.g. write in development and test, read in staging and production). Optional; unset or empty: every selected Environment; at most 4.")
    @Size(max = 4)
    private List<Stage> stages = new ArrayList<>();

    public List<Stage> getStages() {
      return stages;
    }

    public void setStages(List<Stage> stages) {
      this.stages = stages;
    }

    public List<SubjectRef> getSubjects() {
      return subjects;
    }

    public void setSubjects(List<SubjectRef> subjects) {
      this.subjects = subjects;
    }

    public Level getAccess() {
      return access;
    }

    public void setAccess(Level access) {
      this.access = access;
    }

    public Emergency getEmergency() {
      return emergency;
    }

    public void setEmergency(Emergency emergency) {
      this.emergency = emergency;
    }
  }

  /** Break-glass: why, until when, and the ticket that tracks it. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Emergency {
    @Required
    @JsonPropertyDescription("Why the emergency access is needed; recorded in status and the audit log. Required; not empty.")
    @Size(min = 1, max = Bounds.TEXT_LENGTH)
    private String reason;

    @Required
    @JsonPropertyDescription("RFC 3339 time at which the access is removed.")
    @io.fabric8.generator.annotation.Pattern("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?(Z|[+-][0-9]{2}:[0-9]{2})$")
    @Size(max = Bounds.TIME_LENGTH)
    private String expiresAt;

    @JsonPropertyDescription("Optional ticket or incident id tracking the emergency; recorded in status and the audit log.")
    @Size(max = Bounds.TICKET_LENGTH)
    private String ticket;

    public String getReason() {
      return reason;
    }

    public void setReason(String reason) {
      this.reason = reason;
    }

    public String getExpiresAt() {
      return expiresAt;
    }

    public void setExpiresAt(String expiresAt) {
      this.expiresAt = expiresAt;
    }

    public String getTicket() {
      return ticket;
    }

    public void setTicket(String ticket) {
      this.ticket = ticket;
    }
  }

  public EnvironmentSelector getEnvironments() {
    return environments;
  }

  public void setEnvironments(EnvironmentSelector environments) {
    this.environments = environments;
  }

  public List<Grant> getGrants() {
    return grants;
  }

  public void setGrants(List<Grant> grants) {
    this.grants = grants;
  }
}
