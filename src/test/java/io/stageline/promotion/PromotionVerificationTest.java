package io.stageline.promotion;

import static io.stageline.testing.PromotionPath.release;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.stageline.api.v1alpha1.Promotion;
import io.stageline.api.v1alpha1.PromotionSpec;
import io.stageline.api.v1alpha1.PromotionStatus.Phase;
import io.stageline.api.v1alpha1.ReleaseRecord;
import io.stageline.api.v1alpha1.Stage;
import io.stageline.api.v1alpha1.Verification;
import io.stageline.testing.PromotionPath;
import io.stageline.testing.OperatorExtension;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** After the switch: verification, automatic rollback, rollbackTo, and a restart in the middle. */
class PromotionVerificationTest {
  @RegisterExtension OperatorExtension op = OperatorExtension.running();
  PromotionPath f;

  @BeforeEach
  void stage() {
    f = PromotionPath.of(op);
    f.environment("development", Stage.development, null);
    f.released("1.0.0", "development");
  }

  @Test
  void failedVerificationRestoresThePreviousRelease() {
    f.promotion("bad", "development", "development", release("1.1.0"), verify(true));
    await().until(() -> f.client().batch().v1().jobs().inNamespace("development").withName("bad-verify-smoke").get() != null);
    assertThat(f.get("development", "bad").getStatus().getPhase()).isEqualTo(Phase.Verifying);
    assertThat(image()).isEqualTo("registry.example/web:1.1.0");

    f.completeJob("development", "bad-verify-smoke", "Failed");

    Promotion p = f.awaitPhase("development", "bad", Phase.RolledBack);
    assertThat(p.getStatus().findCondition("Succeeded").orElseThrow().getMessage()).isEqualTo(
        "verification gate smoke failed: Job development/bad-verify-smoke failed: BackoffLimitExceeded Job has reached the "
            + "specified backoff limit; restored 1.0.0 (revision 1) on Deployment shop");
    assertThat(image()).isEqualTo("registry.example/web:1.0.0");
    ReleaseRecord current = f.env("development").getStatus().getRelease();
    assertThat(current.getVersion()).isEqualTo("1.0.0");
    assertThat(current.getRevision()).isEqualTo(3);
    assertThat(current.getRollbackOf()).isEqualTo(2);
    assertThat(f.env("development").getStatus().getReleaseHistory()).extracting(ReleaseRecord::getVersion, ReleaseRecord::getVerified)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("1.0.0", true), org.assertj.core.groups.Tuple.tuple("1.1.0", false),
            org.assertj.core.groups.Tuple.tuple("1.0.0", true));
    assertThat(f.events("development", "bad", "RolledBack")).singleElement()
        .satisfies(e -> assertThat(e.getType()).isEqualTo("Warning"));
    assertThat(op.audited("bad", "RolledBack")).hasSize(1);
  }

  @Test
  void failedVerificationWithoutRollbackFailsAndKeepsTheRelease() {
    f.promotion("bad", "development", "development", release("1.1.0"), verify(false));

    f.completeJob("development", "bad-verify-smoke", "Failed");

    f.awaitPhase("development", "bad", Phase.Failed);
    assertThat(image()).isEqualTo("registry.example/web:1.1.0");
    assertThat(f.env("development").getStatus().getRelease().getVerified()).isFalse();
  }

  @Test
  void workloadReadinessWaitsForTheRollout() {
    f.promotion("good", "development", "development", release("1.1.0"), spec -> {
      Verification v = new Verification();
      v.setWorkloadReadiness(true);
      spec.setVerification(v);
      return spec;
    });
    await().untilAsserted(() -> assertThat(f.waitingOn("development", "good"))
        .isEqualTo("0 of 1 workloads rolled out; waiting for Deployment shop"));

    Deployment shop = f.shop("development");
    DeploymentStatus status = new DeploymentStatus();
    status.setObservedGeneration(shop.getMetadata().getGeneration());
    status.setReplicas(1);
    status.setUpdatedReplicas(1);
    status.setAvailableReplicas(1);
    shop.setStatus(status);
    f.client().resource(shop).updateStatus();

    f.awaitPhase("development", "good", Phase.Succeeded);
    assertThat(f.env("development").getStatus().getRelease().getVerified()).isTrue();
  }

  @Test
  void rollbackToARevisionIsAPromotionOfThatRelease() {
    f.released("1.1.0", "development");

    f.promotion("back", "development", "development", null, spec -> {
      spec.setRollbackTo(1);
      return spec;
    });

    Promotion p = f.awaitPhase("development", "back", Phase.Succeeded);
    assertThat(p.getStatus().getRelease().getVersion()).isEqualTo("1.0.0");
    assertThat(p.getStatus().getPreviousRelease().getVersion()).isEqualTo("1.1.0");
    assertThat(image()).isEqualTo("registry.example/web:1.0.0");
    assertThat(f.env("development").getStatus().getRelease().getRevision()).isEqualTo(3);
  }

  @Test
  void rollbackToAnUnknownRevisionIsRejected() {
    f.promotion("back", "development", "development", null, spec -> {
      spec.setRollbackTo(7);
      return spec;
    });

    assertThat(f.awaitPhase("development", "back", Phase.Rejected).getStatus().findCondition("Admitted").orElseThrow().getMessage())
        .isEqualTo("Environment \"development\" has no revision 7 in its release history");
  }

  @Test
  void restartDuringVerificationFinishesTheSamePromotionWithoutDoubleEffects() {
    f.promotion("p", "development", "development", release("1.1.0"), verify(true));
    await().until(() -> f.client().batch().v1().jobs().inNamespace("development").withName("p-verify-smoke").get() != null);
    op.stopOperator();

    f.completeJob("development", "p-verify-smoke", "Complete");
    op.startOperator();

    f.awaitPhase("development", "p", Phase.Succeeded);
    assertThat(f.env("development").getStatus().getReleaseHistory()).extracting(ReleaseRecord::getVersion)
        .containsExactly("1.0.0", "1.1.0");
    assertThat(f.client().batch().v1().jobs().inNamespace("development").list().getItems()).hasSize(1);
  }

  private String image() {
    return f.shop("development").getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
  }

  static UnaryOperator<PromotionSpec> verify(boolean rollback) {
    return spec -> {
      Verification v = new Verification();
      v.setGates(List.of(PromotionPath.jobGate("smoke")));
      v.setRollbackOnFailure(rollback);
      spec.setVerification(v);
      return spec;
    };
  }
}
