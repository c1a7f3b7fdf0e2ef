package io.stageline.access;

import io.stageline.api.v1alpha1.AccessPolicyConditions;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.stageline.api.v1alpha1.AccessPolicy;
import io.stageline.api.v1alpha1.AccessPolicySpec.Grant;
import io.stageline.api.v1alpha1.AccessPolicyStatus.EmergencyGrant;
import io.stageline.api.v1alpha1.AccessPolicyStatus.EmergencyGrant.State;
import io.stageline.api.v1alpha1.AccessPolicyStatus.Refusal;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.Stage;
import io.stageline.api.v1alpha1.SubjectRef;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Works out, without touching the cluster, which RoleBindings an AccessPolicy implies at a given
 * instant: one per (namespace, level) for standing grants, one per (namespace, emergency grant) for
 * break-glass grants, minus subjects the stage's rules refuse, minus emergency grants that expired.
 *
 * <p>Emergency expiry per namespace is {@code min(expiresAt, grantedAt + maxEmergencyDuration)},
 * where grantedAt is kept in status: an edit of expiresAt cannot stretch a grant past its cap, and
 * a grant recorded as Expired stays expired (terminal), whatever its spec says later.
 */
public final class BindingPlanner {
  static final int MAX_NAME = 253;

  private BindingPlanner() {}

  public static AccessPlan plan(AccessPolicy policy, Collection<Environment> environments,
      Predicate<String> namespaceExists, Instant now) {
    List<EmergencyGrant> records = copyRecords(policy);
    String invalid = PolicyValidation.problem(policy.getSpec());
    if (invalid != null) {
      return AccessPlan.invalid(invalid, records);
    }
    List<Environment> selected = environments.stream()
        .filter(e -> EnvironmentSelection.selects(policy.getSpec().getEnvironments(), e))
        .sorted(Comparator.comparing(e -> e.getMetadata().getName()))
        .toList();
    List<Environment> ready = selected.stream().filter(e -> namespaceExists.test(e.targetNamespace())).toList();
    List<String> waiting = selected.stream().map(Environment::targetNamespace)
        .filter(ns -> !namespaceExists.test(ns)).toList();

    Planning p = new Planning(policy.getMetadata().getName(), now);
    Set<String> grantsInSpec = new HashSet<>();
    for (Grant grant : policy.getSpec().getGrants()) {
      List<Environment> inStages = ready.stream().filter(e -> inGrantStages(grant, e)).toList();
      if (grant.getEmergency() == null) {
        p.standing(grant, inStages);
      } else {
        String key = grantKey(grant);
        grantsInSpec.add(key);
        p.emergency(grant, key, records, inStages);
      }
    }
    // A withdrawn grant's record goes with it, unless it expired: that memory is what keeps it terminal.
    records.removeIf(r -> r.getState() == State.Active && !grantsInSpec.contains(r.getGrant()));
    records.sort(Comparator.comparing(EmergencyGrant::getGrant));
    p.refusals.sort(Comparator.comparing(Refusal::getEnvironment).thenComparing(Refusal::getSubject)
        .thenComparing(Refusal::getReason));
    return new AccessPlan(null, List.copyOf(p.bindings.values().stream().map(Draft::build).toList()),
        p.refusals, records, p.newlyGranted, p.newlyExpired, p.expiredBindings,
        Optional.ofNullable(p.nextExpiry), p.activeByStage, waiting);
  }

  /** The mutable state of one planning pass. */
  private static final class Planning {
    final String policy;
    final Instant now;
    final Map<String, Draft> bindings = new LinkedHashMap<>();
    final List<Refusal> refusals = new ArrayList<>();
    final List<EmergencyGrant> newlyGranted = new ArrayList<>();
    final List<EmergencyGrant> newlyExpired = new ArrayList<>();
    final Set<String> expiredBindings = new LinkedHashSet<>();
    final Map<Stage, Integer> activeByStage = new EnumMap<>(Stage.class);
    Instant nextExpiry;

