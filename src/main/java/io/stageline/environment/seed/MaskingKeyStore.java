package io.stageline.environment.seed;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.stageline.api.Labels;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.environment.step.EnvironmentReads;
import io.stageline.kube.ManagedObjects;
import io.stageline.masking.MaskingKey;
import java.net.HttpURLConnection;
import java.util.Base64;
import java.util.function.BiConsumer;

/**
 * Each Environment's masking key, kept in a Secret in the operator's namespace (not the
 * Environment's, whose users could otherwise test guesses against hashed values). Generated once;
 * deleting the Secret makes a new key, and every mask changes with it. The Secret is owned by its
 * Environment, so the garbage collector removes it with the Environment.
 */
public final class MaskingKeyStore {
  public static final String KEY = "key";
  private final KubernetesClient client;
  private final String namespace;

  public MaskingKeyStore(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  public static String secretName(Environment env) {
    return "stageline-masking-key-" + env.getMetadata().getName();
  }

  public MaskingKey keyFor(Environment env, EnvironmentReads reads) {
    return keyFor(env, reads.managedSecret(namespace, secretName(env)).orElse(null), reads::remember);
  }

  /** The key, given the key Secret as the cache shows it (null: not there) and the hook that caches a write. */
  MaskingKey keyFor(Environment env, Secret existing, BiConsumer<Secret, Secret> remember) {
    MaskingKey kept = usable(existing);
    if (kept != null) {
      return kept;
    }
    MaskingKey key = MaskingKey.generate();
    Secret secret = new SecretBuilder()
        .withNewMetadata()
          .withName(secretName(env))
          .withNamespace(namespace)
          .addToLabels(Labels.MANAGED_BY, Labels.STAGELINE)
          .addToLabels(Labels.ENVIRONMENT, env.getMetadata().getName())
          .addToLabels(Labels.PURPOSE, "masking-key")
          // a namespaced object may be owned by a cluster-scoped one: the key goes with its Environment
          .addNewOwnerReference()
            .withApiVersion(env.getApiVersion())
            .withKind(env.getKind())
            .withName(env.getMetadata().getName())
            .withUid(env.getMetadata().getUid())
          .endOwnerReference()
        .endMetadata()
        .withType("Opaque")
        .addToData(KEY, Base64.getEncoder().encodeToString(key.bytes()))
        .build();
    if (existing != null) {
      // not base64 or too short: a key nobody can have relied on; replace it
      ManagedObjects.apply(client, existing, secret, Secret::getData, remember);
      return key;
    }
    // Create only, never the create-or-update of ManagedObjects: a key that exists although the cache does
    // not show it yet (written a moment ago by another reconcile or the previous leader) is used, not
    // overwritten, since a new key would change every mask made with the old one.
    try {
      remember.accept(client.resource(secret).create(), null);
      return key;
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      Secret current = client.resource(secret).get();
      kept = usable(current);
      if (kept == null) {
        throw e;
      }
      remember.accept(current, null);
      return kept;
    }
  }

  private static MaskingKey usable(Secret secret) {
    if (secret == null || secret.getData() == null || secret.getData().get(KEY) == null) {
      return null;
    }
    try {
      return MaskingKey.of(Base64.getDecoder().decode(secret.getData().get(KEY)));
    } catch (IllegalArgumentException unusable) {
      return null;
    }
  }
}
