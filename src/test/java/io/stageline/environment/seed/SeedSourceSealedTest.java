package io.stageline.environment.seed;

import static io.stageline.environment.TestEnvironments.hasCondition;
import static io.stageline.environment.TestEnvironments.hasEvent;
import static io.stageline.testing.Environments.isReady;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.api.v1alpha1.DataMasking;
import io.stageline.api.v1alpha1.EnvironmentConditions;
import io.stageline.api.v1alpha1.SeedData;
import io.stageline.testing.Environments;
import io.stageline.testing.OperatorExtension;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A seed source is the Environment that owns the namespace, proved by the operator's own labels on
 * it: an Environment refused for NamespaceConflict ("shadow" of production) or NamespaceReserved
 * (naming the vault or the operator's namespace, where the masking keys are) is never a source, and
 * its {@code spec.stage} never decides the masking.
 */
class SeedSourceSealedTest {
  @RegisterExtension OperatorExtension op = OperatorExtension.running();

  private KubernetesClient client() {
    return op.client();
  }

  @Test
  void aDevelopmentShadowOfProductionIsNoSourceOfUnmaskedProductionData() {
    client().resource(Environments.production("prod").build()).create();
    await().until(() -> isReady(client(), "prod"));
    client().resource(new ConfigMapBuilder().withNewMetadata().withName("customers").withNamespace("prod").endMetadata()
        .addToData("customers.csv", "id,email\n1,jane.doe@corp.test\n").build()).create();
    client().resource(Environments.development("shadow").withNamespace("prod").build()).create();
    await().until(() -> hasCondition(client(), "shadow", "Ready", false, "NamespaceConflict"));

    client().resource(Environments.development("dev").with(spec -> {
      spec.setDataMasking(maskingOff());
      spec.setSeedData(new ArrayList<>(List.of(from("shadow", SeedData.Kind.ConfigMap, "customers"))));
    }).build()).create();

    await().until(() -> hasCondition(client(), "dev", EnvironmentConditions.Type.SEED_DATA_READY, false, EnvironmentConditions.Reason.SEED_SOURCE_NOT_OWNED));
    await().until(() -> hasEvent(client(), "dev", "Warning", EnvironmentConditions.Reason.SEED_SOURCE_NOT_OWNED));
    assertThat(client().configMaps().inNamespace("dev").withName("customers").get()).as("nothing copied").isNull();
  }

  @Test
  void environmentsNamingTheVaultOrTheOperatorsNamespaceAreNoSourceOfSecretsOrMaskingKeys() {
    for (String reserved : List.of("stageline-vault", "stageline-system")) {
      client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(reserved).endMetadata().build())
          .createOr(existing -> existing.update());
    }
    client().resource(new SecretBuilder().withNewMetadata().withName("shop-db-production").withNamespace("stageline-vault")
        .addToLabels("seed", "yes").endMetadata()
        .addToData("password", Base64.getEncoder().encodeToString("prod-pw".getBytes(StandardCharsets.UTF_8)))
        .build()).create();
    client().resource(Environments.staging("staging").build()).create(); // its masking key goes to stageline-system
    await().until(() -> isReady(client(), "staging"));
    client().resource(Environments.development("vault-shadow").withNamespace("stageline-vault").build())
        .create();
    client().resource(Environments.development("system-shadow").withNamespace("stageline-system").build())
        .create();
    await().until(() -> hasCondition(client(), "vault-shadow", "Ready", false, "NamespaceReserved"));

    client().resource(Environments.development("dev").with(spec -> {
      spec.setDataMasking(maskingOff());
      SeedData vault = from("vault-shadow", SeedData.Kind.Secret, null);
      vault.setSelector(new LabelSelectorBuilder().addToMatchLabels("seed", "yes").build());
      SeedData keys = from("system-shadow", SeedData.Kind.Secret, null);
      keys.setSelector(new LabelSelectorBuilder().build());
      spec.setSeedData(new ArrayList<>(List.of(vault, keys)));
    }).build()).create();

    await().until(() -> hasCondition(client(), "dev", EnvironmentConditions.Type.SEED_DATA_READY, false, EnvironmentConditions.Reason.SEED_SOURCE_NOT_OWNED));
    assertThat(client().secrets().inNamespace("dev").list().getItems())
        .as("no vault Secret and no masking key in the development namespace")
        .noneMatch(s -> s.getMetadata().getName().equals("shop-db-production")
            || s.getMetadata().getName().contains("masking"));
  }

  @Test
  void theOwnersStageDecidesMaskingSoAProductionSourceIsAlwaysMasked() {
    client().resource(Environments.production("prod").build()).create();
    await().until(() -> isReady(client(), "prod"));
    client().resource(new ConfigMapBuilder().withNewMetadata().withName("customers").withNamespace("prod").endMetadata()
        .addToData("customers.csv", "id,email\n1,jane.doe@corp.test\n").build()).create();
    client().resource(Environments.staging("staging").with(spec -> {
      spec.setDataMasking(maskingOff());
      spec.setSeedData(new ArrayList<>(List.of(from("prod", SeedData.Kind.ConfigMap, "customers"))));
    }).build()).create();
    await().until(() -> hasCondition(client(), "staging", EnvironmentConditions.Type.SEED_DATA_READY, false, EnvironmentConditions.Reason.MASKING_REQUIRED));
    assertThat(client().configMaps().inNamespace("staging").withName("customers").get()).isNull();
  }

  private static DataMasking maskingOff() {
    DataMasking off = new DataMasking();
    off.setEnabled(false);
    return off;
  }

  private static SeedData from(String environment, SeedData.Kind kind, String name) {
    SeedData seed = new SeedData();
    seed.setFromEnvironment(environment);
    seed.setKind(kind);
    seed.setName(name);
    return seed;
  }
}
