package io.stageline.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.Promotion;
import io.stageline.testing.EmbeddedApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Writes of the Stageline kinds are admitted like kube-apiserver admits custom resources: schema,
 * CEL rules (with transition rules on update), pruning; a violation is a 422 Invalid with the
 * field path and the rule's message, and nothing is stored.
 */
class EmbeddedAdmissionTest {
  @RegisterExtension static final EmbeddedApi api = EmbeddedApi.started();

  private static GenericKubernetesResource environment(String yaml) {
    return Serialization.unmarshal("apiVersion: stageline.io/v1alpha1\nkind: Environment\n" + yaml,
        GenericKubernetesResource.class);
  }

  private static KubernetesClientException rejected(Runnable write) {
    return catchThrowableOfType(KubernetesClientException.class, write::run);
  }

  private static StatusCause onlyCause(KubernetesClientException e) {
    assertThat(e.getCode()).isEqualTo(422);
    assertThat(e.getStatus().getReason()).isEqualTo("Invalid");
    assertThat(e.getStatus().getDetails().getCauses()).hasSize(1);
    return e.getStatus().getDetails().getCauses().get(0);
  }

  /**
   * A type, required or enum error: as kube-apiserver, the CEL rules are not evaluated and a second
   * cause without a field says so.
   */
  private static StatusCause causeWithSkippedRules(KubernetesClientException e) {
    assertThat(e.getCode()).isEqualTo(422);
    assertThat(e.getStatus().getReason()).isEqualTo("Invalid");
    assertThat(e.getStatus().getDetails().getCauses()).hasSize(2);
    assertThat(e.getStatus().getDetails().getCauses().get(1).getField()).isEqualTo("<nil>");
    return e.getStatus().getDetails().getCauses().get(0);
  }

  @Test
  void validEnvironmentIsStored() {
    api.admin().resource(environment("metadata: {name: valid}\nspec: {stage: development}")).create();
    assertThat(api.admin().resources(Environment.class).withName("valid").get()).isNotNull();
  }

  @Test
  void enumViolationIsRejectedWithItsFieldPathAndNothingIsStored() {
    KubernetesClientException e = rejected(() -> api.admin().resource(
        environment("metadata: {name: bad-stage}\nspec: {stage: qa}")).create());
    StatusCause cause = causeWithSkippedRules(e);
    assertThat(cause.getField()).isEqualTo("spec.stage");
    assertThat(cause.getReason()).isEqualTo("FieldValueNotSupported");
    assertThat(e.getStatus().getMessage()).isEqualTo("Environment.stageline.io \"bad-stage\" is invalid: [spec.stage: "
        + "Unsupported value: \"qa\": supported values: \"development\", \"production\", \"staging\", \"test\", "
        + "<nil>: Invalid value: \"null\": some validation rules were not checked because the object was invalid; "
        + "correct the existing errors to complete validation]");
    assertThat(api.admin().resources(Environment.class).withName("bad-stage").get()).isNull();
  }

  @Test
  void missingRequiredFieldIsRejected() {
    KubernetesClientException e = rejected(() -> api.admin().resource(Serialization.unmarshal("""
        apiVersion: stageline.io/v1alpha1
        kind: Promotion
        metadata: {name: no-env, namespace: default}
        spec: {supersede: true}
        """, GenericKubernetesResource.class)).create());
    assertThat(causeWithSkippedRules(e).getField()).isEqualTo("spec.environment");
    assertThat(e.getStatus().getMessage()).contains("spec.environment: Required value");
  }

  @Test
  void celRuleOnTheWholeObjectIsEnforced() {
    KubernetesClientException e = rejected(() -> api.admin().resource(
        environment("metadata: {name: loop}\nspec: {stage: test, upstream: loop}")).create());
    assertThat(onlyCause(e).getMessage()).isEqualTo("Invalid value: \"object\": an Environment cannot be its own upstream");
  }

