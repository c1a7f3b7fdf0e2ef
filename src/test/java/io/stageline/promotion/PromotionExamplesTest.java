package io.stageline.promotion;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.stageline.api.v1alpha1.Gate;
import io.stageline.api.v1alpha1.Promotion;
import java.io.FileInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The example promotions read as Promotions, pass admission's gate checks and, with production's required gates, use every gate kind. */
class PromotionExamplesTest {

  @Test
  void examplePromotionsUseEveryGateKindAndAreValid() throws Exception {
    List<Promotion> promotions = new ArrayList<>();
    for (String file : List.of("promotion-1-development.yaml", "promotion-2-test.yaml", "promotion-3-staging.yaml",
        "promotion-4-production.yaml", "promotion-rollback.yaml.example")) {
      try (InputStream in = new FileInputStream("examples/promotions/" + file)) {
        promotions.add(Serialization.unmarshal(in, Promotion.class));
      }
    }
    PromotionAdmission admission = new PromotionAdmission(new io.fabric8.kubernetes.client.utils.KubernetesSerialization(), n -> null);
    assertThat(promotions).allSatisfy(p -> assertThat(admission.invalidGate(p, p.getSpec().getGates())).isEmpty());
    List<Gate> required = new ArrayList<>();
    for (String doc : java.nio.file.Files.readString(java.nio.file.Path.of("examples/environments.yaml")).split("(?m)^---$")) {
      var env = Serialization.unmarshal(doc, io.stageline.api.v1alpha1.Environment.class);
      if (env.getSpec().getPromotionPolicy() != null && env.getSpec().getPromotionPolicy().getRequiredGates() != null) {
        required.addAll(env.getSpec().getPromotionPolicy().getRequiredGates());
      }
    }
    Set<String> kinds = java.util.stream.Stream.concat(required.stream(), promotions.stream().flatMap(p -> {
      List<Gate> gates = new ArrayList<>(p.getSpec().getGates());
      if (p.getSpec().getVerification() != null) {
        gates.addAll(p.getSpec().getVerification().getGates());
      }
      return gates.stream();
    })).map(Gate::kind).collect(Collectors.toSet());
    assertThat(kinds).containsExactlyInAnyOrder("condition", "job", "soak", "window", "approval");
    assertThat(promotions).extracting(p -> p.getMetadata().getNamespace())
        .containsExactly("shop-dev", "shop-test", "shop-staging", "shop-prod", "shop-prod");
  }
}
