package io.stageline.environment;

import io.stageline.conditions.InputProblem;
import io.stageline.api.v1alpha1.StatusConditions;
import io.stageline.api.v1alpha1.EnvironmentConditions;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.Stage;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The upstream must exist, sit on the stage just below (development < test < staging < production),
 * and not lead back to this Environment; production
 * has one unless the platform made it an entry stage ({@code spec.promotionPolicy.entryStage}), so
 * that the dev -> test -> staging -> production path cannot be left out.
 */
public final class UpstreamCheck {

  public Optional<InputProblem> check(Environment env, Collection<Environment> all) {
    String upstream = env.getSpec().getUpstream();
    if (upstream == null || upstream.isBlank()) {
      if (env.getSpec().getStage() == Stage.production && !entryStage(env)) {
        return problem(EnvironmentConditions.Reason.UPSTREAM_REQUIRED, "a production Environment receives its releases from a lower stage:"
            + " set spec.upstream (or spec.promotionPolicy.entryStage: true to let releases enter the path here)");
      }
      return Optional.empty();
    }
    Map<String, Environment> byName = all.stream()
        .collect(Collectors.toMap(e -> e.getMetadata().getName(), Function.identity(), (a, b) -> a));
    Environment up = byName.get(upstream);
    if (up == null) {
      return problem(EnvironmentConditions.Reason.UPSTREAM_NOT_FOUND, "upstream Environment " + upstream + " does not exist");
    }
    Set<String> path = new LinkedHashSet<>();
    path.add(env.getMetadata().getName());
    for (Environment next = up; next != null; next = byName.get(next.getSpec().getUpstream())) {
      if (!path.add(next.getMetadata().getName())) {
        return problem(EnvironmentConditions.Reason.UPSTREAM_CYCLE,
            "upstream chain is a cycle: " + String.join(" -> ", path) + " -> " + next.getMetadata().getName());
      }
      if (next.getSpec() == null || next.getSpec().getUpstream() == null) {
        break;
      }
    }
    Stage own = env.getSpec().getStage();
    Stage theirs = up.getSpec() == null ? null : up.getSpec().getStage();
    if (theirs != null && own != null && !own.isAbove(theirs)) {
      return problem(EnvironmentConditions.Reason.UPSTREAM_STAGE_NOT_LOWER, "upstream " + upstream + " is stage " + theirs.value()
          + ", which is not below this Environment's stage " + own.value());
    }
    if (theirs != null && own != null && own.ordinal() - theirs.ordinal() > 1) {
      Stage below = Stage.values()[own.ordinal() - 1];
      return problem(EnvironmentConditions.Reason.UPSTREAM_SKIPS_STAGE, "upstream " + upstream + " is stage " + theirs.value() + ": a "
          + own.value() + " Environment receives its releases from a " + below.value() + " Environment, so that no stage is skipped");
    }
    return Optional.empty();
  }

  private static boolean entryStage(Environment env) {
    return env.getSpec().getPromotionPolicy() != null && Boolean.TRUE.equals(env.getSpec().getPromotionPolicy().getEntryStage());
  }

  private static Optional<InputProblem> problem(String reason, String message) {
    return Optional.of(new InputProblem(StatusConditions.READY, reason, message));
  }
}
