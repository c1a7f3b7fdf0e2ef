package io.stageline.access;

import io.stageline.api.v1alpha1.AccessRequirements;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.Stage;
import io.stageline.api.v1alpha1.SubjectRef;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The authentication rules of one Environment: which subject kinds may be bound there and how long
 * an emergency grant may last. {@code spec.access} wins; production defaults to groups and service
 * accounts only (no individual users). Every stage has a default maximum emergency duration, shortest
 * in production (4h) and longer below it (staging 8h, test 24h, development 72h), so no grant is
 * open-ended.
 */
public record StageAccessRules(Set<SubjectRef.Kind> allowedSubjectKinds, Optional<Duration> maxEmergencyDuration) {
  public static final Duration PRODUCTION_MAX_EMERGENCY = Duration.ofHours(4);
  /** Used when an Environment's stage is unknown: the strictest. */
  private static final Duration UNKNOWN_STAGE_MAX_EMERGENCY = PRODUCTION_MAX_EMERGENCY;

  /** The default maximum emergency duration of a stage. */
  public static Duration defaultMaxEmergency(Stage stage) {
    if (stage == null) {
      return UNKNOWN_STAGE_MAX_EMERGENCY;
    }
    return switch (stage) {
      case production -> PRODUCTION_MAX_EMERGENCY;
      case staging -> Duration.ofHours(8);
      case test -> Duration.ofHours(24);
      case development -> Duration.ofHours(72);
    };
  }

  public static StageAccessRules of(Environment environment) {
    Stage stage = environment.getSpec() == null ? null : environment.getSpec().getStage();
    AccessRequirements access = environment.getSpec() == null ? null : environment.getSpec().getAccess();
    boolean production = stage == Stage.production;
    Set<SubjectRef.Kind> kinds = access != null && access.getAllowedSubjectKinds() != null
        && !access.getAllowedSubjectKinds().isEmpty()
        ? EnumSet.copyOf(access.getAllowedSubjectKinds())
        : production ? EnumSet.of(SubjectRef.Kind.Group, SubjectRef.Kind.ServiceAccount) : EnumSet.allOf(SubjectRef.Kind.class);
    Optional<Duration> max = access != null && access.getMaxEmergencyDuration() != null
        && !access.getMaxEmergencyDuration().isBlank()
        ? Optional.of(parseDuration(access.getMaxEmergencyDuration()))
        : Optional.of(defaultMaxEmergency(stage));
    return new StageAccessRules(kinds, max);
  }

  public boolean allows(SubjectRef subject) {
    return allowedSubjectKinds.contains(subject.getKind());
  }

  /** Parses the schema's form, e.g. {@code 4h}, {@code 1h30m}, {@code 90s}. */
  static Duration parseDuration(String text) {
    return Duration.parse("PT" + text.toUpperCase(Locale.ROOT));
  }
}
