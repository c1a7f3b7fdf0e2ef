package io.stageline.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.ModelPart;
import io.stageline.api.v1alpha1.Promotion;
import io.stageline.api.v1alpha1.Stage;
import org.junit.jupiter.api.Test;

/** A stored object the model cannot hold is read as an empty, marked part, never as an exception. */
class LenientReadTest {
  private final KubernetesSerialization json = new KubernetesSerialization();

  @Test
  void aNumberBeyondAJavaIntInTheSpecIsMarkedWithItsPathAndNotItsValue() {
    Promotion p = json.unmarshal("""
        {"apiVersion":"stageline.io/v1alpha1","kind":"Promotion","metadata":{"name":"p","namespace":"shop"},
         "spec":{"environment":"shop","gates":[{"approval":{"count":3000000000,"groups":["leads"]}}]},
         "status":{"phase":"Pending"}}""", Promotion.class);
    assertThat(ModelPart.unreadable(p)).hasValueSatisfying(problem -> assertThat(problem)
        .startsWith("spec.gates[0].approval.count: ").doesNotContain("3000000000"));
    assertThat(p.getSpec().getEnvironment()).isNull();
    assertThat(p.getStatus().getPhase()).as("the readable status is kept").isNotNull();
    assertThat(p.getMetadata().getName()).isEqualTo("p");
  }

  @Test
  void aStringWhereAnObjectBelongsIsMarkedAndTheRestOfTheListIsRead() {
    var list = json.unmarshal(new java.io.ByteArrayInputStream("""
        {"apiVersion":"stageline.io/v1alpha1","kind":"EnvironmentList","metadata":{},"items":[
          {"apiVersion":"stageline.io/v1alpha1","kind":"Environment","metadata":{"name":"bad"},
           "spec":{"stage":"test","dataMasking":{"rules":[{"key":"card","strategy":"partial","keepFirst":3000000000}]}}},
          {"apiVersion":"stageline.io/v1alpha1","kind":"Environment","metadata":{"name":"odd"},
           "spec":{"stage":"test","config":"not an object"}},
          {"apiVersion":"stageline.io/v1alpha1","kind":"Environment","metadata":{"name":"good"},
           "spec":{"stage":"test"},"status":{"workloads":{"total":99999999999}}}]}""".getBytes(
            java.nio.charset.StandardCharsets.UTF_8)),
        new com.fasterxml.jackson.core.type.TypeReference<
            io.fabric8.kubernetes.api.model.DefaultKubernetesResourceList<Environment>>() {});
    var items = list.getItems();
    assertThat(items).hasSize(3);
    assertThat(ModelPart.unreadable(items.get(0))).hasValue(
        "spec.dataMasking.rules[0].keepFirst: a number beyond what the operator can hold");
    assertThat(ModelPart.unreadable(items.get(1))).hasValueSatisfying(p -> assertThat(p).startsWith("spec.config: "));
    assertThat(items.get(2).getSpec().getStage()).isEqualTo(Stage.test);
    assertThat(ModelPart.unreadable(items.get(2))).hasValue(
        "status.workloads.total: a number beyond what the operator can hold");
  }

  @Test
  void aReadableObjectIsNotMarked() {
    Environment env = json.unmarshal("""
        {"apiVersion":"stageline.io/v1alpha1","kind":"Environment","metadata":{"name":"ok"},
         "spec":{"stage":"production","quota":{"pods":"10"}}}""", Environment.class);
    assertThat(ModelPart.unreadable(env)).isEmpty();
    assertThat(env.getSpec().getStage()).isEqualTo(Stage.production);
  }
}
