package io.stageline.promotion;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.EnvironmentStatus;
import io.stageline.api.v1alpha1.Gate;
import io.stageline.api.v1alpha1.Promotion;
import io.stageline.api.v1alpha1.PromotionConditions;
import io.stageline.api.v1alpha1.PromotionSpec;
import io.stageline.api.v1alpha1.Release;
import io.stageline.api.v1alpha1.ReleaseRecord;
import io.stageline.api.v1alpha1.Stage;
import io.stageline.api.v1alpha1.Verification;
import io.stageline.promotion.PromotionAdmission.Decision;
import io.stageline.testing.Environments;
import io.stageline.testing.PromotionPath;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Whether a promotion may start, decided from the Environments alone: the release comes down the path
 * (it ran in the upstream, or it is a revision of the target's own history) and the gates make sense.
 */
class PromotionAdmissionTest {
  private final Map<String, Environment> environments = new HashMap<>();
  private final PromotionAdmission admission = new PromotionAdmission(new KubernetesSerialization(), environments::get);

  /** An Environment on the path (no required gates), running the releases given, the last one now. */
  private Environment env(String name, Stage stage, String upstream, String... versions) {
    Environment env = Environments.of(name, stage).withUpstream(upstream).withRequiredGates().build();
    EnvironmentStatus status = new EnvironmentStatus();
    List<ReleaseRecord> history = new ArrayList<>();
    for (int i = 0; i < versions.length; i++) {
      ReleaseRecord record = new ReleaseRecord();
      record.setRevision(i + 1);
      record.setVersion(versions[i]);
      record.setImages(PromotionPath.release(versions[i]).getImages());
      history.add(record);
    }
    status.setReleaseHistory(history);
    status.setRelease(history.isEmpty() ? null : history.get(history.size() - 1));
    env.setStatus(status);
    environments.put(name, env);
    return env;
  }

  private static Promotion promotion(String namespace, Release release, Consumer<PromotionSpec> change) {
    Promotion p = new Promotion();
    p.setMetadata(new ObjectMetaBuilder().withName("p").withNamespace(namespace).build());
    PromotionSpec spec = new PromotionSpec();
    spec.setEnvironment(namespace);
    spec.setRelease(release);
    change.accept(spec);
    p.setSpec(spec);
    return p;
  }

  private static Promotion promotion(String namespace, Release release, Gate... gates) {
    return promotion(namespace, release, spec -> spec.setGates(new ArrayList<>(List.of(gates))));
  }

  private Environment path() {
    env("development", Stage.development, null, "1.0.0", "1.1.0", "1.2.0");
    env("test", Stage.test, "development", "1.0.0", "1.1.0");
    return env("staging", Stage.staging, "test", "1.0.0");
  }

  @Test
  void aReleaseThatRanInTheUpstreamIsAdmittedWithWhatTheUpstreamRecordedOfIt() {
    Environment staging = path();

    Decision decision = admission.decide(promotion("staging", new Release("1.1.0", null)), staging);

    assertThat(decision.admitted()).isTrue();
    assertThat(decision.release().getVersion()).isEqualTo("1.1.0");
    assertThat(decision.release().getImages()).isEqualTo(PromotionPath.release("1.1.0").getImages());
  }

  @Test
  void withoutAReleaseTheUpstreamsCurrentOneIsPromotedAndAnUpstreamRunningNoneHasNothingToPromote() {
    Environment staging = path();
    assertThat(admission.decide(promotion("staging", null), staging).release().getVersion()).isEqualTo("1.1.0");

    env("test", Stage.test, "development");
    Decision nothing = admission.decide(promotion("staging", null), staging);
    assertThat(nothing.admitted()).isFalse();
    assertThat(nothing.reason()).isEqualTo(PromotionConditions.Reason.NOTHING_TO_PROMOTE);
    assertThat(nothing.message()).isEqualTo("upstream \"test\" runs no release yet: nothing to promote");
  }

  @Test
  void theFirstStageTakesTheReleaseItIsGivenAndNeedsOne() {
    Environment development = env("development", Stage.development, null);

    assertThat(admission.decide(promotion("development", PromotionPath.release("2.0.0")), development).release().getVersion())
        .isEqualTo("2.0.0");
    Decision none = admission.decide(promotion("development", null), development);
    assertThat(none.reason()).isEqualTo(PromotionConditions.Reason.RELEASE_REQUIRED);
    assertThat(none.message()).isEqualTo("Environment \"development\" is the first stage: name the release (version and images) to promote");
  }

  @Test
  void aReleaseThatRanFurtherUpButNotInTheUpstreamWouldSkipAStage() {
    Environment staging = path();

    Decision decision = admission.decide(promotion("staging", new Release("1.2.0", null)), staging);

    assertThat(decision.reason()).isEqualTo(PromotionConditions.Reason.STAGE_SKIPPED);
    assertThat(decision.message()).isEqualTo("release 1.2.0 would skip stage \"test\": it ran in \"development\";"
        + " promote it along development -> test -> staging");
  }

  @Test
  void aReleaseThatRanNowhereOnThePathIsNotInTheUpstream() {
    Environment staging = path();

    Decision decision = admission.decide(promotion("staging", new Release("9.9.9", null)), staging);

    assertThat(decision.reason()).isEqualTo(PromotionConditions.Reason.NOT_IN_UPSTREAM);
    assertThat(decision.message()).isEqualTo("release 9.9.9 has not run in upstream \"test\" (it runs 1.1.0)");
  }

  @Test
  void aRollbackReturnsToARevisionOfTheTargetsOwnHistory() {
    path();
    Environment test = environments.get("test");

    Decision back = admission.decide(promotion("test", null, spec -> spec.setRollbackTo(1)), test);
    assertThat(back.release().getVersion()).isEqualTo("1.0.0");

    Decision unknown = admission.decide(promotion("test", null, spec -> spec.setRollbackTo(7)), test);
    assertThat(unknown.reason()).isEqualTo(PromotionConditions.Reason.UNKNOWN_REVISION);
    assertThat(unknown.message()).isEqualTo("Environment \"test\" has no revision 7 in its release history");
  }

  @Test
  void aTargetOffAValidPathAdmitsNothing() {
    env("development", Stage.development, null, "1.0.0");
    Environment production = env("production", Stage.production, "development");

    Decision decision = admission.decide(promotion("production", new Release("1.0.0", null)), production);

    assertThat(decision.reason()).isEqualTo(PromotionConditions.Reason.INVALID_PATH);
    assertThat(decision.message()).startsWith("Environment \"production\" is not on a valid delivery path: upstream development is stage development");
  }

  @Test
  void whatTheSchemaCannotSayAboutAGateIsRefusedNamingTheGate() {
    Environment staging = path();
    Gate window = new Gate();
    Gate.WindowGate w = new Gate.WindowGate();
    w.setTimeZone("Mars/Olympus_Mons");
    w.setStart("09:00");
    w.setEnd("17:00");
    window.setWindow(w);

    Decision decision = admission.decide(promotion("staging", new Release("1.1.0", null), window), staging);

    assertThat(decision.reason()).isEqualTo(PromotionConditions.Reason.INVALID_GATE);
    assertThat(decision.message()).isEqualTo("gate window-1: unknown time zone \"Mars/Olympus_Mons\" (use an IANA name such as Europe/Berlin)");
  }

  @Test
  void onlyConditionJobAndMetricGatesMayVerifyAfterTheSwitch() {
    Environment staging = path();
    Verification verification = new Verification();
    verification.setGates(new ArrayList<>(List.of(PromotionPath.soak("1h"))));

    Decision decision = admission.decide(
        promotion("staging", new Release("1.1.0", null), spec -> spec.setVerification(verification)), staging);

    assertThat(decision.reason()).isEqualTo(PromotionConditions.Reason.INVALID_GATE);
    assertThat(decision.message())
        .isEqualTo("verification gate soak-1: only condition, job and metric gates can verify a release after the switch");
  }

  @Test
  void aJobGateNeedsContainers() {
    Environment staging = path();
    Gate job = new Gate();
    job.setName("tests");
    Gate.JobGate j = new Gate.JobGate();
    j.setTemplate(new ObjectMapper().valueToTree(Map.of("template", Map.of("spec", Map.of()))));
    job.setJob(j);

    Decision decision = admission.decide(promotion("staging", new Release("1.1.0", null), job), staging);

    assertThat(decision.reason()).isEqualTo(PromotionConditions.Reason.INVALID_GATE);
    assertThat(decision.message()).isEqualTo("gate tests: the Job template needs template.spec.containers");
  }

  @Test
  void aRequestersConditionGateReadsOnlyItsOwnNamespace() {
    Environment staging = path();

    Decision decision = admission.decide(
        promotion("staging", new Release("1.1.0", null), PromotionPath.jobCondition("ci", "release-checks")), staging);

    assertThat(decision.reason()).isEqualTo(PromotionConditions.Reason.GATE_TARGET_NOT_ALLOWED);
    assertThat(decision.message()).startsWith("gate condition-1 reads Job ci/release-checks: a promotion's own condition"
        + " gates read objects in its namespace staging;");
    assertThat(admission.decide(promotion("staging", new Release("1.1.0", null),
        PromotionPath.jobCondition("staging", "release-checks")), staging).admitted()).isTrue();
  }
}
