package io.stageline.conditions;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The one place conditions are set. A condition keeps its lastTransitionTime unless its status
 * changes, so that a reconcile that finds nothing new produces an equal status and writes nothing.
 */
public final class Conditions {
  public static final String TRUE = "True";
  public static final String FALSE = "False";
  public static final String UNKNOWN = "Unknown";

  private final List<Condition> conditions;
  private final Long generation;
  private final Clock clock;

  private Conditions(List<Condition> existing, Long generation, Clock clock) {
    this.conditions = new ArrayList<>();
    if (existing != null) {
      existing.forEach(c -> conditions.add(new ConditionBuilder(c).build()));
    }
    this.generation = generation;
    this.clock = clock;
  }

  /** Starts from the conditions a status has now (they are copied, never changed in place). */
  public static Conditions from(List<Condition> existing, Long generation, Clock clock) {
    return new Conditions(existing, generation, clock);
  }

  public Conditions setTrue(String type, String reason, String message) {
    return set(type, TRUE, reason, message);
  }

  public Conditions setFalse(String type, String reason, String message) {
    return set(type, FALSE, reason, message);
  }

  public Conditions set(String type, boolean status, String reason, String message) {
    return set(type, status ? TRUE : FALSE, reason, message);
  }

  public Conditions set(String type, String status, String reason, String message) {
    Optional<Condition> old = find(conditions, type);
    String transition = old.filter(c -> Objects.equals(c.getStatus(), status))
        .map(Condition::getLastTransitionTime)
        .orElseGet(() -> Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString());
    Condition updated = new ConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message == null ? "" : message)
        .withLastTransitionTime(transition)
        .withObservedGeneration(generation)
        .build();
    old.ifPresentOrElse(c -> conditions.set(conditions.indexOf(c), updated), () -> conditions.add(updated));
    return this;
  }

  public Conditions remove(String type) {
    conditions.removeIf(c -> type.equals(c.getType()));
    return this;
  }

  public List<Condition> build() {
    return conditions;
  }

  public static Optional<Condition> find(List<Condition> conditions, String type) {
    return conditions == null ? Optional.empty() : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  public static boolean isTrue(List<Condition> conditions, String type) {
    return find(conditions, type).map(c -> TRUE.equals(c.getStatus())).orElse(false);
  }
}
