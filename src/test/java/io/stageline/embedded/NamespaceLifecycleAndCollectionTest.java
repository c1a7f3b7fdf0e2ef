package io.stageline.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.stageline.testing.Awaits;
import io.stageline.testing.EmbeddedApi;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What kube-controller-manager's namespace controller and garbage collector do, done by the
 * embedded API: a deleted namespace is Terminating (and refuses new content) until its contents
 * are gone; creating in a namespace that does not exist is refused; objects whose every owner is
 * gone are deleted, in the foreground or leaving orphans when the owner's deletion asks so.
 */
class NamespaceLifecycleAndCollectionTest {
  @RegisterExtension static final EmbeddedApi api = EmbeddedApi.requiringExistingNamespaces();

  private static void namespace(String name) {
    api.admin().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
  }

  private static ConfigMap configMap(String ns, String name, List<String> finalizers, HasMetadata... owners) {
    return configMap(ns, name, finalizers, false, owners);
  }

  private static ConfigMap configMap(String ns, String name, List<String> finalizers, boolean blockOwnerDeletion,
      HasMetadata... owners) {
    List<OwnerReference> references = java.util.Arrays.stream(owners).map(o -> new OwnerReferenceBuilder()
        .withApiVersion(o.getApiVersion()).withKind(o.getKind()).withName(o.getMetadata().getName())
        .withUid(o.getMetadata().getUid()).withBlockOwnerDeletion(blockOwnerDeletion ? true : null).build()).toList();
    return api.admin().configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName(name)
        .withFinalizers(finalizers).withOwnerReferences(references).endMetadata().build()).create();
  }

  private static boolean gone(String ns, String name) {
    return api.admin().configMaps().inNamespace(ns).withName(name).get() == null;
  }

  @Test
  void aDeletedNamespaceIsTerminatingAndRefusesNewContentUntilItsContentsAreGone() {
    namespace("leaving");
    configMap("leaving", "plain", List.of());
    configMap("leaving", "held", List.of("example.com/hold"));

    api.admin().namespaces().withName("leaving").delete();

    Namespace terminating = api.admin().namespaces().withName("leaving").get();
    assertThat(terminating.getStatus().getPhase()).isEqualTo("Terminating");
    assertThat(terminating.getMetadata().getDeletionTimestamp()).isNotNull();
    await().atMost(Awaits.TIMEOUT).until(() -> gone("leaving", "plain"));
    assertThat(api.admin().configMaps().inNamespace("leaving").withName("held").get().getMetadata()
        .getDeletionTimestamp()).isNotNull();
    assertThat(api.admin().namespaces().withName("leaving").get().getStatus().getPhase()).isEqualTo("Terminating");

    assertThatThrownBy(() -> configMap("leaving", "late", List.of()))
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(403);
          assertThat(e.getStatus().getMessage()).isEqualTo("configmaps \"late\" is forbidden: unable to create new "
              + "content in namespace leaving because it is being terminated");
          assertThat(e.getStatus().getDetails().getCauses()).extracting("reason").containsExactly("NamespaceTerminating");
        });

    api.admin().configMaps().inNamespace("leaving").withName("held").edit(cm -> {
      cm.getMetadata().setFinalizers(null);
      return cm;
    });
    await().atMost(Awaits.TIMEOUT).until(() -> api.admin().namespaces().withName("leaving").get() == null);
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

    api.admin().configMaps().inNamespace("owners").withName("owner").delete();

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

  @Test
  void aCreateInANamespaceThatDoesNotExistIsNotFoundAsOnARealServer() {
    assertThatThrownBy(() -> configMap("nowhere", "lost", List.of()))
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(404);
          assertThat(e.getStatus().getReason()).isEqualTo("NotFound");
          assertThat(e.getStatus().getMessage()).isEqualTo("namespaces \"nowhere\" not found");
          assertThat(e.getStatus().getDetails().getKind()).isEqualTo("namespaces");
        });
    assertThat(api.admin().namespaces().withName("nowhere").get()).as("nothing created").isNull();
    assertThat(api.admin().namespaces().list().getItems()).extracting(n -> n.getMetadata().getName())
        .as("kube-apiserver's system namespaces exist from the start")
        .contains("default", "kube-system", "kube-public", "kube-node-lease");
    configMap("default", "found", List.of());
  }

  @Test
  void aForegroundDeletionKeepsTheOwnerUntilItsBlockingDependentsAreGone() {
    namespace("foreground");
    ConfigMap owner = configMap("foreground", "owner", List.of());
    configMap("foreground", "quick", List.of(), owner);
    configMap("foreground", "blocking", List.of("example.com/hold"), true, owner);

    api.admin().configMaps().inNamespace("foreground").withName("owner").withPropagationPolicy(DeletionPropagation.FOREGROUND)
        .delete();

    await().atMost(Awaits.TIMEOUT).until(() -> gone("foreground", "quick"));
    ConfigMap waiting = api.admin().configMaps().inNamespace("foreground").withName("owner").get();
    assertThat(waiting.getMetadata().getDeletionTimestamp()).isNotNull();
    assertThat(waiting.getMetadata().getFinalizers()).containsExactly("foregroundDeletion");
    assertThat(api.admin().configMaps().inNamespace("foreground").withName("blocking").get().getMetadata()
        .getDeletionTimestamp()).as("the blocking dependent is being deleted").isNotNull();

    api.admin().configMaps().inNamespace("foreground").withName("blocking").edit(cm -> {
      cm.getMetadata().setFinalizers(null);
      return cm;
    });
    await().atMost(Awaits.TIMEOUT).until(() -> gone("foreground", "blocking") && gone("foreground", "owner"));
  }

  @Test
  void anOrphaningDeletionRemovesTheOwnerAndLeavesItsDependentsWithoutItsReference() {
    namespace("orphaning");
    ConfigMap owner = configMap("orphaning", "owner", List.of());
    ConfigMap other = configMap("orphaning", "other", List.of());
    configMap("orphaning", "only-child", List.of(), owner);
    configMap("orphaning", "shared-child", List.of(), owner, other);

    api.admin().configMaps().inNamespace("orphaning").withName("owner").withPropagationPolicy(DeletionPropagation.ORPHAN)
        .delete();

    await().atMost(Awaits.TIMEOUT).until(() -> gone("orphaning", "owner"));
    ConfigMap onlyChild = api.admin().configMaps().inNamespace("orphaning").withName("only-child").get();
    assertThat(onlyChild.getMetadata().getDeletionTimestamp()).isNull();
    assertThat(onlyChild.getMetadata().getOwnerReferences()).isEmpty();
    assertThat(api.admin().configMaps().inNamespace("orphaning").withName("shared-child").get().getMetadata()
        .getOwnerReferences()).extracting(OwnerReference::getName).containsExactly("other");
  }

  @Test
  void anUnknownPropagationPolicyIsInvalidAndDeletesNothing() throws Exception {
    namespace("unknown-policy");
    configMap("unknown-policy", "kept", List.of());
    var response = ApiHttp.client(api.server()).send(ApiHttp.asAdmin(api.server(), "/api/v1/namespaces/unknown-policy/configmaps/kept")
        .header("Content-Type", "application/json")
        .method("DELETE", java.net.http.HttpRequest.BodyPublishers.ofString("{\"propagationPolicy\":\"Sideways\"}"))
        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(response.body()).contains("propagationPolicy: Unsupported value: \\\"Sideways\\\"");
    assertThat(gone("unknown-policy", "kept")).isFalse();
  }
}
