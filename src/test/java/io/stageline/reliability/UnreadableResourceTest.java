package io.stageline.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.stageline.testing.Awaits;
import io.stageline.testing.Edits;
import io.stageline.testing.Environments;
import io.stageline.testing.OperatorExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An object stored under an older CRD that lacked today's bounds (here {@code keepFirst: 3000000000},
 * beyond a Java int) is answered with {@code Ready=False/Unreadable} and a Warning naming the field,
 * and never stops the operator: other Environments are reconciled, before and after a restart.
 */
class UnreadableResourceTest {
  @RegisterExtension OperatorExtension op = OperatorExtension.running();

  private KubernetesClient client() {
    return op.client();
  }

  @Test
  void anEnvironmentTheModelCannotHoldIsReportedAndEveryOtherOneIsStillReconciled() {
    loosenKeepFirstAsAnOlderCrdDid();
    client().genericKubernetesResources("stageline.io/v1alpha1", "Environment").resource(Serialization.unmarshal("""
        apiVersion: stageline.io/v1alpha1
        kind: Environment
        metadata:
          name: overflow
        spec:
          stage: test
          dataMasking:
            rules:
            - key: card
              strategy: partial
              keepFirst: 3000000000
        """, GenericKubernetesResource.class)).create();

    await().atMost(Awaits.TIMEOUT).untilAsserted(() -> {
      Map<String, Object> ready = readyCondition("overflow");
      assertThat(ready).containsEntry("status", "False").containsEntry("reason", "Unreadable");
      assertThat((String) ready.get("message")).contains("spec.dataMasking.rules[0].keepFirst")
          .doesNotContain("3000000000");
      assertThat(client().v1().events().inAnyNamespace().list().getItems()).anyMatch(e ->
          "overflow".equals(e.getInvolvedObject().getName()) && "Warning".equals(e.getType())
              && "Unreadable".equals(e.getReason()) && !e.getMessage().contains("3000000000"));
    });
    client().resource(Environments.test("after").withQuotaAndLimits().build()).create();
    await().atMost(Awaits.TIMEOUT).until(() -> Environments.isReady(client(), "after"));
    assertThat(client().namespaces().withName("overflow").get()).as("nothing provisioned for it").isNull();
    assertThat(op.operator().isReady()).isTrue();

    // a restart lists the unreadable object with the rest: the informer must still sync
    op.stopOperator();
    op.startOperator();
    client().resource(Environments.development("after-restart").withQuotaAndLimits().build()).create();
    await().atMost(Awaits.TIMEOUT).until(() -> Environments.isReady(client(), "after-restart"));
    await().atMost(Awaits.TIMEOUT).until(() -> op.operator().isReady());
    assertThat(readyCondition("overflow")).containsEntry("reason", "Unreadable");

    // corrected, it is reconciled like any other
    Edits.edit(client().genericKubernetesResources("stageline.io/v1alpha1", "Environment").withName("overflow"), r -> {
      rules(r).get(0).put("keepFirst", 4);
      return r;
    });
    await().atMost(Awaits.TIMEOUT).until(() -> Environments.isReady(client(), "overflow"));
  }

  @Test
  void aPromotionWithAnApprovalCountBeyondAJavaIntIsReportedAndTheNextPromotionRuns() {
    client().resource(Environments.development("shop").withQuotaAndLimits().build()).create();
    await().atMost(Awaits.TIMEOUT).until(() -> Environments.isReady(client(), "shop"));
    Edits.edit(client().apiextensions().v1().customResourceDefinitions().withName("promotions.stageline.io"), crd -> {
      crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema().getProperties().get("spec")
          .getProperties().get("gates").getItems().getSchema().getProperties().get("approval").getProperties()
          .get("count").setMaximum(null);
      return crd;
    });
    var promotions = client().genericKubernetesResources("stageline.io/v1alpha1", "Promotion").inNamespace("shop");
    promotions.resource(Serialization.unmarshal("""
        apiVersion: stageline.io/v1alpha1
        kind: Promotion
        metadata:
          name: forever
          namespace: shop
        spec:
          environment: shop
          release:
            version: "1.0"
          gates:
          - approval:
              count: 3000000000
              groups: [leads]
        """, GenericKubernetesResource.class)).create();
    await().atMost(Awaits.TIMEOUT).untilAsserted(() -> {
      Map<String, Object> ready = condition(promotions.withName("forever").get(), "Ready");
      assertThat(ready).containsEntry("status", "False").containsEntry("reason", "Unreadable");
      assertThat((String) ready.get("message")).contains("spec.gates[0].approval.count").doesNotContain("3000000000");
    });
    promotions.resource(Serialization.unmarshal("""
        apiVersion: stageline.io/v1alpha1
        kind: Promotion
        metadata:
          name: next
          namespace: shop
        spec:
          environment: shop
          release:
            version: "1.1"
        """, GenericKubernetesResource.class)).create();
    await().atMost(Awaits.TIMEOUT).untilAsserted(() -> assertThat(status(promotions.withName("next").get()))
        .as("the next promotion is reconciled").containsKey("phase"));
    assertThat(status(promotions.withName("forever").get())).doesNotContainKey("phase");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> status(GenericKubernetesResource r) {
    Object status = r.getAdditionalProperties().get("status");
    return status instanceof Map<?, ?> s ? (Map<String, Object>) s : Map.of();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> condition(GenericKubernetesResource r, String type) {
    if (!(status(r).get("conditions") instanceof List<?> conditions)) {
      return Map.of();
    }
    return conditions.stream().map(c -> (Map<String, Object>) c).filter(c -> type.equals(c.get("type")))
        .findFirst().orElse(Map.of());
  }

  /** The Environment CRD as it was before keepFirst had a maximum. */
  private void loosenKeepFirstAsAnOlderCrdDid() {
    Edits.edit(client().apiextensions().v1().customResourceDefinitions().withName("environments.stageline.io"), crd -> {
      JSONSchemaProps keepFirst = crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema()
          .getProperties().get("spec").getProperties().get("dataMasking").getProperties().get("rules")
          .getItems().getSchema().getProperties().get("keepFirst");
      keepFirst.setMaximum(null);
      return crd;
    });
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> rules(GenericKubernetesResource r) {
    Map<String, Object> spec = (Map<String, Object>) r.getAdditionalProperties().get("spec");
    return (List<Map<String, Object>>) ((Map<String, Object>) spec.get("dataMasking")).get("rules");
  }

  private Map<String, Object> readyCondition(String name) {
    return condition(client().genericKubernetesResources("stageline.io/v1alpha1", "Environment").withName(name).get(),
        "Ready");
  }
}
