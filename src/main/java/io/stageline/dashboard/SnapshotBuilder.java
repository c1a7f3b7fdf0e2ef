package io.stageline.dashboard;

import io.stageline.api.Labels;
import io.stageline.api.v1alpha1.StatusConditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.stageline.api.v1alpha1.AccessPolicy;
import io.stageline.api.v1alpha1.AccessPolicyStatus;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.EnvironmentStatus;
import io.stageline.api.v1alpha1.Promotion;
import io.stageline.api.v1alpha1.ReleaseRecord;
import io.stageline.audit.AuditEvent;
import io.stageline.dashboard.DashboardSnapshot.DeliveryPath;
import io.stageline.dashboard.DashboardSnapshot.Journey;
import io.stageline.dashboard.DashboardSnapshot.JourneyStep;
import io.stageline.dashboard.DashboardSnapshot.StageView;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Builds a {@link DashboardSnapshot} from the cached Environments, Promotions and AccessPolicies and
 * the recent audit decisions. Pure: no API calls, the time is passed in, so it is unit-tested directly.
 */
public final class SnapshotBuilder {
  /** How many audit decisions and release journeys the page lists. */
  static final int AUDIT_LIMIT = 50;
  static final int JOURNEY_LIMIT = 6;

  private final Instant now;

  public SnapshotBuilder(Instant now) {
    this.now = now;
  }

  public DashboardSnapshot build(Collection<Environment> environments, Collection<Promotion> promotions,
      Collection<AccessPolicy> policies, List<AuditEvent> recentAudit, boolean synced) {
    List<List<Environment>> paths = orderedPaths(environments);
    List<Environment> ordered = paths.stream().flatMap(List::stream).toList();
    Map<String, List<Promotion>> promotionsByTarget = promotions.stream()
        .filter(p -> p.getSpec() != null && p.getSpec().getEnvironment() != null)
        .collect(Collectors.groupingBy(p -> p.getSpec().getEnvironment()));
    PromotionViews promotionViews = new PromotionViews();
    List<DeliveryPath> pathViews = paths.stream()
        .map(path -> new DeliveryPath(pathName(path.get(0)), path.stream()
            .map(env -> stageView(env, promotionsByTarget.getOrDefault(env.getMetadata().getName(), List.of()),
                promotionViews))
            .toList()))
        .toList();
    AccessViews access = new AccessViews(now, ordered);
    return new DashboardSnapshot(
        now.toString(),
        synced,
        pathViews,
        journeys(paths),
        access.matrix(policies),
        access.emergencies(policies),
        recentAudit.stream().limit(AUDIT_LIMIT).toList());
  }

  /**
   * Groups Environments into delivery paths (linked by {@code spec.upstream}) and orders each path
   * from its root down: by distance from the root, then stage, then name. An upstream that does not
   * exist, or a cycle, makes the Environment a root of its own so that nothing disappears.
   */
  static List<List<Environment>> orderedPaths(Collection<Environment> environments) {
    Map<String, Environment> byName = environments.stream()
        .collect(Collectors.toMap(e -> e.getMetadata().getName(), Function.identity(), (a, b) -> a, LinkedHashMap::new));
    Map<String, List<Environment>> byRoot = new LinkedHashMap<>();
    Map<String, Integer> depth = new LinkedHashMap<>();
    for (Environment env : byName.values()) {
      Environment root = env;
      int d = 0;
      Set<String> seen = new HashSet<>();
      seen.add(env.getMetadata().getName());
      Environment up;
      while ((up = byName.get(upstream(root))) != null && seen.add(up.getMetadata().getName())) {
        root = up;
        d++;
      }
      depth.put(env.getMetadata().getName(), d);
      byRoot.computeIfAbsent(root.getMetadata().getName(), k -> new ArrayList<>()).add(env);
    }
    Comparator<Environment> inPathOrder = Comparator
        .<Environment>comparingInt(e -> depth.get(e.getMetadata().getName()))
        .thenComparingInt(SnapshotBuilder::stageOrder)
        .thenComparing(e -> e.getMetadata().getName());
    return byRoot.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(e -> e.getValue().stream().sorted(inPathOrder).toList())
        .toList();
  }

  private static String pathName(Environment root) {
    Map<String, String> labels = root.getMetadata().getLabels();
    String label = labels == null ? null : labels.get(Labels.PATH);
    return label != null ? label : root.getMetadata().getName();
  }

  private static String upstream(Environment env) {
    return env.getSpec() == null ? null : env.getSpec().getUpstream();
  }

  private static int stageOrder(Environment env) {
    return env.getSpec() == null || env.getSpec().getStage() == null ? Integer.MAX_VALUE : env.getSpec().getStage().ordinal();
  }

