package io.stageline.environment;

import static org.assertj.core.api.Assertions.assertThat;

import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.EnvironmentStatus.Phase;
import io.stageline.api.v1alpha1.EnvironmentStatus;
import io.stageline.api.v1alpha1.ReleaseRecord;
import io.stageline.testing.Environments;
import org.junit.jupiter.api.Test;

class OwnStatusWritesTest {
  private final OwnStatusWrites filter = new OwnStatusWrites();

  @Test
  void theEventOfItsOwnStatusWriteIsDroppedOnce() {
    Environment before = environment(null);
    EnvironmentStatus ready = status(Phase.Ready);
    filter.writing(before, ready);

    Environment written = environment(status(Phase.Ready));
    assertThat(filter.accept(written, before)).isFalse();
    // the same status again is no longer this write's event
    assertThat(filter.accept(written, before)).isTrue();
  }

  @Test
  void aStatusThatDiffersFromTheWriteReachesTheReconciler() {
    Environment before = environment(null);
    filter.writing(before, status(Phase.Ready));

    // e.g. the Promotion controller recording a release
    EnvironmentStatus promoted = status(Phase.Ready);
    ReleaseRecord release = new ReleaseRecord();
    release.setVersion("1.2.0");
    promoted.setRelease(release);
    assertThat(filter.accept(environment(promoted), before)).isTrue();
  }

  @Test
  void aChangeBesidesTheStatusReachesTheReconciler() {
    Environment before = environment(null);
    filter.writing(before, status(Phase.Ready));

    Environment annotated = environment(status(Phase.Ready));
    annotated.getMetadata().getAnnotations().put("stageline.io/rotate-secrets", "now");
    assertThat(filter.accept(annotated, before)).isTrue();

    Environment respecified = environment(status(Phase.Ready));
    respecified.getMetadata().setGeneration(2L);
    assertThat(filter.accept(respecified, before)).isTrue();
  }

  @Test
  void withoutAWriteOfItsOwnEveryUpdateReachesTheReconciler() {
    assertThat(filter.accept(environment(status(Phase.Ready)), environment(null))).isTrue();
  }

  private static Environment environment(EnvironmentStatus status) {
    Environment env = Environments.development("dev").build();
    env.getMetadata().setGeneration(1L);
    env.setStatus(status);
    return env;
  }

  private static EnvironmentStatus status(Phase phase) {
    EnvironmentStatus status = new EnvironmentStatus();
    status.setPhase(phase);
    status.setNamespace("dev");
    status.setObservedGeneration(1L);
    return status;
  }
}
