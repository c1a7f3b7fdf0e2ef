package io.stageline.realserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.testing.RealControlPlane.ExecResult;
import io.stageline.testing.RealControlPlane;
import io.stageline.testing.RealControlPlaneExtension;
import io.stageline.testing.RealStageline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The generated CRDs in crds/ pass a real kube-apiserver's validation, CEL cost budget included. */
@ExtendWith(RealControlPlaneExtension.class)
class CrdsOnRealServerTest {

  @Test
  void everyCrdInstallsAndIsEstablishedOnTheRealServer(RealControlPlane plane) throws IOException {
    ExecResult install = RealStageline.install(plane);

    assertThat(install.ok()).as("kubectl apply -k deploy/ (which includes crds/):\n%s", install).isTrue();
    try (KubernetesClient admin = plane.adminClient()) {
      for (Path file : crdFiles()) {
        CustomResourceDefinition shipped = admin.getKubernetesSerialization()
            .unmarshal(Files.readString(file), CustomResourceDefinition.class);
        CustomResourceDefinition stored = admin.apiextensions().v1().customResourceDefinitions()
            .withName(shipped.getMetadata().getName()).get();
        assertThat(stored).as(file.toString()).isNotNull();
        assertThat(RealStageline.established(admin, stored.getMetadata().getName())).isTrue();
        assertThat(stored.getSpec().getVersions()).extracting(CustomResourceDefinitionVersion::getName)
            .containsExactlyElementsOf(shipped.getSpec().getVersions().stream()
                .map(CustomResourceDefinitionVersion::getName).toList());
      }
    }
  }

  private static List<Path> crdFiles() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("crds"))) {
      return files.filter(p -> p.getFileName().toString().endsWith("-v1.yml")).sorted().toList();
    }
  }
}
