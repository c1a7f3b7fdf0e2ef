package io.stageline.environment;

import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.Stage;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The upstream must exist, sit on a lower stage, and not lead back to this Environment. */
public final class UpstreamCheck {

  public Optional<InputProblem> check(Environment env, Collection<Environment> all) {
    String upstream = env.getSpec().getUpstream();
    if (upstream == null || upstream.isBlank()) {
      return Optional.empty();
    }
    Map<String, Environment> byName = all.stream()
        .collect(Collectors.toMap(e -> e.getMetadata().getName(), Function.identity(), (a, b) -> a));
    Environment up = byName.get(upstream);
    if (up == null) {
      return problem(Reasons.UPSTREAM_NOT_FOUND, "upstream Environment " + upstream + " does not exist");
    }
    Set<String> path = new LinkedHashSet<>();
    path.add(env.getMetadata().getName());
    for (Environment next = up; next != null; next = byName.get(next.getSpec().getUpstream())) {
      if (!path.add(next.getMetadata().getName())) {
        return problem(Reasons.UPSTREAM_CYCLE,
            "upstream chain is a cycle: " + String.join(" -> ", path) + " -> " + next.getMetadata().getName());
      }
      if (next.getSpec() == null || next.getSpec().getUpstream() == null) {
        break;
      }
    }
    Stage own = env.getSpec().getStage();
    Stage theirs = up.getSpec() == null ? null : up.getSpec().getStage();
    if (theirs != null && own != null && !own.isAbove(theirs)) {
      return problem(Reasons.UPSTREAM_STAGE_NOT_LOWER, "upstream " + upstream + " is stage " + theirs.value()
          + ", which is not below this Environment's stage " + own.value());
    }
    return Optional.empty();
  }

  private static Optional<InputProblem> problem(String reason, String message) {
    return Optional.of(new InputProblem(ConditionTypes.READY, reason, message));
  }
}
