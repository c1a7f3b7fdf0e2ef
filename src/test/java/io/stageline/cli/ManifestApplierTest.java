package io.stageline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.EnvironmentStatus;
import io.stageline.embedded.EmbeddedApiServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Applying manifests while a controller writes the same objects: the write that lands between the
 * applier's read and its replace is made deterministic by a client interceptor that performs it just
 * before the applier's PUT leaves.
 */
class ManifestApplierTest {
  private static final String FINALIZER = "stageline.io/cleanup";

  @TempDir
  Path dir;

  private EmbeddedApiServer api;
  private KubernetesClient admin;

  @BeforeEach
  void startApi() {
    api = EmbeddedApiServer.start(0);
    admin = api.newClient();
  }

  @AfterEach
  void stopApi() {
    admin.close();
    api.close();
  }

  @Test
  void reapplyingSucceedsWhenTheOperatorWritesStatusBetweenTheReadAndTheWrite() throws IOException {
    new ManifestApplier(admin).apply(manifest("4"));
    admin.resources(Environment.class).withName("dev").edit(e -> {
      e.getMetadata().setFinalizers(List.of(FINALIZER));
      return e;
    });
    AtomicInteger puts = new AtomicInteger();
    Interceptor statusWriterRacesEachPut = new Interceptor() {
      @Override
      public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
        if (request.method().equals("PUT") && request.uri().getPath().endsWith("/environments/dev")
            && puts.incrementAndGet() == 1) {
          writeStatus(EnvironmentStatus.Phase.Ready);
        }
      }
    };

    try (KubernetesClient racing = new KubernetesClientBuilder().withConfig(api.clientConfig())
        .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("statusWriter", statusWriterRacesEachPut))
        .build()) {
      new ManifestApplier(racing).apply(manifest("8"));
    }

    Environment live = admin.resources(Environment.class).withName("dev").get();
    assertThat(puts).as("replaces sent: the first met the status write").hasValue(2);
    assertThat(live.getSpec().getQuota()).containsEntry("pods", new Quantity("8"));
    assertThat(live.getStatus().getPhase()).as("the operator's status").isEqualTo(EnvironmentStatus.Phase.Ready);
    assertThat(live.getMetadata().getFinalizers()).as("the operator's finalizer").containsExactly(FINALIZER);
  }

  @Test
  void aManifestPinnedToAnOldResourceVersionIsRefusedWithTheConflict() throws IOException {
    new ManifestApplier(admin).apply(manifest("4"));
    String old = admin.resources(Environment.class).withName("dev").get().getMetadata().getResourceVersion();
    writeStatus(EnvironmentStatus.Phase.Ready);
    Path pinned = Files.writeString(dir.resolve("pinned.yaml"),
        Files.readString(manifest("8")).replace("name: dev", "name: dev\n  resourceVersion: \"" + old + "\""));

    assertThatThrownBy(() -> new ManifestApplier(admin).apply(pinned))
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
    assertThat(admin.resources(Environment.class).withName("dev").get().getSpec().getQuota())
        .containsEntry("pods", new Quantity("4"));
  }

  private void writeStatus(EnvironmentStatus.Phase phase) {
    try (KubernetesClient operator = api.newClient()) {
      operator.resources(Environment.class).withName("dev").editStatus(e -> {
        EnvironmentStatus status = e.getStatus() == null ? new EnvironmentStatus() : e.getStatus();
        status.setPhase(phase);
        e.setStatus(status);
        return e;
      });
    }
  }

  private Path manifest(String pods) throws IOException {
    return Files.writeString(dir.resolve("environment.yaml"), """
        apiVersion: stageline.io/v1alpha1
        kind: Environment
        metadata:
          name: dev
        spec:
          stage: development
          namespace: shop-dev
          quota:
            pods: "%s"
        """.formatted(pods));
  }
}
