package io.stageline.promotion;

import static io.stageline.testing.PromotionPath.jobCondition;
import static io.stageline.testing.PromotionPath.release;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.stageline.api.v1alpha1.Promotion;
import io.stageline.api.v1alpha1.PromotionStatus.Phase;
import io.stageline.api.v1alpha1.Release;
import io.stageline.api.v1alpha1.ReleaseRecord;
import io.stageline.testing.PromotionPath;
import io.stageline.testing.Edits;
import io.stageline.testing.OperatorExtension;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A release travels development -> test -> staging -> production and cannot skip a stage. */
class PromotionPathTest {
  @RegisterExtension OperatorExtension op = OperatorExtension.running();
  PromotionPath f;

  @BeforeEach
  void path() {
    f = PromotionPath.of(op);
    f.path();
  }

  @Test
  void firstStageAcceptsAnyReleaseSetsImagesAndRecordsIt() {
    f.promotion("shop-1-0-0", "development", release("1.0.0"));

    Promotion p = f.awaitPhase("development", "shop-1-0-0", Phase.Succeeded);
    assertThat(p.getStatus().getRelease().getVersion()).isEqualTo("1.0.0");
    assertThat(p.getStatus().getRevision()).isEqualTo(1);
    assertThat(f.shop("development").getSpec().getTemplate().getSpec().getContainers())
        .extracting(c -> c.getImage())
        .containsExactly("registry.example/web:1.0.0", "registry.example/worker:1.0.0");
    ReleaseRecord current = f.env("development").getStatus().getRelease();
    assertThat(current.getVersion()).isEqualTo("1.0.0");
    assertThat(current.getPromotion()).isEqualTo("development/shop-1-0-0");
    assertThat(current.getVerified()).isTrue();
    assertThat(f.env("development").getStatus().getReleaseHistory()).extracting(ReleaseRecord::getRevision).containsExactly(1);
    assertThat(f.env("development").getStatus().getNamespace()).as("the environment reconciler's fields are kept").isEqualTo("development");
    assertThat(f.events("development", "shop-1-0-0", "PromotionSucceeded")).hasSize(1);
  }

