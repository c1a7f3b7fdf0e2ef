package io.stageline.environment.seed;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.environment.EnvironmentLabels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Puts the planned objects into the namespace, writing only what differs, and removes objects an
 * earlier seeding wrote that the plan no longer has. Objects seeding did not write are never touched.
 */
final class SeedWriter {
  private final KubernetesClient client;

  SeedWriter(KubernetesClient client) {
    this.client = client;
  }

  /** Refuses a plan that would overwrite an object seeding did not write. */
  void checkTargets(SeedPlan plan) {
    for (HasMetadata desired : plan.objects) {
      HasMetadata existing = existing(desired);
      if (existing != null && !isSeeded(existing)) {
        throw new SeedProblem(SeedReasons.TARGET_NOT_SEEDED, SeedPlan.ref(desired) + " already exists in namespace "
            + desired.getMetadata().getNamespace() + " and was not written by seeding; it is left alone");
      }
    }
  }

  /** Writes what changed; returns the refs of objects created, updated or deleted. */
  List<String> write(Environment env, SeedPlan plan) {
    List<String> changed = new ArrayList<>();
    for (HasMetadata desired : plan.objects) {
      HasMetadata existing = existing(desired);
      if (existing == null) {
        client.resource(desired).create();
        changed.add(describe(desired));
      } else if (!sameContent(existing, desired)) {
        Map<String, String> labels = new HashMap<>(existing.getMetadata().getLabels());
        labels.putAll(desired.getMetadata().getLabels());
        desired.getMetadata().setLabels(labels);
        desired.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
        client.resource(desired).update();
        changed.add(describe(desired));
      }
    }
    Set<String> wanted = plan.objects.stream().map(SeedPlan::ref).collect(Collectors.toSet());
    for (HasMetadata stale : seededObjects(env)) {
      if (!wanted.contains(SeedPlan.ref(stale))) {
        client.resource(stale).delete();
        changed.add(SeedPlan.ref(stale) + " (removed)");
      }
    }
    return changed;
  }

  /** The ref, marked when a copy from another Environment went unmasked, so the audit line says so. */
  private static String describe(HasMetadata o) {
    Map<String, String> labels = o.getMetadata().getLabels();
    boolean copied = !SeedPlanner.SYNTHETIC.equals(labels.get(SeedLabels.SOURCE));
    return SeedPlan.ref(o) + (copied && "false".equals(labels.get(SeedLabels.MASKED)) ? " (unmasked)" : "");
  }

  /** Objects an earlier seeding of this Environment wrote into its namespace. */
  List<HasMetadata> seededObjects(Environment env) {
    Map<String, String> labels = Map.of(SeedLabels.SEEDED, "true",
        EnvironmentLabels.ENVIRONMENT, env.getMetadata().getName());
    String ns = env.targetNamespace();
    return Stream.concat(
        client.configMaps().inNamespace(ns).withLabels(labels).list().getItems().stream(),
        client.secrets().inNamespace(ns).withLabels(labels).list().getItems().stream())
        .map(o -> (HasMetadata) o)
        .toList();
  }

  private HasMetadata existing(HasMetadata desired) {
    String ns = desired.getMetadata().getNamespace();
    String name = desired.getMetadata().getName();
    return desired instanceof Secret
        ? client.secrets().inNamespace(ns).withName(name).get()
        : client.configMaps().inNamespace(ns).withName(name).get();
  }

  private static boolean isSeeded(HasMetadata o) {
    return o.getMetadata().getLabels() != null && "true".equals(o.getMetadata().getLabels().get(SeedLabels.SEEDED));
  }

  private static boolean sameContent(HasMetadata existing, HasMetadata desired) {
    Map<String, String> have = existing.getMetadata().getLabels() == null ? Map.of() : existing.getMetadata().getLabels();
    if (!have.entrySet().containsAll(desired.getMetadata().getLabels().entrySet())) {
      return false;
    }
    if (existing instanceof ConfigMap e && desired instanceof ConfigMap d) {
      return Objects.equals(orEmpty(e.getData()), orEmpty(d.getData()))
          && Objects.equals(orEmpty(e.getBinaryData()), orEmpty(d.getBinaryData()));
    }
    if (existing instanceof Secret e && desired instanceof Secret d) {
      return Objects.equals(orEmpty(e.getData()), orEmpty(d.getData())) && Objects.equals(e.getType(), d.getType());
    }
    return false;
  }

  private static Map<String, String> orEmpty(Map<String, String> m) {
    return m == null ? Map.of() : m;
  }
}
