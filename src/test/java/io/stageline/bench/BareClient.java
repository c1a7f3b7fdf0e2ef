package io.stageline.bench;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.embedded.EmbeddedApiServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The baseline: a bare fabric8 client writing what the operator wrote for one Environment (copied
 * from the operator's run), for N Environments: the Environment, its managed objects, its status.
 */
final class BareClient {
  static volatile double lastWritesPerEnvironment;

  record Timing(double seconds) {}

  /** The namespace and the objects in it that the operator created for an Environment. */
  static List<HasMetadata> managedObjectsOf(KubernetesClient client, String environment) {
    List<HasMetadata> objects = new ArrayList<>();
    objects.add(client.namespaces().withName(environment).get());
    objects.addAll(client.resourceQuotas().inNamespace(environment).list().getItems());
    objects.addAll(client.limitRanges().inNamespace(environment).list().getItems());
    objects.addAll(client.network().networkPolicies().inNamespace(environment).list().getItems());
    return objects;
  }

  static Timing run(int n, List<HasMetadata> templates, Environment withStatus) {
    try (EmbeddedApiServer api = EmbeddedApiServer.start(0); KubernetesClient client = api.newClient()) {
      double seconds = write(n, client, client, templates, withStatus);
      lastWritesPerEnvironment = (api.writeRequestCount() - n) / (double) n;
      return new Timing(seconds);
    }
  }

  /**
   * The writes themselves, with {@link EnvironmentScale#WRITERS} threads: {@code creator} creates each
   * Environment (as the benchmark does in the operator's run), {@code writer} what the operator made for it
   * and its status (as the operator does). Returns the seconds they took.
   */
  static double write(int n, KubernetesClient creator, KubernetesClient writer, List<HasMetadata> templates,
      Environment withStatus) {
    long start = System.nanoTime();
    EnvironmentScale.inParallel(n, i -> {
      String name = EnvironmentScale.name(i);
      Environment env = EnvironmentScale.environment(name);
      env.getMetadata().setFinalizers(withStatus.getMetadata().getFinalizers());
      Environment created = creator.resource(env).create();
      for (HasMetadata template : templates) {
        writer.resource(copy(template, name)).create();
      }
      created.setStatus(withStatus.getStatus());
      writer.resource(created).patchStatus();
    });
    return (System.nanoTime() - start) / 1e9;
  }

  private static HasMetadata copy(HasMetadata template, String environment) {
    HasMetadata copy = Serialization.clone(template);
    ObjectMeta meta = copy.getMetadata();
    String from = template instanceof Namespace ? template.getMetadata().getName() : template.getMetadata().getNamespace();
    if (template instanceof Namespace) {
      meta.setName(environment);
    } else {
      meta.setNamespace(environment);
    }
    meta.setLabels(renamed(meta.getLabels(), from, environment));
    meta.setResourceVersion(null);
    meta.setUid(null);
    meta.setCreationTimestamp(null);
    meta.setManagedFields(null);
    meta.setGeneration(null);
    return copy;
  }

  private static Map<String, String> renamed(Map<String, String> labels, String from, String to) {
    return labels == null ? null : labels.entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().equals(from) ? to : e.getValue()));
  }
}
