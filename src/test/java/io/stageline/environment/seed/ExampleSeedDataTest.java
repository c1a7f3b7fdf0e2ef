package io.stageline.environment.seed;

import static io.stageline.environment.TestEnvironments.hasCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.stageline.api.v1alpha1.EnvironmentConditions;
import io.stageline.api.v1alpha1.SeedStatus;
import io.stageline.cli.ManifestApplier;
import io.stageline.environment.TestEnvironments;
import io.stageline.testing.OperatorExtension;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The examples' seed data: production's customers reach staging masked, development gets synthetic rows. */
class ExampleSeedDataTest {
  @RegisterExtension
  OperatorExtension op = OperatorExtension.running();

  @Test
  void examplesSeedStagingWithMaskedProductionDataAndDevelopmentWithSyntheticData() {
    new ManifestApplier(op.client()).apply(Path.of("examples"));

    await().until(() -> hasCondition(op.client(), "staging", EnvironmentConditions.Type.SEED_DATA_READY, true, EnvironmentConditions.Reason.SEEDED)
        && hasCondition(op.client(), "development", EnvironmentConditions.Type.SEED_DATA_READY, true, EnvironmentConditions.Reason.SEEDED));

    ConfigMap production = op.client().configMaps().inNamespace("shop-prod").withName("shop-customers").get();
    ConfigMap staging = op.client().configMaps().inNamespace("shop-staging").withName("shop-customers").get();
    List<String> originals = List.of("C-1001", "Ada Lovelace", "ada.lovelace@analytical.example", "7946 0018",
        "4111 1111 1111 1111", "203.0.113.10", "Grace Hopper", "3782 822463 10005", "198.51.100.7",
        "DE89370400440532013000", "GB82WEST12345698765432", "12 Crescent Road", "123-45-6789", "120.5");
    String copy = staging.getData().toString();
    assertThat(production.getData().toString()).contains(originals);
    assertThat(originals).allSatisfy(o -> assertThat(copy).doesNotContain(o));
    assertThat(staging.getData().get("settings.properties")).isEqualTo(production.getData().get("settings.properties"));

    SeedStatus seed = TestEnvironments.get(op.client(), "staging").getStatus().getSeed();
    assertThat(seed.getDetectorHitsByDetector()).containsKeys("email", "phone", "card", "ipv4", "iban", "us-ssn");
    assertThat(op.client().configMaps().inNamespace("shop-dev").withName("shop-customers").get().getData()
        .get("customers.csv").lines()).hasSize(51);
  }
}
