package io.stageline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One gate: exactly one of condition, job, soak, window, approval or metric. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "[has(self.condition), has(self.job), has(self.soak), has(self.window), has(self.approval), has(self.metric)]"
        + ".filter(x, x).size() == 1",
    message = "a gate is exactly one of condition, job, soak, window, approval or metric")
public class Gate {
  @JsonPropertyDescription("Optional name shown in status; defaults to the gate's kind and position.")
  @Size(max = Bounds.GATE_NAME_LENGTH)
  private String name;

  @JsonPropertyDescription("Passes while the named object's status condition has the given status (default True).")
  private ConditionGate condition;
  @JsonPropertyDescription("Runs a test Job from a template in the target namespace; passes when it succeeds, fails when it fails or times out.")
  private JobGate job;
  @JsonPropertyDescription("Passes once the release has run in the upstream Environment for at least the given duration.")
  private SoakGate soak;
  @JsonPropertyDescription("Passes only inside allowed days and hours in a time zone, outside freezes and deny periods.")
  private WindowGate window;
  @JsonPropertyDescription("Passes once enough distinct approvers from the given groups or users have approved in spec.approvals.")
  private ApprovalGate approval;

  @JsonPropertyDescription("A PromQL query measured every interval against the operator's Prometheus "
      + "(--prometheus-url); see docs/promotion.md.")
  private MetricGate metric;

  /** The gate's kind as shown in status. */
  @JsonIgnore
  public String kind() {
    if (condition != null) return "condition";
    if (job != null) return "job";
    if (soak != null) return "soak";
    if (window != null) return "window";
    if (approval != null) return "approval";
    if (metric != null) return "metric";
    return "unknown";
  }

  /** Any object's status condition must have the given status (default True). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ConditionGate {
    @JsonPropertyDescription("The object whose status.conditions are read; the operator checks it may read it (else the gate reports Forbidden). Required.")
    @Required private ObjectRef ref;
    @JsonPropertyDescription("Condition type to look for, e.g. Ready or Available. Required.")
    @Size(max = Bounds.CONDITION_TYPE_LENGTH)
    @Required private String type;
    @JsonPropertyDescription("Status the condition must have: True, False or Unknown (default True).")
    @Size(max = Bounds.CONDITION_STATUS_LENGTH)
    private String status;

    public ObjectRef getRef() {
      return ref;
    }

    public void setRef(ObjectRef ref) {
      this.ref = ref;
    }

    public String getType() {
      return type;
    }

    public void setType(String type) {
      this.type = type;
    }

    public String getStatus() {
      return status;
    }

    public void setStatus(String status) {
      this.status = status;
    }
  }

  /** A test Job the operator runs from a template and waits for. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class JobGate {
    @Required
    @PreserveUnknownFields
    @JsonPropertyDescription("A batch/v1 JobSpec; STAGELINE_VERSION and STAGELINE_IMAGE_<CONTAINER> are set in its containers.")
    private JsonNode template;

    @Pattern("^([0-9]+h)?([0-9]+m)?([0-9]+s)?$")
    @JsonPropertyDescription("How long to wait for the Job (default 30m).")
    @Size(max = Bounds.DURATION_LENGTH)
    private String timeout;

    /** Kept as plain JSON so that the API server keeps every field of the JobSpec (no pruning). */
    public JsonNode getTemplate() {
      return template;
    }

    public void setTemplate(JsonNode template) {
      this.template = template;
    }

    public String getTimeout() {
      return timeout;
    }