  @Test
  void emptyReleaseMeansWhatTheUpstreamRunsNow() {
    f.released("1.0.0", "development");

    f.promotion("next", "test", null);

    Promotion p = f.awaitPhase("test", "next", Phase.Succeeded);
    assertThat(p.getStatus().getRelease().getVersion()).isEqualTo("1.0.0");
    assertThat(p.getStatus().getRelease().getImages()).containsEntry("web", "registry.example/web:1.0.0");
    assertThat(f.shop("test").getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("registry.example/web:1.0.0");
  }

  @Test
  void releaseFromTheUpstreamHistoryIsAccepted() {
    f.released("1.0.0", "development");
    f.released("1.1.0", "development");

    f.promotion("older", "test", new Release("1.0.0", Map.of()));

    Promotion p = f.awaitPhase("test", "older", Phase.Succeeded);
    assertThat(p.getStatus().getRelease().getImages()).as("images filled in from the upstream's record")
        .containsEntry("worker", "registry.example/worker:1.0.0");
  }

  @Test
  void skippingAStageIsRejected() {
    f.released("1.0.0", "development");

    f.promotion("jump", "staging", release("1.0.0"));

    Promotion p = f.awaitPhase("staging", "jump", Phase.Rejected);
    Condition admitted = p.getStatus().findCondition("Admitted").orElseThrow();
    assertThat(admitted.getReason()).isEqualTo("StageSkipped");
    assertThat(admitted.getMessage()).isEqualTo("release 1.0.0 would skip stage \"test\": it ran in \"development\"; "
        + "promote it along development -> test -> staging");
    assertThat(f.events("staging", "jump", "StageSkipped")).singleElement()
        .satisfies(e -> assertThat(e.getType()).isEqualTo("Warning"));
    assertThat(op.audited("jump", "StageSkipped")).hasSize(1);
    assertThat(f.shop("staging").getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .as("nothing touched").isEqualTo("registry.example/web:0.9.0");
  }

  @Test
  void releaseNotInTheUpstreamIsRejected() {
    f.released("1.0.0", "development");

    f.promotion("unknown", "test", release("2.0.0"));

    Condition admitted = f.awaitPhase("test", "unknown", Phase.Rejected).getStatus().findCondition("Admitted").orElseThrow();
    assertThat(admitted.getReason()).isEqualTo("NotInUpstream");
    assertThat(admitted.getMessage()).isEqualTo("release 2.0.0 has not run in upstream \"development\" (it runs 1.0.0)");
  }

  @Test
  void unknownEnvironmentIsRejected() {
    f.promotion("lost", "test", "qa", release("1.0.0"), s -> s);

    Condition admitted = f.awaitPhase("test", "lost", Phase.Rejected).getStatus().findCondition("Admitted").orElseThrow();
    assertThat(admitted.getReason()).isEqualTo("UnknownEnvironment");
    assertThat(admitted.getMessage()).isEqualTo("Environment \"qa\" does not exist");
    assertThat(f.events("test", "lost", "UnknownEnvironment")).hasSize(1);
  }

  @Test
  void promotionOutsideTheEnvironmentsNamespaceIsRejected() {
    f.promotion("elsewhere", "test", "production", release("1.0.0"), s -> s);

    Condition admitted = f.awaitPhase("test", "elsewhere", Phase.Rejected).getStatus().findCondition("Admitted").orElseThrow();
    assertThat(admitted.getReason()).isEqualTo("WrongNamespace");
    assertThat(admitted.getMessage()).isEqualTo(
        "a promotion to Environment \"production\" must be created in its namespace \"production\", not \"test\"");
  }

  @Test
  void oneActivePromotionPerEnvironmentOthersWaitNamingTheOneAhead() {
    f.released("1.0.0", "development");
    f.promotion("first", "test", null, jobCondition("test", "smoke"));
    f.awaitPhase("test", "first", Phase.WaitingForGates);

    f.promotion("second", "test", null);

    Promotion second = f.awaitPhase("test", "second", Phase.Pending);
    assertThat(second.getStatus().getWaitingOn()).isEqualTo("queued behind promotion first (WaitingForGates)");
    assertThat(f.get("test", "first").getStatus().getWaitingOn()).isEqualTo("Job test/smoke not found");

    f.completeJobCreated("test", "smoke");

    f.awaitPhase("test", "first", Phase.Succeeded);
    f.awaitPhase("test", "second", Phase.Succeeded);
  }

  @Test
  void supersedeReplacesWaitingPromotions() {
    f.released("1.0.0", "development");
    f.promotion("stuck", "test", null, jobCondition("test", "never"));
    f.awaitPhase("test", "stuck", Phase.WaitingForGates);

    f.promotion("hotfix", "test", "test", null, s -> {
      s.setSupersede(true);
      return s;
    });

    Promotion stuck = f.awaitPhase("test", "stuck", Phase.Rejected);
    assertThat(stuck.getStatus().findCondition("Admitted").orElseThrow().getMessage()).isEqualTo("superseded by promotion hotfix");
    f.awaitPhase("test", "hotfix", Phase.Succeeded);
  }

  @Test
  void finishedPromotionIsNeverRerun() {
    f.promotion("once", "development", release("1.0.0"));
    Promotion done = f.awaitPhase("development", "once", Phase.Succeeded);
    long decisions = op.operator().context().auditor().recent().stream().filter(e -> "once".equals(e.name())).count();

    Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() -> Edits.edit(f.client().resources(Promotion.class)
        .inNamespace("development").withName("once"), p -> {
          p.getSpec().setRelease(release("1.0.1"));
          return p;
        }));
    assertThat(refused).as("the CRD's CEL rule, enforced by the API").hasMessageContaining("a finished promotion is immutable: create a new one");
    Edits.edit(f.client().resources(Promotion.class).inNamespace("development").withName("once"), p -> {
          p.getMetadata().getLabels().put("touched", "yes");
          return p;
        });

    org.awaitility.Awaitility.await().during(java.time.Duration.ofSeconds(2)).untilAsserted(() -> {
      assertThat(op.operator().context().auditor().recent().stream().filter(e -> "once".equals(e.name())).count())
          .as("no new decision about the finished promotion").isEqualTo(decisions);
      assertThat(f.get("development", "once").getStatus().getCompletedAt()).isEqualTo(done.getStatus().getCompletedAt());
    });
    assertThat(f.env("development").getStatus().getReleaseHistory()).hasSize(1);
  }
}