    Planning(String policy, Instant now) {
      this.policy = policy;
      this.now = now;
    }

    void standing(Grant grant, List<Environment> ready) {
      for (Environment env : ready) {
        List<SubjectRef> allowed = allowedSubjects(grant, env);
        if (!allowed.isEmpty()) {
          String name = bindingName(policy, grant.getAccess().name());
          draft(env, name, grant, null).subjects.addAll(allowed);
        }
      }
    }

    void emergency(Grant grant, String key, List<EmergencyGrant> records, List<Environment> ready) {
      EmergencyGrant record = records.stream().filter(r -> key.equals(r.getGrant())).findFirst().orElse(null);
      if (record != null && record.getState() == State.Expired) {
        return;
      }
      Instant requested = PolicyValidation.parseTime(grant.getEmergency().getExpiresAt());
      if (record == null && !requested.isAfter(now)) {
        for (SubjectRef subject : grant.getSubjects()) {
          refuse(subject, "*", AccessPolicyConditions.Reason.EMERGENCY_EXPIRY_IN_PAST, "emergency access for " + subject + " expires at "
              + requested + ", which has passed: set a future expiresAt");
        }
        return;
      }
      Instant grantedAt = record == null ? now : Instant.parse(record.getGrantedAt());
      Instant latest = null;
      boolean anyActive = false;
      for (Environment env : ready) {
        StageAccessRules rules = StageAccessRules.of(env);
        Instant effective = rules.maxEmergencyDuration().map(grantedAt::plus)
            .filter(cap -> cap.isBefore(requested)).orElse(requested);
        latest = latest == null || effective.isAfter(latest) ? effective : latest;
        String name = bindingName(policy, grant.getAccess().name() + "-emergency-" + key);
        if (!now.isBefore(effective)) {
          expiredBindings.add(env.targetNamespace() + "/" + name);
          continue;
        }
        List<SubjectRef> allowed = allowedSubjects(grant, env);
        if (allowed.isEmpty()) {
          continue;
        }
        var facts = new DesiredBinding.Emergency(key, grant.getEmergency().getReason(),
            grant.getEmergency().getTicket(), grantedAt, effective);
        draft(env, name, grant, facts).subjects.addAll(allowed);
        nextExpiry = nextExpiry == null || effective.isBefore(nextExpiry) ? effective : nextExpiry;
        activeByStage.merge(env.getSpec().getStage(), 1, Integer::sum);
        anyActive = true;
      }
      latest = latest == null ? requested : latest;
      if (record == null) {
        if (anyActive) {
          EmergencyGrant created = newRecord(grant, key, grantedAt, latest);
          records.add(created);
          newlyGranted.add(created);
        }
        return;
      }
      record.setExpiresAt(latest.toString());
      if (!now.isBefore(latest)) {
        record.setState(State.Expired);
        record.setExpiredAt(latest.toString());
        newlyExpired.add(record);
      }
    }

    private List<SubjectRef> allowedSubjects(Grant grant, Environment env) {
      StageAccessRules rules = StageAccessRules.of(env);
      List<SubjectRef> allowed = new ArrayList<>();
      for (SubjectRef subject : grant.getSubjects()) {
        if (rules.allows(subject)) {
          allowed.add(subject);
        } else {
          refuse(subject, env.getMetadata().getName(), AccessPolicyConditions.Reason.SUBJECT_KIND_NOT_ALLOWED,
              subject + " cannot be granted " + grant.getAccess() + " in " + env.getMetadata().getName() + ": stage "
                  + env.getSpec().getStage() + " allows only " + rules.allowedSubjectKinds().stream()
                  .map(Enum::name).sorted().collect(Collectors.joining(", ")));
        }
      }
      return allowed;
    }

    private Draft draft(Environment env, String name, Grant grant, DesiredBinding.Emergency emergency) {
      return bindings.computeIfAbsent(env.targetNamespace() + "/" + name,
          k -> new Draft(env, name, grant, emergency));
    }

