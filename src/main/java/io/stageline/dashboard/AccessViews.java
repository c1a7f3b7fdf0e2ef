package io.stageline.dashboard;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.stageline.api.v1alpha1.AccessPolicy;
import io.stageline.api.v1alpha1.AccessPolicySpec.EnvironmentSelector;
import io.stageline.api.v1alpha1.AccessPolicySpec.Grant;
import io.stageline.api.v1alpha1.AccessPolicyStatus;
import io.stageline.api.v1alpha1.AccessPolicyStatus.Binding;
import io.stageline.api.v1alpha1.AccessPolicyStatus.EmergencyGrant;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.SubjectRef;
import io.stageline.dashboard.DashboardSnapshot.AccessCell;
import io.stageline.dashboard.DashboardSnapshot.AccessMatrix;
import io.stageline.dashboard.DashboardSnapshot.AccessRow;
import io.stageline.dashboard.DashboardSnapshot.EmergencyView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The access matrix (subjects x environments x levels) and the active emergency grants. What the
 * operator bound ({@code status.bindings}) is shown as is; a policy it has not bound yet is shown from
 * its spec, marked pending, so that the page never claims access that does not exist.
 */
final class AccessViews {
  private static final List<String> LEVELS = List.of("read", "write", "deploy", "approve", "admin");
  private static final List<String> KINDS = List.of("Group", "User", "ServiceAccount");

  private final Instant now;
  private final List<Environment> environments;
  private final Map<String, String> environmentByNamespace = new LinkedHashMap<>();

  AccessViews(Instant now, List<Environment> environmentsInPathOrder) {
    this.now = now;
    this.environments = environmentsInPathOrder;
    for (Environment env : environmentsInPathOrder) {
      String ns = env.getStatus() != null && env.getStatus().getNamespace() != null
          ? env.getStatus().getNamespace() : env.targetNamespace();
      environmentByNamespace.put(ns, env.getMetadata().getName());
    }
  }

  AccessMatrix matrix(Collection<AccessPolicy> policies) {
    Map<String, Map<String, List<AccessCell>>> bySubject = new TreeMap<>(subjectOrder());
    for (AccessPolicy policy : policies) {
      String name = policy.getMetadata().getName();
      AccessPolicyStatus status = policy.getStatus();
      if (status != null && status.getBindings() != null && !status.getBindings().isEmpty()) {
        for (Binding b : status.getBindings()) {
          String env = environmentByNamespace.getOrDefault(b.getNamespace(), b.getNamespace());
          add(bySubject, b.getSubject(), env, new AccessCell(b.getAccess(), name, b.getExpiresAt() != null, false));
        }
      } else if (status == null || status.getPhase() == null || status.getPhase() == AccessPolicyStatus.Phase.Active) {
        for (Grant g : grants(policy)) {
          if (g.getEmergency() != null && !inFuture(g.getEmergency().getExpiresAt())) {
            continue;
          }
          for (Environment env : selected(policy)) {
            for (SubjectRef s : g.getSubjects()) {
              add(bySubject, s.toString(), env.getMetadata().getName(),
                  new AccessCell(g.getAccess() == null ? null : g.getAccess().name(), name, g.getEmergency() != null, true));
            }
          }
        }
      }
    }
    List<AccessRow> rows = new ArrayList<>();
    bySubject.forEach((subject, cells) -> {
      cells.values().forEach(list -> list.sort(Comparator.comparingInt(c -> LEVELS.indexOf(c.level()))));
      int colon = subject.indexOf(':');
      rows.add(new AccessRow(subject, colon < 0 ? null : subject.substring(0, colon),
          colon < 0 ? subject : subject.substring(colon + 1), cells));
    });
    List<String> columns = new ArrayList<>(environments.stream().map(e -> e.getMetadata().getName()).toList());
    bySubject.values().forEach(cells -> cells.keySet().stream().filter(k -> !columns.contains(k)).forEach(columns::add));
    return new AccessMatrix(columns, rows);
  }

