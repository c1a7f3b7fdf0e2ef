package io.stageline.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.cli.ManifestApplier;
import io.stageline.embedded.EmbeddedApiServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every manifest in deploy/ and examples/ is accepted by kubectl and by the embedded API. */
class DeployManifestsTest {
  @TempDir
  static Path tmp;

  private static EmbeddedApiServer api;
  private static Kubectl kubectl;

  @BeforeAll
  static void startApi() {
    api = EmbeddedApiServer.start(0);
    Path kubeconfig = tmp.resolve("kubeconfig");
    api.writeKubeconfig(kubeconfig);
    kubectl = new Kubectl(kubeconfig);
  }

  @AfterAll
  static void stopApi() {
    api.close();
  }

  static Stream<Path> manifests() throws IOException {
    List<Path> files = new ArrayList<>(yamlFiles(Path.of("deploy")));
    files.removeIf(p -> p.getFileName().toString().equals("kustomization.yaml"));
    files.addAll(yamlFiles(Path.of("examples")));
    return files.stream();
  }

  @ParameterizedTest
  @MethodSource("manifests")
  void kubectlAcceptsManifestInClientDryRun(Path manifest) {
    assumeTrue(Kubectl.installed(), "kubectl is not installed at " + Kubectl.BINARY);
    // kubectl validates against the server's OpenAPI documents; `explain` needs the same ones
    Kubectl.Result openApi = kubectl.run("explain", "environments.spec");
    assumeTrue(openApi.ok(), "the embedded API does not serve the discovery and OpenAPI kubectl needs yet: "
        + openApi.stderr());

    Kubectl.Result result = kubectl.run("apply", "--dry-run=client", "-f", manifest.toString());

    assertThat(result.ok()).as("kubectl apply --dry-run=client -f %s\n%s", manifest, result).isTrue();
  }

  @ParameterizedTest
  @MethodSource("manifests")
  void embeddedApiAcceptsManifest(Path manifest) {
    try (KubernetesClient client = api.newClient()) {
      List<HasMetadata> applied = new ManifestApplier(client).apply(manifest);

      assertThat(applied).as("objects in %s", manifest).isNotEmpty();
      for (HasMetadata object : applied) {
        assertThat(client.resource(object).get()).as("%s %s from %s", object.getKind(),
            object.getMetadata().getName(), manifest).isNotNull();
      }
    }
  }

  @Test
  void kubectlAppliesDeployAndThenTheExamples() {
    assumeTrue(Kubectl.installed(), "kubectl is not installed at " + Kubectl.BINARY);

    Kubectl.Result deploy = kubectl.run("apply", "-k", "deploy");
    Kubectl.Result examples = kubectl.run("apply", "-f", "examples");

    assertThat(deploy.ok()).as("kubectl apply -k deploy\n%s", deploy).isTrue();
    assertThat(deploy.stdout()).contains("deployment.apps/stageline-operator", "service/stageline-operator",
        "customresourcedefinition.apiextensions.k8s.io/environments.stageline.io");
    assertThat(examples.ok()).as("kubectl apply -f examples\n%s", examples).isTrue();
    assertThat(examples.stdout()).contains("environment.stageline.io/production");
  }

  @Test
  void kustomizationListsEveryManifestInDeploy() throws IOException {
    assumeTrue(Kubectl.installed(), "kubectl is not installed at " + Kubectl.BINARY);
    Kubectl.Result rendered = new Kubectl(null).run("kustomize", "deploy");
    assertThat(rendered.ok()).as("kubectl kustomize deploy\n%s", rendered).isTrue();

    try (KubernetesClient client = api.newClient()) {
      List<String> kustomized = names(client, rendered.stdout());
      List<String> expected = new ArrayList<>();
      for (Path file : manifests().filter(p -> p.startsWith("deploy")).toList()) {
        expected.addAll(names(client, Files.readString(file)));
      }
      for (Path crd : yamlFiles(Path.of("crds"))) {
        if (!crd.getFileName().toString().startsWith("kustomization")) {
          expected.addAll(names(client, Files.readString(crd)));
        }
      }
      assertThat(kustomized).containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  private static List<String> names(KubernetesClient client, String yaml) {
    try (InputStream in = new java.io.ByteArrayInputStream(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
      return client.load(in).items().stream()
          .map(o -> o.getKind() + "/" + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName())
          .toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<Path> yamlFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile)
          .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .sorted()
          .toList();
    }
  }
}