    /** Records a refusal once per (subject, environment, reason), however many grants repeat it. */
    private void refuse(SubjectRef subject, String environment, String reason, String message) {
      Refusal r = new Refusal();
      r.setSubject(subject.toString());
      r.setEnvironment(environment);
      r.setReason(reason);
      r.setMessage(message);
      if (refusals.stream().noneMatch(x -> x.getSubject().equals(r.getSubject())
          && x.getEnvironment().equals(environment) && x.getReason().equals(reason))) {
        refusals.add(r);
      }
    }
  }

  /** A binding being assembled from one or more grants. */
  private static final class Draft {
    final Environment env;
    final String name;
    final Grant grant;
    final DesiredBinding.Emergency emergency;
    final LinkedHashSet<SubjectRef> subjects = new LinkedHashSet<>();

    Draft(Environment env, String name, Grant grant, DesiredBinding.Emergency emergency) {
      this.env = env;
      this.name = name;
      this.grant = grant;
      this.emergency = emergency;
    }

    DesiredBinding build() {
      return new DesiredBinding(env.targetNamespace(), name, env.getMetadata().getName(), env.getSpec().getStage(),
          grant.getAccess(), List.copyOf(subjects), emergency);
    }
  }

  private static EmergencyGrant newRecord(Grant grant, String key, Instant grantedAt, Instant expiresAt) {
    EmergencyGrant r = new EmergencyGrant();
    r.setGrant(key);
    r.setAccess(grant.getAccess().name());
    r.setSubjects(grant.getSubjects().stream().map(SubjectRef::toString).toList());
    r.setReason(grant.getEmergency().getReason());
    r.setTicket(grant.getEmergency().getTicket());
    r.setGrantedAt(grantedAt.toString());
    r.setExpiresAt(expiresAt.toString());
    r.setState(State.Active);
    return r;
  }

  /**
   * An emergency grant's identity: a hash of its level, subjects, reason and ticket. Editing only
   * expiresAt keeps the identity (so an expired grant stays expired); a new reason or ticket is a new grant.
   */
  /** A grant without stages applies in every selected Environment; with stages, in those of its stages. */
  static boolean inGrantStages(Grant grant, Environment env) {
    return grant.getStages() == null || grant.getStages().isEmpty()
        || (env.getSpec() != null && grant.getStages().contains(env.getSpec().getStage()));
  }

  public static String grantKey(Grant grant) {
    String subjects = grant.getSubjects().stream().map(SubjectRef::toString).sorted().collect(Collectors.joining(","));
    // stages join the key only when given, so the keys of grants recorded before stages existed stay the same
    String stages = grant.getStages() == null || grant.getStages().isEmpty() ? ""
        : "|" + grant.getStages().stream().map(Enum::name).sorted().collect(Collectors.joining(","));
    String text = grant.getAccess() + "|" + subjects + "|" + grant.getEmergency().getReason() + "|"
        + grant.getEmergency().getTicket() + stages;
    return hash(text).substring(0, 10);
  }

  /** stageline-POLICY-SUFFIX, shortened with a hash of the policy name when over the 253-character limit. */
  static String bindingName(String policy, String suffix) {
    String name = "stageline-" + policy + "-" + suffix;
    if (name.length() <= MAX_NAME) {
      return name;
    }
    int keep = MAX_NAME - "stageline-".length() - suffix.length() - 10;
    return "stageline-" + policy.substring(0, keep) + "-" + hash(policy).substring(0, 8) + "-" + suffix;
  }

  static String hash(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<EmergencyGrant> copyRecords(AccessPolicy policy) {
    List<EmergencyGrant> records = new ArrayList<>();
    if (policy.getStatus() != null && policy.getStatus().getEmergencyGrants() != null) {
      for (EmergencyGrant r : policy.getStatus().getEmergencyGrants()) {
        records.add(Serialization.unmarshal(Serialization.asJson(r), EmergencyGrant.class));
      }
    }
    return records;
  }
}
