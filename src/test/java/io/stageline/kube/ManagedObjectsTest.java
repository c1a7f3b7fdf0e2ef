package io.stageline.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.embedded.EmbeddedApiServer;
import io.stageline.kube.ManagedObjects.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The one create-or-update for objects that are not dependents, against the embedded API: it writes
 * nothing when the content and marks are as desired (whatever else the object carries), creates what is missing, updates
 * what differs keeping others' labels, reads afresh and tries again when its copy was stale, and replaces
 * an object whose immutable part differs. Every write is handed to the caller's cache hook.
 */
class ManagedObjectsTest {
  private static final String NS = "managed-objects";
  static EmbeddedApiServer api;
  static KubernetesClient client;

  private final List<String> remembered = new ArrayList<>();
  private final BiConsumer<Object, Object> cache =
      (written, previous) -> remembered.add(previous == null ? "created" : "updated");

  @BeforeAll
  static void start() {
    api = EmbeddedApiServer.start(0);
    client = api.newClient();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
  }

  @AfterAll
  static void stop() {
    client.close();
    api.close();
  }

  private static ConfigMap configMap(String name, Map<String, String> data) {
    return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(NS)
        .addToLabels("app.kubernetes.io/managed-by", "stageline").endMetadata()
        .withData(data).build();
  }

  private static ConfigMap read(String name) {
    return client.configMaps().inNamespace(NS).withName(name).get();
  }

  private <R extends HasMetadata> Outcome apply(R existing, R desired,
      Function<R, Object> content) {
    return ManagedObjects.apply(client, existing, desired, content, cache::accept);
  }

  @Test
  void anAbsentObjectIsCreatedAndRemembered() {
    assertThat(apply(null, configMap("absent", Map.of("a", "1")), ConfigMap::getData)).isEqualTo(Outcome.CREATED);

    assertThat(read("absent").getData()).containsExactly(Map.entry("a", "1"));
    assertThat(remembered).containsExactly("created");
  }

  @Test
  void anObjectWithTheDesiredContentIsNotWrittenWhateverElseItCarries() {
    ConfigMap existing = client.resource(new ConfigMapBuilder(configMap("same", Map.of("a", "1")))
        .editMetadata().addToLabels("team", "payments").addToAnnotations("note", "kept").endMetadata().build())
        .create();

    assertThat(apply(existing, configMap("same", Map.of("a", "1")), ConfigMap::getData)).isEqualTo(Outcome.UNCHANGED);

    assertThat(read("same").getMetadata().getResourceVersion()).isEqualTo(existing.getMetadata().getResourceVersion());
    assertThat(remembered).isEmpty();
  }

  @Test
  void aChangedObjectIsUpdatedKeepingLabelsOthersSet() {
    ConfigMap existing = client.resource(new ConfigMapBuilder(configMap("changed", Map.of("a", "1")))
        .editMetadata().addToLabels("team", "payments").endMetadata().build()).create();

    assertThat(apply(existing, configMap("changed", Map.of("a", "2")), ConfigMap::getData)).isEqualTo(Outcome.UPDATED);

    ConfigMap now = read("changed");
    assertThat(now.getData()).containsExactly(Map.entry("a", "2"));
    assertThat(now.getMetadata().getLabels()).containsEntry("team", "payments")
        .containsEntry("app.kubernetes.io/managed-by", "stageline");
    assertThat(remembered).containsExactly("updated");
  }

  @Test
  void aStaleCopyConflictsAndTheUpdateIsRetriedOnAFreshRead() {
    ConfigMap stale = client.resource(configMap("raced", Map.of("a", "1"))).create();
    client.configMaps().inNamespace(NS).withName("raced")
        .edit(cm -> new ConfigMapBuilder(cm).editMetadata().addToLabels("edited-by", "someone").endMetadata().build());

    assertThat(apply(stale, configMap("raced", Map.of("a", "2")), ConfigMap::getData)).isEqualTo(Outcome.UPDATED);

    ConfigMap now = read("raced");
    assertThat(now.getData()).containsExactly(Map.entry("a", "2"));
    assertThat(now.getMetadata().getLabels()).as("the fresh read's labels are kept").containsEntry("edited-by", "someone");
  }

  @Test
  void anObjectMissingFromTheCallersCacheConflictsOnCreateAndIsUpdatedInstead() {
    client.resource(configMap("uncached", Map.of("a", "1"))).create();

    assertThat(apply(null, configMap("uncached", Map.of("a", "2")), ConfigMap::getData)).isEqualTo(Outcome.UPDATED);

    assertThat(read("uncached").getData()).containsExactly(Map.entry("a", "2"));
    assertThat(remembered).containsExactly("updated");
  }

  @Test
  void anObjectWhoseImmutablePartDiffersIsReplaced() {
    RoleBinding existing = client.resource(binding("replaced", "view")).create();

    Outcome outcome = ManagedObjects.apply(client, existing, binding("replaced", "edit"), RoleBinding::getSubjects,
        RoleBinding::getRoleRef, cache::accept);

    assertThat(outcome).isEqualTo(Outcome.REPLACED);
    RoleBinding now = client.rbac().roleBindings().inNamespace(NS).withName("replaced").get();
    assertThat(now.getRoleRef().getName()).isEqualTo("edit");
    assertThat(now.getMetadata().getUid()).isNotEqualTo(existing.getMetadata().getUid());
    assertThat(remembered).containsExactly("created");
  }

  private static RoleBinding binding(String name, String role) {
    return new RoleBindingBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", role)
        .addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("User").withName("ann").endSubject()
        .build();
  }
}
