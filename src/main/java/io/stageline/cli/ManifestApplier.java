package io.stageline.cli;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
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
 * before the policies and promotions that refer to them).
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
    for (HasMetadata object : objects) {
      client.resource(object).createOr(NonDeletingOperation::update);
      LOG.info("applied {} {}", object.getKind(), describe(object));
    }
    return objects;
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