  /** Emergency grants not yet expired, soonest expiry first, with the seconds left at snapshot time. */
  List<EmergencyView> emergencies(Collection<AccessPolicy> policies) {
    List<EmergencyView> views = new ArrayList<>();
    for (AccessPolicy policy : policies) {
      String name = policy.getMetadata().getName();
      AccessPolicyStatus status = policy.getStatus();
      List<String> envs = selected(policy).stream().map(e -> e.getMetadata().getName()).toList();
      if (status != null && status.getEmergencyGrants() != null && !status.getEmergencyGrants().isEmpty()) {
        for (EmergencyGrant g : status.getEmergencyGrants()) {
          if (g.getState() != EmergencyGrant.State.Expired && inFuture(g.getExpiresAt())) {
            views.add(new EmergencyView(name, g.getAccess(), g.getSubjects(), envs, g.getReason(), g.getTicket(),
                g.getGrantedAt(), g.getExpiresAt(), secondsUntil(g.getExpiresAt()), false));
          }
        }
      } else if (status == null || status.getPhase() != AccessPolicyStatus.Phase.Expired) {
        for (Grant g : grants(policy)) {
          if (g.getEmergency() != null && inFuture(g.getEmergency().getExpiresAt())) {
            views.add(new EmergencyView(name, g.getAccess() == null ? null : g.getAccess().name(),
                g.getSubjects().stream().map(SubjectRef::toString).toList(), envs, g.getEmergency().getReason(),
                g.getEmergency().getTicket(), null, g.getEmergency().getExpiresAt(),
                secondsUntil(g.getEmergency().getExpiresAt()), true));
          }
        }
      }
    }
    views.sort(Comparator.comparingLong(EmergencyView::secondsRemaining));
    return views;
  }

  private static List<Grant> grants(AccessPolicy policy) {
    return policy.getSpec() == null || policy.getSpec().getGrants() == null ? List.of() : policy.getSpec().getGrants();
  }

  /** The Environments a policy selects: every criterion given (names, stages, labels) must match. */
  private List<Environment> selected(AccessPolicy policy) {
    EnvironmentSelector sel = policy.getSpec() == null ? null : policy.getSpec().getEnvironments();
    if (sel == null) {
      return List.of();
    }
    return environments.stream()
        .filter(e -> sel.getNames() == null || sel.getNames().isEmpty() || sel.getNames().contains(e.getMetadata().getName()))
        .filter(e -> sel.getStages() == null || sel.getStages().isEmpty()
            || (e.getSpec() != null && sel.getStages().contains(e.getSpec().getStage())))
        .filter(e -> sel.getSelector() == null || matches(sel.getSelector(), e.getMetadata().getLabels()))
        .toList();
  }

  static boolean matches(LabelSelector selector, Map<String, String> labels) {
    Map<String, String> l = labels == null ? Map.of() : labels;
    if (selector.getMatchLabels() != null
        && !selector.getMatchLabels().entrySet().stream().allMatch(e -> Objects.equals(l.get(e.getKey()), e.getValue()))) {
      return false;
    }
    for (LabelSelectorRequirement r : selector.getMatchExpressions() == null ? List.<LabelSelectorRequirement>of()
        : selector.getMatchExpressions()) {
      String value = l.get(r.getKey());
      List<String> values = r.getValues() == null ? List.of() : r.getValues();
      boolean ok = switch (r.getOperator()) {
        case "In" -> value != null && values.contains(value);
        case "NotIn" -> value == null || !values.contains(value);
        case "Exists" -> value != null;
        case "DoesNotExist" -> value == null;
        default -> false;
      };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static void add(Map<String, Map<String, List<AccessCell>>> bySubject, String subject, String env, AccessCell cell) {
    List<AccessCell> cells = bySubject.computeIfAbsent(subject, s -> new LinkedHashMap<>())
        .computeIfAbsent(env, e -> new ArrayList<>());
    if (!cells.contains(cell)) {
      cells.add(cell);
    }
  }

  /** Groups first (teams), then users, then service accounts; by name within each. */
  private static Comparator<String> subjectOrder() {
    return Comparator.<String>comparingInt(s -> {
      int i = KINDS.indexOf(s.contains(":") ? s.substring(0, s.indexOf(':')) : s);
      return i < 0 ? KINDS.size() : i;
    }).thenComparing(Comparator.naturalOrder());
  }

  private boolean inFuture(String time) {
    Instant t = SnapshotBuilder.parse(time);
    return t != null && t.isAfter(now);
  }

  private long secondsUntil(String time) {
    Instant t = SnapshotBuilder.parse(time);
    return t == null ? 0 : Math.max(0, Duration.between(now, t).toSeconds());
  }
}
