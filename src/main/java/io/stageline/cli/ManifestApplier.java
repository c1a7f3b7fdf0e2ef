package io.stageline.cli;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the manifests of a directory, like {@code kubectl apply -f DIR}: every YAML file directly
 * in it (not in subdirectories, as kubectl without {@code -R}), objects that others depend on first (namespaces before what lives in them, Environments
 * before the policies and promotions that refer to them). An object in a namespace that does not
 * exist yet, where the batch has Environments, is applied once the operator has provisioned it.
 */
public final class ManifestApplier {
  private static final Logger LOG = LoggerFactory.getLogger(ManifestApplier.class);
  private static final Map<String, Integer> ORDER = Map.ofEntries(
      Map.entry("Namespace", 0),
      Map.entry("CustomResourceDefinition", 1),
      Map.entry("ServiceAccount", 2),
      Map.entry("ClusterRole", 2),
      Map.entry("Role", 2),
      Map.entry("ConfigMap", 3),
      Map.entry("Secret", 3),
      Map.entry("ClusterRoleBinding", 4),
      Map.entry("RoleBinding", 4),
      Map.entry("Environment", 5),
      Map.entry("AccessPolicy", 6),
      Map.entry("Promotion", 9));

  private static final int HTTP_CONFLICT = 409;
  /** As many tries as fabric8's own edit retries; each starts from a fresh read. */
  private static final int MAX_ATTEMPTS = 10;

  /** How long an object waits for the namespace an Environment of the same batch provisions. */
  private static final java.time.Duration NAMESPACE_PATIENCE = java.time.Duration.ofMinutes(2);

  private final KubernetesClient client;

  public ManifestApplier(KubernetesClient client) {
    this.client = client;
  }

  /** Applies everything under the directory; returns the objects applied, in order. */
  public List<HasMetadata> apply(Path dir) {
    List<HasMetadata> objects = new ArrayList<>();
    for (Path file : yamlFiles(dir)) {
      try (InputStream in = Files.newInputStream(file)) {
        objects.addAll(client.load(in).items());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      } catch (KubernetesClientException | IllegalArgumentException e) {
        throw new IllegalArgumentException(file + " is not a valid manifest: " + e.getMessage(), e);
      }
    }
    objects.sort(Comparator.comparingInt(o -> ORDER.getOrDefault(o.getKind(), 7)));
    boolean environmentsProvision = objects.stream().anyMatch(o -> o.getKind().equals("Environment"));
    Map<HasMetadata, KubernetesClientException> deferred = new java.util.LinkedHashMap<>();
    for (HasMetadata object : objects) {
      try {
        applyOne(object);
        LOG.info("applied {} {}", object.getKind(), describe(object));
      } catch (KubernetesClientException e) {
        if (!environmentsProvision || !namespaceMissing(e)) {
          throw e;
        }
        deferred.put(object, e);
      }
    }
    // objects in a namespace an Environment of this batch provisions: the operator creates it shortly
    for (var entry : deferred.entrySet()) {
      HasMetadata object = entry.getKey();
      awaitNamespace(object.getMetadata().getNamespace(), entry.getValue());
      applyOne(object);
      LOG.info("applied {} {}", object.getKind(), describe(object));
    }
    return objects;
  }

  /** The API's answer to a create in a namespace that does not exist: 404 for the namespace. */
  private static boolean namespaceMissing(KubernetesClientException e) {
    return e.getCode() == 404 && e.getStatus() != null && e.getStatus().getDetails() != null
        && "namespaces".equals(e.getStatus().getDetails().getKind());
  }

  private void awaitNamespace(String namespace, KubernetesClientException missing) {
    long deadline = System.nanoTime() + NAMESPACE_PATIENCE.toNanos();
    LOG.info("waiting for namespace {} (an Environment provisions it)", namespace);
    for (int attempt = 1; client.namespaces().withName(namespace).get() == null; attempt++) {
      if (System.nanoTime() > deadline) {
        throw new KubernetesClientException("namespace " + namespace + " does not exist, and no Environment created it "
            + "within " + NAMESPACE_PATIENCE.toSeconds() + "s", missing);
      }
      backOff(attempt);
    }
  }

  /**
   * Creates the object, or replaces what the manifest states of the live one. Controllers write the
   * objects a manifest names (status, finalizers) between our read and our write; like kubectl, a
   * conflict that comes only from such a write is retried on a fresh read rather than reported. A
   * manifest that pins a resourceVersion asks for exactly that version, so its conflict is the answer.
   */
  private void applyOne(HasMetadata manifest) {
    boolean pinned = manifest.getMetadata().getResourceVersion() != null;
    for (int attempt = 1; ; attempt++) {
      try {
        HasMetadata live = client.resource(manifest).get();
        if (live == null) {
          client.resource(manifest).create();
        } else {
          client.resource(replacing(manifest, live, pinned)).update();
        }
        return;
      } catch (KubernetesClientException e) {
        // 409 is both "modified since read" and "created since read": both resolve on a fresh read
        if (e.getCode() != HTTP_CONFLICT || pinned || attempt >= MAX_ATTEMPTS) {
          throw e;
        }
        LOG.debug("{} {} changed while applying, retrying on a fresh read", manifest.getKind(), describe(manifest));
        backOff(attempt);
      }
    }
  }

  /**
   * The manifest at the live version, keeping the metadata that controllers own and manifests do not
   * state (finalizers, owner references): a replace without them would drop a controller's finalizer,
   * which {@code kubectl apply} never does.
   */
  private HasMetadata replacing(HasMetadata manifest, HasMetadata live, boolean pinned) {
    HasMetadata desired = client.getKubernetesSerialization().clone(manifest);
    ObjectMeta meta = desired.getMetadata();
    if (!pinned) {
      meta.setResourceVersion(live.getMetadata().getResourceVersion());
    }
    if (meta.getFinalizers() == null || meta.getFinalizers().isEmpty()) {
      meta.setFinalizers(live.getMetadata().getFinalizers());
    }
    if (meta.getOwnerReferences() == null || meta.getOwnerReferences().isEmpty()) {
      meta.setOwnerReferences(live.getMetadata().getOwnerReferences());
    }
    return desired;
  }

  private static void backOff(int attempt) {
    try {
      Thread.sleep(Math.min(1_000L, 20L << attempt));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while applying manifests", e);
    }
  }

  private static String describe(HasMetadata o) {
    String ns = o.getMetadata().getNamespace();
    return ns == null ? o.getMetadata().getName() : ns + "/" + o.getMetadata().getName();
  }

  private static List<Path> yamlFiles(Path dir) {
    if (Files.isRegularFile(dir)) {
      return List.of(dir);
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(Files::isRegularFile)
          .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }
}
