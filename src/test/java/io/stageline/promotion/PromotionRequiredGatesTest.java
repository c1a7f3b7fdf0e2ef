package io.stageline.promotion;

import static io.stageline.testing.PromotionPath.release;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.stageline.api.v1alpha1.Promotion;
import io.stageline.api.v1alpha1.PromotionStatus.GateStatus;
import io.stageline.api.v1alpha1.PromotionStatus.Phase;
import io.stageline.api.v1alpha1.Stage;
import io.stageline.testing.PromotionPath;
import io.stageline.testing.Awaits;
import io.stageline.testing.OperatorExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The platform's required gates behave like the promotion's own: evaluated after them, event-driven, shown as required. */
class PromotionRequiredGatesTest {
  @RegisterExtension OperatorExtension op = OperatorExtension.running();

  @Test
  void aRequiredConditionGateOnACiJobElsewhereLetsThePromotionThroughWhenTheJobCompletes() {
    PromotionPath f = PromotionPath.of(op);
    op.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("ci").endMetadata().build()).create();
    f.environment("development", Stage.development, null, spec -> {
      spec.getPromotionPolicy().setRequiredGates(new ArrayList<>(List.of(PromotionPath.jobCondition("ci", "release-checks"))));
    });

    f.promotion("release", "development", release("1.0.0"));
    await().atMost(Awaits.TIMEOUT).untilAsserted(() -> assertThat(f.waitingOn("development", "release"))
        .isEqualTo("Job ci/release-checks not found"));
    f.completeJobCreated("ci", "release-checks");

    Promotion p = f.awaitPhase("development", "release", Phase.Succeeded);
    assertThat(p.getStatus().getGates()).extracting(GateStatus::getName, GateStatus::getRequiredBy)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("required-condition-1", "development"));
    assertThat(f.shop("development").getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("registry.example/web:1.0.0");
  }

  @Test
  void aRequiredConditionGateMayNameAClusterScopedObjectWhichIsReadWithoutANamespace() {
    PromotionPath f = PromotionPath.of(op);
    f.environment("development", Stage.development, null, spec -> {
      spec.getPromotionPolicy().setRequiredGates(new ArrayList<>(List.of(stagelineCrdEstablished())));
    });

    f.promotion("release", "development", release("1.0.0"));

    Promotion p = f.awaitPhase("development", "release", Phase.Succeeded);
    assertThat(p.getStatus().getGates()).singleElement().satisfies(g -> {
      assertThat(g.getRequiredBy()).isEqualTo("development");
      assertThat(g.getMessage()).isEqualTo("CustomResourceDefinition environments.stageline.io: Established is True");
    });
  }

  @Test
  void aRequestersOwnGateOnAClusterScopedObjectFailsSayingOnlyThePlatformMayNameOne() {
    PromotionPath f = PromotionPath.of(op);
    f.environment("development", Stage.development, null);

    f.promotion("release", "development", release("1.0.0"), stagelineCrdEstablished());

    Promotion p = f.awaitPhase("development", "release", Phase.Failed);
    assertThat(p.getStatus().getGates()).singleElement().satisfies(g -> assertThat(g.getMessage()).isEqualTo(
        "CustomResourceDefinition environments.stageline.io is cluster-scoped: only the platform's required gates "
            + "(Environment \"development\" spec.promotionPolicy.requiredGates) may name cluster-scoped objects"));
  }

  private static io.stageline.api.v1alpha1.Gate stagelineCrdEstablished() {
    io.stageline.api.v1alpha1.Gate gate = PromotionPath.jobCondition(null, "environments.stageline.io");
    gate.getCondition().getRef().setApiVersion("apiextensions.k8s.io/v1");
    gate.getCondition().getRef().setKind("CustomResourceDefinition");
    gate.getCondition().setType("Established");
    return gate;
  }
}
