package io.stageline.environment.seed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.EnvironmentSpec;
import io.stageline.api.v1alpha1.Stage;
import io.stageline.embedded.EmbeddedApiServer;
import io.stageline.masking.MaskingKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An Environment's masking key is made once and never overwritten while usable: every mask made with it
 * depends on it (foreign keys across tables and runs join only under the same key).
 */
class MaskingKeyStoreTest {
  private static final String NS = "stageline-system";
  static EmbeddedApiServer api;
  static KubernetesClient client;

  private final List<Secret> remembered = new ArrayList<>();
  private final BiConsumer<Secret, Secret> cache = (written, previous) -> remembered.add(written);

  @BeforeAll
  static void start() {
    api = EmbeddedApiServer.start(0);
    client = api.newClient();
    if (client.namespaces().withName(NS).get() == null) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
    }
  }

  @AfterAll
  static void stop() {
    client.close();
    api.close();
  }

  /** The key Secret is owned by its Environment: the garbage collector removes it when the owner is missing. */
  private static Environment environment(String name) {
    Environment env = new Environment();
    env.getMetadata().setName(name);
    env.setSpec(new EnvironmentSpec());
    env.getSpec().setStage(Stage.staging);
    return await().until(() -> {
      try {
        return client.resource(env).create();
      } catch (KubernetesClientException notYetEstablished) {
        return null;
      }
    }, created -> created != null);
  }

  private static Secret stored(Environment env) {
    return client.secrets().inNamespace(NS).withName(MaskingKeyStore.secretName(env)).get();
  }

  @Test
  void aMissingKeyIsCreatedOnceAndTheCacheToldOfIt() {
    Environment env = environment("fresh");
    MaskingKey key = new MaskingKeyStore(client, NS).keyFor(env, null, cache);

    Secret secret = stored(env);
    assertThat(Base64.getDecoder().decode(secret.getData().get(MaskingKeyStore.KEY))).isEqualTo(key.bytes());
    assertThat(remembered).singleElement().satisfies(s -> assertThat(s.getMetadata().getUid())
        .isEqualTo(secret.getMetadata().getUid()));
  }

  @Test
  void aKeyTheCacheDoesNotShowYetIsUsedNotOverwritten() {
    Environment env = environment("lagging-cache");
    MaskingKeyStore store = new MaskingKeyStore(client, NS);
    MaskingKey first = store.keyFor(env, null, (w, p) -> {});
    Secret before = stored(env);

    // a second reconcile (or a new leader) whose cache has not seen the Secret yet
    MaskingKey second = store.keyFor(env, null, cache);

    assertThat(second).isEqualTo(first);
    assertThat(stored(env).getMetadata().getResourceVersion()).isEqualTo(before.getMetadata().getResourceVersion());
    assertThat(remembered).singleElement();
  }

  @Test
  void anUnusableKeyIsReplaced() {
    Environment env = environment("broken-key");
    MaskingKeyStore store = new MaskingKeyStore(client, NS);
    store.keyFor(env, null, (w, p) -> {});
    Secret broken = client.secrets().inNamespace(NS).withName(MaskingKeyStore.secretName(env))
        .edit(s -> { s.getData().put(MaskingKeyStore.KEY, "bm90IGEga2V5"); return s; });

    MaskingKey replaced = store.keyFor(env, broken, cache);

    assertThat(Base64.getDecoder().decode(stored(env).getData().get(MaskingKeyStore.KEY))).isEqualTo(replaced.bytes());
  }
}
