package io.stageline.environment;

import static io.stageline.environment.TestEnvironments.get;
import static io.stageline.environment.TestEnvironments.hasCondition;
import static io.stageline.environment.TestEnvironments.hasEvent;
import static io.stageline.testing.Environments.isReady;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.api.v1alpha1.EnvironmentConditions;
import io.stageline.api.v1alpha1.EnvironmentStatus.Phase;
import io.stageline.api.v1alpha1.StatusConditions;
import io.stageline.testing.Awaits;
import io.stageline.testing.Edits;
import io.stageline.testing.Environments;
import io.stageline.testing.OperatorExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Bad input is a condition with a reason, a Warning event, and nothing else touched. */
class EnvironmentBadInputTest {
  @RegisterExtension
  OperatorExtension op = OperatorExtension.running();

  private KubernetesClient client() {
    return op.client();
  }

  @Test
  void missingUpstreamIsReportedAndProvisionsNothing() {
    client().resource(Environments.test("test").withUpstream("dev").build()).create();

    await().until(() -> hasCondition(client(), "test", StatusConditions.READY, false, EnvironmentConditions.Reason.UPSTREAM_NOT_FOUND));
    assertThat(get(client(), "test").getStatus().getPhase()).isEqualTo(Phase.Failed);
    await().until(() -> hasEvent(client(), "test", "Warning", EnvironmentConditions.Reason.UPSTREAM_NOT_FOUND));
    assertThat(client().namespaces().withName("test").get()).isNull();

    // fixed elsewhere: once the upstream exists, the Environment provisions
    client().resource(Environments.development("dev").build()).create();
    await().atMost(Awaits.TIMEOUT).until(() -> isReady(client(), "test"));
  }

  @Test
  void upstreamOnTheSameOrAHigherStageIsRefused() {
    client().resource(Environments.production("prod").build()).create();
    client().resource(Environments.staging("staging").withUpstream("prod").build()).create();
    client().resource(Environments.staging("staging2").withUpstream("staging").build()).create();

    await().until(() -> hasCondition(client(), "staging", StatusConditions.READY, false, EnvironmentConditions.Reason.UPSTREAM_STAGE_NOT_LOWER)
        && hasCondition(client(), "staging2", StatusConditions.READY, false, EnvironmentConditions.Reason.UPSTREAM_STAGE_NOT_LOWER));
    assertThat(hasEvent(client(), "staging", "Warning", EnvironmentConditions.Reason.UPSTREAM_STAGE_NOT_LOWER)).isTrue();
    assertThat(client().namespaces().withName("staging").get()).isNull();
  }

  @Test
  void upstreamCycleIsRefused() {
    client().resource(Environments.test("a").withUpstream("b").build()).create();
    client().resource(Environments.development("b").withUpstream("a").build()).create();

    await().until(() -> hasCondition(client(), "a", StatusConditions.READY, false, EnvironmentConditions.Reason.UPSTREAM_CYCLE)
        && hasCondition(client(), "b", StatusConditions.READY, false, EnvironmentConditions.Reason.UPSTREAM_CYCLE));
    assertThat(get(client(), "a").getStatus().getConditions().stream()
        .filter(c -> c.getType().equals(StatusConditions.READY)).findFirst().orElseThrow().getMessage())
        .contains("a -> b -> a");
    assertThat(client().namespaces().withName("a").get()).isNull();
  }

  @Test
  void existingUnmanagedNamespaceIsNotAdoptedWithoutTheAnnotation() {
    client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("legacy")
        .addToLabels("team", "payments").endMetadata().build()).create();
    client().resource(Environments.development("legacy").build()).create();

    await().until(() -> hasCondition(client(), "legacy", EnvironmentConditions.Type.NAMESPACE_READY, false,
        EnvironmentConditions.Reason.NAMESPACE_NOT_MANAGED));
    await().until(() -> hasEvent(client(), "legacy", "Warning", EnvironmentConditions.Reason.NAMESPACE_NOT_MANAGED));
    assertThat(get(client(), "legacy").getStatus().getConditions().stream()
        .filter(c -> c.getType().equals(StatusConditions.READY)).findFirst().orElseThrow().getReason())
        .isEqualTo(EnvironmentConditions.Reason.NAMESPACE_NOT_MANAGED);
    Namespace untouched = client().namespaces().withName("legacy").get();
    // as created: the team's label and the name label every namespace carries (kube-apiserver sets it)
    assertThat(untouched.getMetadata().getLabels())
        .isEqualTo(Map.of("team", "payments", "kubernetes.io/metadata.name", "legacy"));
    assertThat(client().resourceQuotas().inNamespace("legacy").list().getItems()).isEmpty();
    assertThat(client().network().v1().networkPolicies().inNamespace("legacy").list().getItems()).isEmpty();

    Edits.edit(client().namespaces().withName("legacy"), ns -> {
      ns.getMetadata().setAnnotations(Map.of("stageline.io/adopt", "true"));
      return ns;
    });

    await().atMost(Awaits.TIMEOUT).until(() -> isReady(client(), "legacy"));
    assertThat(client().namespaces().withName("legacy").get().getMetadata().getLabels())
        .containsEntry("team", "payments")
        .containsEntry("stageline.io/environment", "legacy");
    assertThat(hasEvent(client(), "legacy", "Normal", EnvironmentConditions.Reason.ADOPTED)).isTrue();
  }

  @Test
  void secondEnvironmentClaimingANamespaceIsRefused() {
    client().resource(Environments.development("payments-dev").withNamespace("payments").build()).create();
    await().until(() -> isReady(client(), "payments-dev"));

    client().resource(Environments.test("payments-test").withNamespace("payments").build()).create();

    await().until(() -> hasCondition(client(), "payments-test", EnvironmentConditions.Type.NAMESPACE_READY, false,
        EnvironmentConditions.Reason.NAMESPACE_CONFLICT));
    assertThat(hasEvent(client(), "payments-test", "Warning", EnvironmentConditions.Reason.NAMESPACE_CONFLICT)).isTrue();
    assertThat(client().namespaces().withName("payments").get().getMetadata().getLabels())
        .containsEntry("stageline.io/environment", "payments-dev")
        .containsEntry("stageline.io/stage", "development");
    assertThat(isReady(client(), "payments-dev")).isTrue();
  }

  @Test
  void reservedNamespaceIsRefused() {
    client().resource(Environments.development("sys").withNamespace("kube-system").build()).create();

    await().until(() -> hasCondition(client(), "sys", EnvironmentConditions.Type.NAMESPACE_READY, false, EnvironmentConditions.Reason.NAMESPACE_RESERVED));
  }

  @Test
  void aRepeatedFindingIsAnnouncedOnce() {
    client().resource(Environments.test("test").withUpstream("missing").build()).create();
    await().until(() -> hasEvent(client(), "test", "Warning", EnvironmentConditions.Reason.UPSTREAM_NOT_FOUND));

    // a change that fixes nothing makes the reconciler check again and find the same problem
    op.awaitOperatorIdle();
    long reconciles = op.reconciles("environment");
    Edits.edit(client().resources(io.stageline.api.v1alpha1.Environment.class).withName("test"), e -> {
      e.getMetadata().getAnnotations().put("example.com/touched", "yes");
      return e;
    });
    await().until(() -> op.reconciles("environment") > reconciles
        && TestEnvironments.get(client(), "test").getStatus() != null
        && hasCondition(client(), "test", StatusConditions.READY, false, EnvironmentConditions.Reason.UPSTREAM_NOT_FOUND));

    assertThat(TestEnvironments.events(client(), "test")).hasSize(1);
  }
}
