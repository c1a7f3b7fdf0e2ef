package io.stageline.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.EnvironmentSpec;
import io.stageline.api.v1alpha1.Stage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedApiServerTest {

  @Test
  void startsWithTheStagelineCrdsInstalledAndServesTheKinds(@TempDir Path dir) throws Exception {
    try (EmbeddedApiServer api = EmbeddedApiServer.start(0); KubernetesClient client = api.newClient()) {
      assertThat(client.apiextensions().v1().customResourceDefinitions().list().getItems())
          .extracting(crd -> crd.getMetadata().getName())
          .contains("environments.stageline.io", "promotions.stageline.io", "accesspolicies.stageline.io");

      Environment env = new Environment();
      env.getMetadata().setName("dev");
      env.setSpec(new EnvironmentSpec());
      env.getSpec().setStage(Stage.development);
      client.resource(env).create();
      assertThat(client.resources(Environment.class).withName("dev").get().getSpec().getStage())
          .isEqualTo(Stage.development);

      Path kubeconfig = dir.resolve("kubeconfig");
      api.writeKubeconfig(kubeconfig);
      assertThat(Files.readString(kubeconfig)).contains("server: " + api.url());
    }
  }
}
