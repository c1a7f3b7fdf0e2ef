package io.stageline.dashboard;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.stageline.audit.AuditEvent;
import java.util.List;
import java.util.Map;

/**
 * Everything the dashboard page shows at one moment, as the JSON the page renders. Built from the
 * informer caches by {@link SnapshotBuilder}; holds only status and spec fields of the three kinds and
 * audit decisions, never a Secret's value.
 *
 * @param generatedAt server time the snapshot was built, RFC 3339; the page corrects its clock with it
 * @param synced whether every informer had listed its kind when the snapshot was built
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DashboardSnapshot(
    String generatedAt,
    boolean synced,
    List<DeliveryPath> paths,
    List<Journey> journeys,
    AccessMatrix access,
    List<EmergencyView> emergencies,
    List<AuditEvent> audit) {

  /** Environments linked by their upstream chain, in the order a release travels them. */
  public record DeliveryPath(String name, List<StageView> stages) {}

  /** One Environment as a card: readiness, what runs there, how it differs from upstream, promotions to it. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record StageView(
      String name,
      String stage,
      String upstream,
      String namespace,
      String phase,
      ConditionView ready,
      Integer configRevision,
      ReleaseView release,
      ParityView parity,
      List<FindingView> compliance,
      BackupView backup,
      List<PromotionView> activePromotions,
      List<PromotionView> recentPromotions) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ConditionView(String status, String reason, String message, String since) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ReleaseView(Integer revision, String version, Map<String, String> images, Integer configRevision,
      String promotion, String at, Boolean verified) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ParityView(boolean inParity, String upstream, String upstreamVersion, String version,
      List<String> missingKeys, List<String> extraKeys, List<String> imagesDiffer, String skewSince) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record FindingView(String type, String object, String message) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record BackupView(String state, String schedule, String lastBackup, String restore, String restorePhase,
      String message) {}

  /**
   * A promotion to a stage: its gates with the exact status messages, approvals, and outcome.
   *
   * @param outcome how a finished promotion ended, from its Ready condition (e.g. why it rolled back)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record PromotionView(
      String namespace,
      String name,
      String environment,
      String phase,
      String version,
      Map<String, String> images,
      String previousVersion,
      String requestedBy,
      String waitingOn,
      List<GateView> gates,
      List<GateView> verification,
      ApprovalsView approvals,
      String startedAt,
      String completedAt,
      String outcome) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record GateView(String name, String kind, String state, String message, String since) {}

  /**
   * Approvals of a promotion: who approved (and whether the operator accepted it), and how many are missing.
   *
   * @param required approvals the approval gates need in total, 0 when there is no approval gate
   * @param approvers the groups and users who may approve, as {@code Group:name} / {@code User:name}
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ApprovalsView(int required, int missing, List<String> approvers, List<ApprovalView> given) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ApprovalView(String by, String at, String comment, Boolean accepted, String reason) {}

  /** One release version's way along a path: when it reached each stage and how long it stayed. */
  public record Journey(String path, String version, List<JourneyStep> steps) {}

  /**
   * @param seconds time spent in the stage: until it reached the next stage, else until it was replaced,
   *     else until now (then {@code current} is true)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record JourneyStep(String environment, String stage, String arrivedAt, String leftAt, long seconds,
      boolean current) {}

  /** Subjects (rows) by environments (columns, in path order), each cell the levels granted there. */
  public record AccessMatrix(List<String> environments, List<AccessRow> rows) {}

  public record AccessRow(String subject, String kind, String name, Map<String, List<AccessCell>> cells) {}

  /**
   * @param pending true when taken from the policy's spec because the operator has not bound it yet
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record AccessCell(String level, String policy, boolean emergency, boolean pending) {}

  /**
   * An emergency (break-glass) grant that has not expired.
   *
   * @param secondsRemaining seconds from {@code generatedAt} to {@code expiresAt}; the page counts down from it
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record EmergencyView(String policy, String access, List<String> subjects, List<String> environments,
      String reason, String ticket, String grantedAt, String expiresAt, long secondsRemaining, boolean pending) {}
}
