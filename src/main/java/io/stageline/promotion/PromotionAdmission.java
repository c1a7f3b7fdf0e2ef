package io.stageline.promotion;

import io.stageline.api.v1alpha1.PromotionConditions;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.ReleaseHistory;
import io.stageline.conditions.InputProblem;
import io.stageline.environment.UpstreamCheck;
import io.stageline.api.v1alpha1.Gate;
import io.stageline.api.v1alpha1.Promotion;
import io.stageline.api.v1alpha1.Release;
import io.stageline.api.v1alpha1.ReleaseRecord;
import io.stageline.promotion.gates.Durations;
import io.stageline.promotion.gates.GateRunner;
import io.stageline.promotion.gates.JobSandbox;
import io.stageline.promotion.gates.WindowCalendar;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Decides whether a promotion may start: its gates make sense, and its release comes down the
 * path (running in, or in the history of, the target's upstream; a rollback returns to a revision
 * of the target's own history). The answer is the release to promote, resolved, or a rejection.
 */
public class PromotionAdmission {
  private final KubernetesSerialization serialization;
  private final Function<String, Environment> environments;

  public PromotionAdmission(KubernetesSerialization serialization, Function<String, Environment> environments) {
    this.serialization = serialization;
    this.environments = environments;
  }

  /** Either a release or a rejection. */
  public record Decision(Release release, String reason, String message) {
    static Decision admit(Release release) {
      return new Decision(release, null, null);
    }

    static Decision reject(String reason, String message) {
      return new Decision(null, reason, message);
    }

    public boolean admitted() {
      return release != null;
    }
  }

  public Decision decide(Promotion p, Environment target) {
    Optional<InputProblem> path = new UpstreamCheck().check(target, chain(target));
    if (path.isPresent()) {
      return Decision.reject(PromotionConditions.Reason.INVALID_PATH, "Environment \"" + name(target)
          + "\" is not on a valid delivery path: " + path.get().message());
    }
    RequiredGates.Plan plan = RequiredGates.plan(p.getSpec().getGates(), target);
    if (plan.refused()) {
      return Decision.reject(plan.reason(), plan.message());
    }
    Optional<String> invalid = invalidGate(p, plan.gates());
    if (invalid.isPresent()) {
      return Decision.reject(PromotionConditions.Reason.INVALID_GATE, invalid.get());
    }
    Optional<String> elsewhere = objectElsewhere(p, plan);
    if (elsewhere.isPresent()) {
      return Decision.reject(PromotionConditions.Reason.GATE_TARGET_NOT_ALLOWED, elsewhere.get());
    }
    Optional<String> unsandboxed = unsandboxedJob(p, plan.gates(), target);
    if (unsandboxed.isPresent()) {
      return Decision.reject(PromotionConditions.Reason.JOB_TEMPLATE_NOT_ALLOWED, unsandboxed.get());
    }
    if (p.getSpec().getRollbackTo() != null) {
      return rollback(p, target);
    }
    Release asked = p.getSpec().getRelease();
    String upstreamName = target.getSpec().getUpstream();
    if (upstreamName == null) {
      return asked == null || asked.isEmpty()
          ? Decision.reject(PromotionConditions.Reason.RELEASE_REQUIRED, "Environment \"" + name(target)
              + "\" is the first stage: name the release (version and images) to promote")
          : Decision.admit(asked);
    }
    Environment upstream = environments.apply(upstreamName);
    if (upstream == null) {
      return Decision.reject(PromotionConditions.Reason.UNKNOWN_UPSTREAM,
          "upstream Environment \"" + upstreamName + "\" of \"" + name(target) + "\" does not exist");
    }
    ReleaseHistory upstreamHistory = ReleaseHistory.of(upstream);
    if (asked == null || asked.isEmpty()) {
      return upstreamHistory.current()
          .map(r -> Decision.admit(ReleaseHistory.toRelease(r)))
          .orElse(Decision.reject(PromotionConditions.Reason.NOTHING_TO_PROMOTE,
              "upstream \"" + upstreamName + "\" runs no release yet: nothing to promote"));
    }
    if (upstreamHistory.contains(asked)) {
      // Fill in what the user left out (images of a version, or the version of images) from the upstream's record.
      ReleaseRecord record = upstreamHistory.firstWith(asked).orElseThrow();
      return Decision.admit(ReleaseHistory.toRelease(record));
    }
    return skippedStage(asked, target, upstream)
        .orElseGet(() -> Decision.reject(PromotionConditions.Reason.NOT_IN_UPSTREAM, "release " + describe(asked)
            + " has not run in upstream \"" + upstreamName + "\""
            + upstreamHistory.current().map(r -> " (it runs " + r.getVersion() + ")").orElse(" (it runs no release yet)")));
  }

  /** The release ran further up the path but not in the upstream: promoting it would skip a stage. */
  private Optional<Decision> skippedStage(Release asked, Environment target, Environment upstream) {
    List<String> path = new ArrayList<>();
    path.add(name(upstream));
    Environment env = upstream;
    for (int hops = 0; hops < 10 && env.getSpec().getUpstream() != null; hops++) {
      env = environments.apply(env.getSpec().getUpstream());
      if (env == null) {
        return Optional.empty();
      }
      path.add(0, name(env));
      if (ReleaseHistory.of(env).contains(asked)) {
        path.add(name(target));
        return Optional.of(Decision.reject(PromotionConditions.Reason.STAGE_SKIPPED, "release " + describe(asked)
            + " would skip stage \"" + name(upstream) + "\": it ran in \"" + name(env)
            + "\"; promote it along " + String.join(" -> ", path)));
      }
    }
    return Optional.empty();
  }

  /** The target and the Environments up its path (bounded, so that a cycle ends). */
  private List<Environment> chain(Environment target) {
    List<Environment> chain = new ArrayList<>(List.of(target));
    Environment env = target;
    for (int hops = 0; hops < 10 && env != null && env.getSpec().getUpstream() != null; hops++) {
      env = environments.apply(env.getSpec().getUpstream());
      if (env != null) {
        chain.add(env);
      }
    }
    return chain;
  }

  private Decision rollback(Promotion p, Environment target) {
    int revision = p.getSpec().getRollbackTo();
    return ReleaseHistory.of(target).revision(revision)
        .map(r -> Decision.admit(ReleaseHistory.toRelease(r)))
        .orElse(Decision.reject(PromotionConditions.Reason.UNKNOWN_REVISION, "Environment \"" + name(target)
            + "\" has no revision " + revision + " in its release history"));
  }

  /** What the schema cannot say: time zones, dates, durations, Job templates (of the required gates too). */
  Optional<String> invalidGate(Promotion p, List<Gate> gates) {
    for (Labelled g : labelled(p, gates)) {
      try {
        check(g.gate(), g.verification());
      } catch (DateTimeException | IllegalArgumentException e) {
        return Optional.of(g.name() + ": " + e.getMessage());
      }
    }
    return Optional.empty();
  }

  /** A gate a promotion runs, before the switch or in its verification, with the name its messages give it. */
  private record Labelled(String name, Gate gate, boolean verification) {}

  private static List<Labelled> labelled(Promotion p, List<Gate> gates) {
    List<Labelled> all = new ArrayList<>();
    for (int i = 0; i < gates.size(); i++) {
      all.add(new Labelled("gate " + GateRunner.nameOf(gates.get(i), i), gates.get(i), false));
    }
    List<Gate> after = p.getSpec().getVerification() == null ? List.of() : p.getSpec().getVerification().getGates();
    for (int i = 0; i < after.size(); i++) {
      all.add(new Labelled("verification gate " + GateRunner.nameOf(after.get(i), i), after.get(i), true));
    }
    return all;
  }

  /**
   * A condition gate the requester wrote that names an object in another namespace: the operator would
   * read it with its own rights and show its conditions to the requester, so the requester's gates stay
   * in the promotion's namespace; the platform names objects elsewhere in the required gates.
   */
  private static Optional<String> objectElsewhere(Promotion p, RequiredGates.Plan plan) {
    // the plan has named every gate, so a required gate left out does not shift the names of the others
    List<Gate> own = plan.gates().stream().filter(g -> !plan.required().contains(g.getName())).toList();
    String namespace = p.getMetadata().getNamespace();
    for (Labelled labelled : labelled(p, own)) {
      Gate g = labelled.gate();
      String other = g.getCondition() == null || g.getCondition().getRef() == null ? null : g.getCondition().getRef().getNamespace();
      if (other != null && !other.equals(namespace)) {
        return Optional.of(labelled.name() + " reads " + g.getCondition().getRef().getKind() + " " + other + "/"
            + g.getCondition().getRef().getName() + ": a promotion's own condition gates read objects in its namespace "
            + namespace + "; objects elsewhere are named by the platform in the Environment's "
            + "spec.promotionPolicy.requiredGates");
      }
    }
    return Optional.empty();
  }

  /** A Job gate (before or after the switch) whose pod asks for more than the Environment allows gates. */
  private Optional<String> unsandboxedJob(Promotion p, List<Gate> gates, Environment target) {
    for (Labelled g : labelled(p, gates)) {
      if (g.gate().getJob() == null) {
        continue;
      }
      JobSpec spec = serialization.convertValue(g.gate().getJob().getTemplate(), JobSpec.class);
      Optional<String> refusal = JobSandbox.refusal(spec.getTemplate().getSpec(), target.getSpec().getPromotionPolicy());
      if (refusal.isPresent()) {
        return Optional.of(g.name() + ": " + refusal.get());
      }
    }
    return Optional.empty();
  }

  private void check(Gate g, boolean verification) {
    if (verification && g.getCondition() == null && g.getJob() == null && g.getMetric() == null) {
      throw new IllegalArgumentException("only condition, job and metric gates can verify a release after the switch");
    }
    if (g.getMetric() != null) {
      for (String duration : new String[] {g.getMetric().getHoldFor(), g.getMetric().getInterval()}) {
        if (duration != null && !duration.isBlank()) {
          Durations.parse(duration);
        }
      }
    }
    if (g.getWindow() != null) {
      String zone = g.getWindow().getTimeZone();
      try {
        ZoneId.of(zone);
      } catch (DateTimeException e) {
        throw new IllegalArgumentException("unknown time zone \"" + zone + "\" (use an IANA name such as Europe/Berlin)");
      }
      g.getWindow().getFreezes().forEach(f -> {
        if (date(f.getTo()).isBefore(date(f.getFrom()))) {
          throw new IllegalArgumentException("freeze " + f.getFrom() + ".." + f.getTo() + " ends before it starts");
        }
      });
      // the CRD's patterns say the same; checked again for objects admitted under an older CRD
      timeOfDay("start", g.getWindow().getStart());
      if (!"24:00".equals(g.getWindow().getEnd())) {
        timeOfDay("end", g.getWindow().getEnd());
      }
      if (g.getWindow().getStart() != null && g.getWindow().getStart().equals(g.getWindow().getEnd())) {
        throw new IllegalArgumentException("window start and end are both " + g.getWindow().getStart()
            + ": the window would never close or never open");
      }
      g.getWindow().getAllow().forEach(WindowCalendar::check);
      g.getWindow().getDeny().forEach(WindowCalendar::check);
    }
    if (g.getSoak() != null) {
      Durations.parse(g.getSoak().getDuration());
    }
    if (g.getJob() != null) {
      if (g.getJob().getTimeout() != null) {
        Durations.parse(g.getJob().getTimeout());
      }
      JobSpec spec = serialization.convertValue(g.getJob().getTemplate() == null ? Map.of() : g.getJob().getTemplate(), JobSpec.class);
      if (spec.getTemplate() == null || spec.getTemplate().getSpec() == null
          || spec.getTemplate().getSpec().getContainers() == null || spec.getTemplate().getSpec().getContainers().isEmpty()) {
        throw new IllegalArgumentException("the Job template needs template.spec.containers");
      }
    }
  }

  private static LocalDate date(String value) {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("freeze date \"" + value + "\" is not a calendar date (YYYY-MM-DD)");
    }
  }

  private static void timeOfDay(String which, String value) {
    if (value == null) {
      return;
    }
    try {
      LocalTime.parse(value);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("window " + which + " \"" + value + "\" is not a time of day (HH:MM, 00:00 to 24:00)");
    }
  }

  static String describe(Release r) {
    return r.getVersion() != null ? r.getVersion() : r.getImages().toString();
  }

  private static String name(Environment e) {
    return e.getMetadata().getName();
  }
}