    public void setTimeout(String timeout) {
      this.timeout = timeout;
    }
  }

  /** The release has run in the upstream for at least this long. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class SoakGate {
    @Required
    @JsonPropertyDescription("How long the release must have run in the upstream, e.g. 1d, 4h or 30m. Required.")
    @Pattern("^([0-9]+d)?([0-9]+h)?([0-9]+m)?([0-9]+s)?$")
    @Size(max = Bounds.DURATION_LENGTH)
    private String duration;

    public String getDuration() {
      return duration;
    }

    public void setDuration(String duration) {
      this.duration = duration;
    }
  }

  /** Allowed days and hours in a time zone, with freezes. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public static class WindowGate {
    @Required
    @JsonPropertyDescription("IANA time zone, e.g. Europe/Berlin.")
    @Pattern("^[A-Za-z][-A-Za-z0-9_+/]*$")
    @Size(max = Bounds.TIME_ZONE_LENGTH)
    private String timeZone;

    @JsonPropertyDescription("Mon, Tue, Wed, Thu, Fri, Sat, Sun; all days when empty.")
    @Size(max = Bounds.WEEK_DAYS)
    private List<Day> days = new ArrayList<>();

    @JsonPropertyDescription("HH:MM, 00:00 to 23:59 (default 00:00).")
    @Pattern("^([01][0-9]|2[0-3]):[0-5][0-9]$")
    private String start;

    @JsonPropertyDescription("HH:MM, 00:00 to 24:00 (default 24:00, the end of the day); an end before the start "
        + "crosses midnight: 22:00 to 02:00 opens on the listed days at 22:00 and closes at 02:00 the next morning.")
    @Pattern("^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$")
    private String end;

    @JsonPropertyDescription("Whole days (inclusive dates in the time zone) with no promotions.")
    @Size(max = Bounds.CALENDAR_ENTRIES)
    private List<Freeze> freezes = new ArrayList<>();

    @JsonPropertyDescription("RFC 5545 recurring windows the gate is open in; when given they replace days, start "
        + "and end.")
    @Size(max = Bounds.CALENDAR_ENTRIES)
    private List<Recurrence> allow = new ArrayList<>();

    @JsonPropertyDescription("RFC 5545 recurring periods the gate is closed in, whatever allows it (e.g. the last "
        + "week of each quarter).")
    @Size(max = Bounds.CALENDAR_ENTRIES)
    private List<Recurrence> deny = new ArrayList<>();

    public List<Recurrence> getAllow() {
      return allow;
    }

    public void setAllow(List<Recurrence> allow) {
      this.allow = allow;
    }

    public List<Recurrence> getDeny() {
      return deny;
    }

    public void setDeny(List<Recurrence> deny) {
      this.deny = deny;
    }

    public enum Day {
      Mon,
      Tue,
      Wed,
      Thu,
      Fri,
      Sat,
      Sun
    }

    public String getTimeZone() {
      return timeZone;
    }

    public void setTimeZone(String timeZone) {
      this.timeZone = timeZone;
    }

    public List<Day> getDays() {
      return days;
    }

    public void setDays(List<Day> days) {
      this.days = days;
    }

    public String getStart() {
      return start;
    }

    public void setStart(String start) {
      this.start = start;
    }

    public String getEnd() {
      return end;
    }

    public void setEnd(String end) {
      this.end = end;
    }

    public List<Freeze> getFreezes() {
      return freezes;
    }

    public void setFreezes(List<Freeze> freezes) {
      this.freezes = freezes;
    }
  }

  /**
   * A recurring period as a calendar holds it (RFC 5545): the first occurrence's local start in the
   * window's time zone, how long each lasts, how it repeats (RRULE) and which occurrences are skipped.
   */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public static class Recurrence {
    @Required
    @JsonPropertyDescription("Local date and time of the first occurrence in the window's time zone (DTSTART), "
        + "e.g. 2026-01-05T22:00.")
    @Pattern("^[0-9]{4}-[0-9]{2}-[0-9]{2}T([01][0-9]|2[0-3]):[0-5][0-9]$")
    private String start;

    @Required
    @JsonPropertyDescription("How long each occurrence lasts, e.g. 4h or 7d (days count on the calendar, hours "
        + "and minutes as elapsed time, as RFC 5545 says; at most 99d).")
    @Pattern("^([0-9]{1,2}d)?([0-9]{1,4}h)?([0-9]{1,6}m)?$")
    private String duration;

    @JsonPropertyDescription("RFC 5545 recurrence rule without the RRULE: prefix, e.g. FREQ=WEEKLY;BYDAY=MO,TU,WE,TH "
        + "or FREQ=MONTHLY;BYDAY=1TU; a one-off period when absent.")
    @Size(max = 512)
    @Pattern("^[A-Z0-9=;,+-]*$")
    private String rrule;

    @JsonPropertyDescription("Local start times (as in start) of occurrences that do not happen (EXDATE).")
    @Size(max = Bounds.CALENDAR_ENTRIES)
    private List<String> exceptions = new ArrayList<>();

    @JsonPropertyDescription("Shown while this period holds the gate, e.g. why a deny period exists.")
    @Size(max = 256)
    private String reason;

    public String getStart() {
      return start;
    }

    public void setStart(String start) {
      this.start = start;
    }

    public String getDuration() {
      return duration;
    }

    public void setDuration(String duration) {
      this.duration = duration;
    }

    public String getRrule() {
      return rrule;
    }

    public void setRrule(String rrule) {
      this.rrule = rrule;
    }

    public List<String> getExceptions() {
      return exceptions;
    }

    public void setExceptions(List<String> exceptions) {
      this.exceptions = exceptions;
    }

    public String getReason() {
      return reason;
    }

    public void setReason(String reason) {
      this.reason = reason;
    }
  }

  /** A date range (inclusive, in the window's time zone) with no promotions. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Freeze {
    @Required
    @JsonPropertyDescription("First frozen day, YYYY-MM-DD in the window's time zone (inclusive). Required.")
    @Pattern("^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
    private String from;

    @Required
    @JsonPropertyDescription("Last frozen day, YYYY-MM-DD in the window's time zone (inclusive). Required.")
    @Pattern("^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
    private String to;

    @JsonPropertyDescription("Why the freeze exists; shown while it holds the gate. Optional.")
    @Size(max = Bounds.REASON_LENGTH)
    private String reason;

    public String getFrom() {
      return from;
    }

    public void setFrom(String from) {
      this.from = from;
    }

    public String getTo() {
      return to;
    }

    public void setTo(String to) {
      this.to = to;
    }

    public String getReason() {
      return reason;
    }

    public void setReason(String reason) {
      this.reason = reason;
    }
  }

  /** N distinct approvers from the given groups or users, each verified with a SubjectAccessReview. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  @ValidationRule(
      value = "(has(self.groups) && size(self.groups) > 0) || (has(self.users) && size(self.users) > 0)",
      message = "an approval gate names the groups or users who may approve")
  public static class ApprovalGate {
    @Required
    @JsonPropertyDescription("How many distinct approvers are needed (1 to 20).")
    @Min(1)
    @Max(20)
    private Integer count;

    @JsonPropertyDescription("Groups whose members may approve; each approver is also checked with a SubjectAccessReview. At most 64; groups or users must be given.")
    @Size(max = Bounds.APPROVERS)
    private List<String> groups = new ArrayList<>();

    @JsonPropertyDescription("Users who may approve; the requester never counts. At most 64; groups or users must be given.")
    @Size(max = Bounds.APPROVERS)
    private List<String> users = new ArrayList<>();

    public Integer getCount() {
      return count;
    }

    public void setCount(Integer count) {
      this.count = count;
    }

    public List<String> getGroups() {
      return groups;
    }

    public void setGroups(List<String> groups) {
      this.groups = groups;
    }

    public List<String> getUsers() {
      return users;
    }

    public void setUsers(List<String> users) {
      this.users = users;
    }
  }

  /**
   * A PromQL query against the operator's Prometheus, measured every interval: each measurement
   * inside the threshold range succeeds, outside it fails, and no answer (unreachable, error, empty
   * or not a number) is inconclusive. The gate passes once measurements have succeeded for
   * {@code for}; it fails when failures exceed failureLimit or inconclusive measurements exceed
   * inconclusiveLimit (Argo Rollouts' analysis semantics). In verification, a failure rolls back.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @ValidationRule(value = "has(self.min) || has(self.max)", message = "a metric gate needs min, max or both")
  public static class MetricGate {
    @Required
    @Size(min = 1, max = Bounds.QUERY_LENGTH)
    @JsonPropertyDescription("PromQL instant query; its result must be a scalar or one sample (e.g. an error ratio).")
    private String query;

    @JsonPropertyDescription("Lowest passing value (inclusive); no lower bound when absent.")
    private Double min;

    @JsonPropertyDescription("Highest passing value (inclusive); no upper bound when absent.")
    private Double max;

    @Pattern("^([0-9]{1,4}h)?([0-9]{1,6}m)?([0-9]{1,7}s)?$")
    @JsonPropertyDescription("How long measurements must keep succeeding before the gate passes (default 0s: one "
        + "successful measurement).")
    @com.fasterxml.jackson.annotation.JsonProperty("for")
    private String holdFor;

    @Pattern("^([0-9]{1,4}h)?([0-9]{1,6}m)?([0-9]{1,7}s)?$")
    @JsonPropertyDescription("Time between measurements (default 1m, at least 1s).")
    private String interval;

    @Min(0)
    @Max(100)
    @JsonPropertyDescription("Failed measurements tolerated; one more fails the gate (default 0, at most 100).")
    private Integer failureLimit;

    @Min(0)
    @Max(100)
    @JsonPropertyDescription("Inconclusive measurements tolerated; one more fails the gate (default 0, at most 100).")
    private Integer inconclusiveLimit;

    public String getQuery() {
      return query;
    }

    public void setQuery(String query) {
      this.query = query;
    }

    public Double getMin() {
      return min;
    }

    public void setMin(Double min) {
      this.min = min;
    }

    public Double getMax() {
      return max;
    }

    public void setMax(Double max) {
      this.max = max;
    }

    public String getHoldFor() {
      return holdFor;
    }

    public void setHoldFor(String holdFor) {
      this.holdFor = holdFor;
    }

    public String getInterval() {
      return interval;
    }

    public void setInterval(String interval) {
      this.interval = interval;
    }

    public Integer getFailureLimit() {
      return failureLimit;
    }

    public void setFailureLimit(Integer failureLimit) {
      this.failureLimit = failureLimit;
    }

    public Integer getInconclusiveLimit() {
      return inconclusiveLimit;
    }

    public void setInconclusiveLimit(Integer inconclusiveLimit) {
      this.inconclusiveLimit = inconclusiveLimit;
    }
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public ConditionGate getCondition() {
    return condition;
  }

  public void setCondition(ConditionGate condition) {
    this.condition = condition;
  }

  public JobGate getJob() {
    return job;
  }

  public void setJob(JobGate job) {
    this.job = job;
  }

  public SoakGate getSoak() {
    return soak;
  }

  public void setSoak(SoakGate soak) {
    this.soak = soak;
  }

  public WindowGate getWindow() {
    return window;
  }

  public void setWindow(WindowGate window) {
    this.window = window;
  }

  public MetricGate getMetric() {
    return metric;
  }

  public void setMetric(MetricGate metric) {
    this.metric = metric;
  }

  public ApprovalGate getApproval() {
    return approval;
  }

  public void setApproval(ApprovalGate approval) {
    this.approval = approval;
  }
}