  private StageView stageView(Environment env, List<Promotion> promotions, PromotionViews promotionViews) {
    EnvironmentStatus status = env.getStatus() == null ? new EnvironmentStatus() : env.getStatus();
    return new StageView(
        env.getMetadata().getName(),
        env.getSpec() == null || env.getSpec().getStage() == null ? null : env.getSpec().getStage().value(),
        upstream(env),
        status.getNamespace() != null ? status.getNamespace() : env.targetNamespace(),
        status.getPhase() == null ? null : status.getPhase().name(),
        condition(status.findCondition(StatusConditions.READY).orElse(null)),
        EnvironmentViews.configRevision(status),
        EnvironmentViews.release(status.getRelease()),
        EnvironmentViews.parity(status),
        EnvironmentViews.compliance(status),
        EnvironmentViews.backup(env, status),
        promotionViews.active(env, promotions),
        promotionViews.recent(env, promotions));
  }

  static DashboardSnapshot.ConditionView condition(Condition c) {
    return c == null ? null
        : new DashboardSnapshot.ConditionView(c.getStatus(), c.getReason(), c.getMessage(), c.getLastTransitionTime());
  }

  /**
   * For each release version, when it reached each stage of its path and how long it stayed there,
   * newest releases first. Taken from every Environment's release history.
   */
  List<Journey> journeys(List<List<Environment>> paths) {
    record Arrival(int order, Environment env, ReleaseRecord record, Instant at, Instant replacedAt) {}
    List<Journey> journeys = new ArrayList<>();
    for (List<Environment> path : paths) {
      Map<String, List<Arrival>> byVersion = new LinkedHashMap<>();
      for (int i = 0; i < path.size(); i++) {
        Environment env = path.get(i);
        List<ReleaseRecord> history = history(env);
        for (int h = 0; h < history.size(); h++) {
          ReleaseRecord r = history.get(h);
          Instant at = parse(r.getAt());
          if (r.getVersion() == null || at == null) {
            continue;
          }
          Instant replacedAt = h + 1 < history.size() ? parse(history.get(h + 1).getAt()) : null;
          byVersion.computeIfAbsent(r.getVersion(), v -> new ArrayList<>()).add(new Arrival(i, env, r, at, replacedAt));
        }
      }
      for (Map.Entry<String, List<Arrival>> e : byVersion.entrySet()) {
        // the first time the version reached each stage (a rollback may bring it back later)
        Map<Integer, Arrival> first = new LinkedHashMap<>();
        e.getValue().stream().sorted(Comparator.comparing(Arrival::at)).forEach(a -> first.putIfAbsent(a.order(), a));
        List<Arrival> arrivals = first.values().stream().sorted(Comparator.comparingInt(Arrival::order)).toList();
        List<JourneyStep> steps = new ArrayList<>();
        for (int k = 0; k < arrivals.size(); k++) {
          Arrival a = arrivals.get(k);
          Instant left = k + 1 < arrivals.size() ? arrivals.get(k + 1).at() : a.replacedAt();
          boolean current = left == null;
          Instant until = current ? now : left;
          steps.add(new JourneyStep(a.env().getMetadata().getName(),
              a.env().getSpec() == null || a.env().getSpec().getStage() == null ? null : a.env().getSpec().getStage().value(),
              a.at().toString(), current ? null : left.toString(),
              Math.max(0, Duration.between(a.at(), until).toSeconds()), current));
        }
        journeys.add(new Journey(pathName(path.get(0)), e.getKey(), steps));
      }
    }
    journeys.sort(Comparator.comparing((Journey j) -> j.steps().stream().map(JourneyStep::arrivedAt)
        .max(Comparator.naturalOrder()).orElse("")).reversed());
    return journeys.stream().limit(JOURNEY_LIMIT).toList();
  }

  /** The release history in order, including the current release when the history does not hold it yet. */
  private static List<ReleaseRecord> history(Environment env) {
    EnvironmentStatus status = env.getStatus();
    if (status == null) {
      return List.of();
    }
    List<ReleaseRecord> history = new ArrayList<>(status.getReleaseHistory() == null ? List.of() : status.getReleaseHistory());
    ReleaseRecord current = status.getRelease();
    if (current != null && history.stream().noneMatch(r -> Objects.equals(r.getRevision(), current.getRevision())
        && Objects.equals(r.getVersion(), current.getVersion()) && Objects.equals(r.getAt(), current.getAt()))) {
      history.add(current);
    }
    history.sort(Comparator.comparing((ReleaseRecord r) -> r.getRevision() == null ? Integer.MAX_VALUE : r.getRevision())
        .thenComparing(r -> r.getAt() == null ? "" : r.getAt()));
    return history;
  }

  static Instant parse(String time) {
    if (time == null || time.isBlank()) {
      return null;
    }
    try {
      return java.time.OffsetDateTime.parse(time).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