  @Test
  void celRuleInsideAListNamesTheItem() {
    KubernetesClientException e = rejected(() -> api.admin().resource(Serialization.unmarshal("""
        apiVersion: stageline.io/v1alpha1
        kind: AccessPolicy
        metadata: {name: sa-without-namespace}
        spec:
          environments: {stages: [development]}
          grants:
          - access: read
            subjects: [{kind: User, name: alice}, {kind: ServiceAccount, name: ci}]
        """, GenericKubernetesResource.class)).create());
    StatusCause cause = onlyCause(e);
    assertThat(cause.getField()).isEqualTo("spec.grants[0].subjects[1]");
    assertThat(cause.getMessage()).contains("a ServiceAccount subject needs a namespace");
  }

  @Test
  void patternViolationIsRejected() {
    KubernetesClientException e = rejected(() -> api.admin().resource(Serialization.unmarshal("""
        apiVersion: stageline.io/v1alpha1
        kind: AccessPolicy
        metadata: {name: bad-expiry}
        spec:
          environments: {stages: [production]}
          grants:
          - access: admin
            subjects: [{kind: User, name: alice}]
            emergency: {reason: outage, expiresAt: tonight}
        """, GenericKubernetesResource.class)).create());
    StatusCause cause = onlyCause(e);
    assertThat(cause.getField()).isEqualTo("spec.grants[0].emergency.expiresAt");
    assertThat(cause.getMessage()).startsWith("Invalid value: \"tonight\": spec.grants[0].emergency.expiresAt in body "
        + "should match");
  }

  @Test
  void transitionRuleRejectsChangingAnImmutableFieldOnUpdate() {
    api.admin().resource(environment("metadata: {name: fixed}\nspec: {stage: staging}")).create();
    KubernetesClientException e = rejected(() -> api.admin().resources(Environment.class).withName("fixed")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"stage\":\"production\"}}"));
    StatusCause cause = onlyCause(e);
    assertThat(cause.getField()).isEqualTo("spec.stage");
    assertThat(cause.getMessage()).isEqualTo("Invalid value: \"string\": stage is immutable");
    assertThat(api.admin().resources(Environment.class).withName("fixed").get().getSpec().getStage().name())
        .isEqualTo("staging");
  }

  @Test
  void approvalsCanBeAddedButNotRemoved() {
    api.admin().resource(Serialization.unmarshal("""
        apiVersion: stageline.io/v1alpha1
        kind: Promotion
        metadata: {name: approved, namespace: default}
        spec:
          environment: production
          approvals: [{by: alice, at: "2026-11-24T10:00:00Z"}]
        """, GenericKubernetesResource.class)).create();
    var promotions = api.admin().resources(Promotion.class).inNamespace("default").withName("approved");
    promotions.patch(PatchContext.of(PatchType.JSON), "[{\"op\":\"add\",\"path\":\"/spec/approvals/-\","
        + "\"value\":{\"by\":\"bob\",\"at\":\"2026-11-24T11:00:00Z\"}}]");
    assertThat(promotions.get().getSpec().getApprovals()).hasSize(2);
    KubernetesClientException e = rejected(() -> promotions.patch(PatchContext.of(PatchType.JSON),
        "[{\"op\":\"remove\",\"path\":\"/spec/approvals/0\"}]"));
    assertThat(onlyCause(e).getMessage()).contains("approvals can be added, not changed or removed");
  }

  @Test
  void statusWritesAreValidatedToo() {
    api.admin().resource(environment("metadata: {name: with-status}\nspec: {stage: development}")).create();
    KubernetesClientException e = rejected(() -> api.admin().resources(Environment.class).withName("with-status")
        .subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"phase\":\"Dancing\"}}"));
    assertThat(causeWithSkippedRules(e).getField()).isEqualTo("status.phase");
  }

  @Test
  void unknownFieldsArePrunedWhenNotStrict() {
    api.admin().resource(environment("metadata: {name: pruned}\nspec: {stage: development, colour: blue}")).create();
    GenericKubernetesResource stored = api.admin().genericKubernetesResources(
        new ResourceDefinitionContext.Builder().withGroup("stageline.io").withVersion("v1alpha1")
            .withPlural("environments").withKind("Environment").withNamespaced(false).build())
        .withName("pruned").get();
    assertThat(stored.getAdditionalProperties().get("spec")).isEqualTo(java.util.Map.of("stage", "development"));
  }
}
