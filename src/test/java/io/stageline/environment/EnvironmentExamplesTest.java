package io.stageline.environment;

import static io.stageline.environment.TestEnvironments.get;
import static io.stageline.testing.Environments.isReady;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.api.v1alpha1.EnvironmentConditions;
import io.stageline.testing.Awaits;
import io.stageline.testing.OperatorExtension;
import java.io.FileInputStream;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The example delivery path renders its layered config, fills its secrets and reports parity. */
class EnvironmentExamplesTest {
  @RegisterExtension
  OperatorExtension op = OperatorExtension.running();

  @Test
  void examplePathHasConfigSecretsAndParity() throws Exception {
    KubernetesClient client = op.client();
    for (String file : List.of("examples/config-and-secrets.yaml", "examples/environments.yaml", "examples/seed-data.yaml")) {
      try (InputStream in = new FileInputStream(file)) {
        client.load(in).createOrReplace();
      }
    }

    await().atMost(Awaits.TIMEOUT).until(() -> List.of("development", "test", "staging", "production")
        .stream().allMatch(name -> isReady(client, name)));

    assertThat(client.configMaps().inNamespace("shop-dev").withName(ConfigStep.STABLE).get().getData())
        .containsEntry("log.level", "debug").containsEntry("db.url", "jdbc:postgresql://shop-db.shop-dev:5432/shop");
    assertThat(client.configMaps().inNamespace("shop-prod").withName(ConfigStep.STABLE).get().getData())
        .containsEntry("payments.provider", "live").containsEntry("log.level", "info");
    assertThat(client.secrets().inNamespace("shop-prod").withName("shop-db").get().getData()).containsOnlyKeys("username", "password");
    assertThat(client.secrets().inNamespace("shop-dev").withName("shop-db").get().getData()).containsOnlyKeys("username", "password");
    assertThat(TestEnvironments.conditionReason(get(client, "test"), EnvironmentConditions.Type.IN_PARITY)).isEqualTo("InParity");
    assertThat(TestEnvironments.conditionReason(get(client, "production"), EnvironmentConditions.Type.BACKUP_SCHEDULED))
        .isEqualTo("VeleroNotInstalled");
  }
}
