package io.stageline.environment.seed;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.api.Labels;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.environment.step.EnvironmentReads;
import io.stageline.kube.ManagedObjects;
import io.stageline.masking.MaskingKey;
import java.util.Base64;

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
    Secret existing = reads.managedSecret(namespace, secretName(env)).orElse(null);
    if (existing != null && existing.getData() != null && existing.getData().get(KEY) != null) {
      try {
        return MaskingKey.of(Base64.getDecoder().decode(existing.getData().get(KEY)));
      } catch (IllegalArgumentException unusable) {
        // not base64 or too short: a key nobody can have relied on; replace it
      }
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
    ManagedObjects.apply(client, existing, secret, Secret::getData, reads::remember);
    return key;
  }
}
