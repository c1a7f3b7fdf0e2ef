package io.stageline.promotion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.stageline.api.v1alpha1.Gate;
import io.stageline.api.v1alpha1.PromotionStatus.Phase;
import io.stageline.api.v1alpha1.Stage;
import io.stageline.testing.PromotionPath;
import io.stageline.testing.OperatorExtension;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A condition gate on a kind beyond Jobs and workloads (here a Tekton PipelineRun) waits on events: the
 * operator starts an informer for the kind when a gate names it and it may list and watch it, so the
 * object is never read by GET and its change wakes the promotion at once.
 */
class ConditionGateWatchesTest {
  @RegisterExtension OperatorExtension op = OperatorExtension.running();
  PromotionPath f;

  static final String PIPELINE_RUN_CRD = """
      apiVersion: apiextensions.k8s.io/v1
      kind: CustomResourceDefinition
      metadata: {name: pipelineruns.tekton.dev}
      spec:
        group: tekton.dev
        scope: Namespaced
        names: {plural: pipelineruns, singular: pipelinerun, kind: PipelineRun}
        versions:
        - name: v1
          served: true
          storage: true
          schema:
            openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
      """;

  /** What a platform team adds so the operator may wait on PipelineRuns (docs/install.md). */
  static final String GATE_READER = """
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRole
      metadata:
        name: stageline-gate-reader-tekton
        labels: {stageline.io/aggregate-to-gate-reader: "true"}
      rules:
      - apiGroups: [tekton.dev]
        resources: [pipelineruns]
        verbs: [get, list, watch]
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRoleBinding
      metadata: {name: stageline-gate-reader-tekton}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: stageline-gate-reader-tekton}
      subjects:
      - {kind: ServiceAccount, name: stageline-operator, namespace: stageline-system}
      """;

  @BeforeEach
  void path() {
    f = PromotionPath.of(op);
    f.environment("development", Stage.development, null);
    f.environment("test", Stage.test, "development");
    f.released("1.0.0", "development");
  }

  @Test
  void aPipelineRunGateWaitsOnTheRunsEventsAndNeverReadsItByGet() {
    apply(PIPELINE_RUN_CRD);
    apply(GATE_READER);

    f.promotion("to-test", "test", null, pipelineRunSucceeded("build-7"));

    await().untilAsserted(() -> assertThat(f.waitingOn("test", "to-test"))
        .isEqualTo("PipelineRun test/build-7 not found"));
    assertThat(op.operatorRequests().since(0)).as("the operator's requests")
        .anyMatch(r -> r.startsWith("GET /apis/tekton.dev/v1/pipelineruns?") && r.contains("watch=true"));

    GenericKubernetesResource run = op.client().resource(new GenericKubernetesResourceBuilder()
        .withApiVersion("tekton.dev/v1").withKind("PipelineRun")
        .withNewMetadata().withName("build-7").withNamespace("test").endMetadata()
        .withAdditionalProperties(Map.of("status", Map.of("conditions", List.of(
            Map.of("type", "Succeeded", "status", "Unknown", "reason", "Running"))))).build()).create();
    await().untilAsserted(() -> assertThat(f.waitingOn("test", "to-test"))
        .isEqualTo("waiting for PipelineRun test/build-7 Succeeded=True (Succeeded is Unknown (Running))"));

    run.setAdditionalProperties(Map.of("status", Map.of("conditions", List.of(
        Map.of("type", "Succeeded", "status", "True", "reason", "Succeeded")))));
    op.client().resource(run).update();

    f.awaitPhase("test", "to-test", Phase.Succeeded);
    assertThat(op.operatorRequests().since(0)).as("the operator's requests")
        .noneMatch(r -> r.startsWith("GET /apis/tekton.dev/v1/namespaces/test/pipelineruns/build-7"));
  }

  @Test
  void withoutTheRightToListAndWatchTheKindTheGateReadsTheRunAgainRatherThanWatching() {
    apply(PIPELINE_RUN_CRD);

    f.promotion("to-test", "test", null, pipelineRunSucceeded("build-8"));

    await().untilAsserted(() -> assertThat(f.get("test", "to-test").getStatus()).isNotNull()
        .satisfies(s -> assertThat(s.getGates()).singleElement().satisfies(g -> assertThat(g.getReason()).isEqualTo("Forbidden"))));
    assertThat(op.operatorRequests().since(0)).as("the operator's requests")
        .noneMatch(r -> r.startsWith("GET /apis/tekton.dev/v1/pipelineruns?") && r.contains("watch=true"));
  }

  private void apply(String yaml) {
    op.client().load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items()
        .forEach(o -> op.client().resource(o).create());
  }

  private static Gate pipelineRunSucceeded(String name) {
    Gate gate = PromotionPath.jobCondition(null, name);
    gate.getCondition().getRef().setApiVersion("tekton.dev/v1");
    gate.getCondition().getRef().setKind("PipelineRun");
    gate.getCondition().setType("Succeeded");
    return gate;
  }
}
