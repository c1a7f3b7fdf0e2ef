package io.stageline.promotion.gates;

import static io.stageline.promotion.gates.GateEvaluatorFixtures.NOW;
import static io.stageline.promotion.gates.GateEvaluatorFixtures.input;
import static io.stageline.promotion.gates.GateEvaluatorFixtures.promotion;
import static io.stageline.promotion.gates.GateEvaluatorFixtures.target;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.stageline.api.v1alpha1.Gate;
import io.stageline.api.v1alpha1.ObjectRef;
import io.stageline.api.v1alpha1.PromotionStatus.GateStatus.State;
import io.stageline.testing.OperatorExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** How a condition gate judges the object it names, read from the API (no informer bound: read and polled). */
class ConditionGateEvaluatorTest {
  @RegisterExtension OperatorExtension op = OperatorExtension.apiOnly();
  ConditionGateEvaluator evaluator;

  @BeforeEach
  void evaluator() {
    evaluator = new ConditionGateEvaluator(op.client(), new GateWatches(op.client(), name -> null));
    op.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("shop-prod").endMetadata().build())
        .create();
  }

  @Test
  void aMissingJobWaitsWithoutPollingForJobsAreWatched() {
    GateResult r = evaluator.evaluate(input(promotion("shop-prod", "alice"), gate("batch/v1", "Job", "smoke", "Complete", null),
        target("production"), null, List.of()));

    assertThat(r.state()).isEqualTo(State.Waiting);
    assertThat(r.message()).isEqualTo("Job shop-prod/smoke not found");
    assertThat(r.pollAfter()).isNull();
  }

  @Test
  void aKindNeitherWatchedNorServedIsReadAgainAfterHalfTheTimeWaitedBetweenFiveSecondsAndFiveMinutes() {
    Gate run = gate("tekton.dev/v1", "PipelineRun", "build-7", "Succeeded", null);

    assertThat(evaluator.evaluate(input(promotion("shop-prod", "alice"), run, target("production"), null, List.of())).pollAfter())
        .isEqualTo(Duration.ofSeconds(5));
    assertThat(evaluator.evaluate(input(promotion("shop-prod", "alice"), run, target("production"),
        NOW.minus(Duration.ofMinutes(4)), List.of())).pollAfter()).isEqualTo(Duration.ofMinutes(2));
    assertThat(evaluator.evaluate(input(promotion("shop-prod", "alice"), run, target("production"),
        NOW.minus(Duration.ofHours(3)), List.of())).pollAfter()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void theWantedStatusPassesAndAnyOtherWaitsShowingWhatTheConditionSays() {
    job("smoke", Map.of("type", "Complete", "status", "False", "reason", "Running"));
    Gate complete = gate("batch/v1", "Job", "smoke", "Complete", null);

    GateResult waiting = evaluator.evaluate(input(promotion("shop-prod", "alice"), complete, target("production"), null, List.of()));
    assertThat(waiting.state()).isEqualTo(State.Waiting);
    assertThat(waiting.message()).isEqualTo("waiting for Job shop-prod/smoke Complete=True (Complete is False (Running))");

    GateResult passed = evaluator.evaluate(input(promotion("shop-prod", "alice"),
        gate("batch/v1", "Job", "smoke", "Complete", "False"), target("production"), null, List.of()));
    assertThat(passed.state()).isEqualTo(State.Passed);
    assertThat(passed.message()).isEqualTo("Job shop-prod/smoke: Complete is False");
  }

  @Test
  void aFailedJobFailsTheGateWithItsReason() {
    job("smoke", Map.of("type", "Failed", "status", "True", "reason", "BackoffLimitExceeded", "message", "Job has reached the specified backoff limit"));

    GateResult r = evaluator.evaluate(input(promotion("shop-prod", "alice"), gate("batch/v1", "Job", "smoke", "Complete", null),
        target("production"), null, List.of()));

    assertThat(r.state()).isEqualTo(State.Failed);
    assertThat(r.message()).isEqualTo("Job shop-prod/smoke failed: Failed is True (BackoffLimitExceeded: Job has reached the specified backoff limit)");
  }

  @Test
  void aClusterScopedObjectIsReadForTheTargetsRequiredGateOnlyAndWithoutANamespace() {
    Gate established = gate("apiextensions.k8s.io/v1", "CustomResourceDefinition", "promotions.stageline.io", "Established", null);

    GateResult required = evaluator.evaluate(input(promotion("shop-prod", "alice"), established,
        target("production", gate("apiextensions.k8s.io/v1", "CustomResourceDefinition", "promotions.stageline.io", "Established", null)),
        null, List.of()));
    assertThat(required.state()).isEqualTo(State.Passed);
    assertThat(required.message()).isEqualTo("CustomResourceDefinition promotions.stageline.io: Established is True");

    GateResult own = evaluator.evaluate(input(promotion("shop-prod", "alice"), established, target("production"), null, List.of()));
    assertThat(own.state()).isEqualTo(State.Failed);
    assertThat(own.message()).startsWith("CustomResourceDefinition promotions.stageline.io is cluster-scoped: only the platform's required gates");
  }

  private void job(String name, Map<String, Object> condition) {
    var job = op.client().resource(new io.fabric8.kubernetes.api.model.batch.v1.JobBuilder()
        .withNewMetadata().withName(name).withNamespace("shop-prod").endMetadata()
        .withNewSpec().withNewTemplate().withNewSpec().addNewContainer().withName("t").withImage("busybox").endContainer()
        .withRestartPolicy("Never").endSpec().endTemplate().endSpec().build()).create();
    var generic = op.client().genericKubernetesResources("batch/v1", "Job").inNamespace("shop-prod").withName(name).get();
    generic.setAdditionalProperty("status", Map.of("conditions", List.of(condition)));
    op.client().genericKubernetesResources("batch/v1", "Job").inNamespace("shop-prod").resource(generic).updateStatus();
  }

  static Gate gate(String apiVersion, String kind, String name, String type, String status) {
    Gate g = new Gate();
    Gate.ConditionGate c = new Gate.ConditionGate();
    ObjectRef ref = new ObjectRef();
    ref.setApiVersion(apiVersion);
    ref.setKind(kind);
    ref.setName(name);
    c.setRef(ref);
    c.setType(type);
    c.setStatus(status);
    g.setCondition(c);
    return g;
  }
}
