package io.stageline.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.stageline.testing.Awaits;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What kube-controller-manager's namespace controller and garbage collector do, done by the
 * embedded API: a deleted namespace is Terminating (and refuses new content) until its contents
 * are gone; objects whose every owner is gone are deleted.
 */
class NamespaceLifecycleAndCollectionTest {
  static EmbeddedApiServer api;
  static KubernetesClient client;

  @BeforeAll
  static void start() {
    api = EmbeddedApiServer.start(0);
    client = api.newClient();
  }

  @AfterAll
  static void stop() {
    client.close();
    api.close();
  }

  private static void namespace(String name) {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
  }

  private static ConfigMap configMap(String ns, String name, List<String> finalizers, HasMetadata... owners) {
    List<OwnerReference> references = java.util.Arrays.stream(owners).map(o -> new OwnerReferenceBuilder()
        .withApiVersion(o.getApiVersion()).withKind(o.getKind()).withName(o.getMetadata().getName())
        .withUid(o.getMetadata().getUid()).build()).toList();
    return client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName(name)
        .withFinalizers(finalizers).withOwnerReferences(references).endMetadata().build()).create();
  }

  private static boolean gone(String ns, String name) {
    return client.configMaps().inNamespace(ns).withName(name).get() == null;
  }

  @Test
  void aDeletedNamespaceIsTerminatingAndRefusesNewContentUntilItsContentsAreGone() {
    namespace("leaving");
    configMap("leaving", "plain", List.of());
    configMap("leaving", "held", List.of("example.com/hold"));

    client.namespaces().withName("leaving").delete();

    Namespace terminating = client.namespaces().withName("leaving").get();
    assertThat(terminating.getStatus().getPhase()).isEqualTo("Terminating");
    assertThat(terminating.getMetadata().getDeletionTimestamp()).isNotNull();
    await().atMost(Awaits.TIMEOUT).until(() -> gone("leaving", "plain"));
    assertThat(client.configMaps().inNamespace("leaving").withName("held").get().getMetadata()
        .getDeletionTimestamp()).isNotNull();
    assertThat(client.namespaces().withName("leaving").get().getStatus().getPhase()).isEqualTo("Terminating");

    assertThatThrownBy(() -> configMap("leaving", "late", List.of()))
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(403);
          assertThat(e.getStatus().getMessage()).isEqualTo("configmaps \"late\" is forbidden: unable to create new "
              + "content in namespace leaving because it is being terminated");
          assertThat(e.getStatus().getDetails().getCauses()).extracting("reason").containsExactly("NamespaceTerminating");
        });

    client.configMaps().inNamespace("leaving").withName("held").edit(cm -> {
      cm.getMetadata().setFinalizers(null);
      return cm;
    });
    await().atMost(Awaits.TIMEOUT).until(() -> client.namespaces().withName("leaving").get() == null);
  }

  @Test
  void dependentsWhoseEveryOwnerIsGoneAreCollectedInTurnAndOthersKept() {
    namespace("owners");
    ConfigMap owner = configMap("owners", "owner", List.of());
    ConfigMap other = configMap("owners", "other", List.of());
    ConfigMap child = configMap("owners", "child", List.of(), owner);
    configMap("owners", "grandchild", List.of(), child);
    configMap("owners", "shared", List.of(), owner, other);
    configMap("owners", "unowned", List.of());

    client.configMaps().inNamespace("owners").withName("owner").delete();

    await().atMost(Awaits.TIMEOUT).until(() -> gone("owners", "child") && gone("owners", "grandchild"));
    assertThat(gone("owners", "shared")).as("one of its owners is left").isFalse();
    assertThat(gone("owners", "unowned")).isFalse();
    assertThat(gone("owners", "other")).isFalse();
  }

  @Test
  void anObjectCreatedForAnOwnerThatNoLongerExistsIsCollected() {
    namespace("late-owner");
    ConfigMap ghost = new ConfigMapBuilder().withNewMetadata().withName("ghost").withUid(UUID.randomUUID().toString())
        .endMetadata().build();
    ghost.setApiVersion("v1");
    ghost.setKind("ConfigMap");
    configMap("late-owner", "orphan", List.of(), ghost);

    await().atMost(Awaits.TIMEOUT).until(() -> gone("late-owner", "orphan"));
  }
}
