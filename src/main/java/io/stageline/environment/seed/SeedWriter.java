package io.stageline.environment.seed;

import io.stageline.api.v1alpha1.EnvironmentConditions;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.api.Labels;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.environment.step.EnvironmentReads;
import io.stageline.kube.ManagedObjects;
import io.stageline.kube.ManagedObjects.Outcome;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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
  void checkTargets(SeedPlan plan, EnvironmentReads reads) {
    for (HasMetadata desired : plan.objects) {
      HasMetadata existing = existing(desired, reads);
      if (existing != null && !isSeeded(existing)) {
        throw SeedPlanner.refused(EnvironmentConditions.Reason.SEED_TARGET_EXISTS, SeedPlan.ref(desired) + " already exists in namespace "
            + desired.getMetadata().getNamespace() + " and was not written by seeding; it is left alone");
      }
    }
  }

  /** Writes what changed; returns the refs of objects created, updated or deleted. */
  List<String> write(Environment env, SeedPlan plan, EnvironmentReads reads) {
    List<String> changed = new ArrayList<>();
    for (HasMetadata desired : plan.objects) {
      HasMetadata existing = existing(desired, reads);
      if (ManagedObjects.apply(client, existing, desired, SeedWriter::content, reads::remember) != Outcome.UNCHANGED) {
        changed.add(describe(desired));
      }
    }
    Set<String> wanted = plan.objects.stream().map(SeedPlan::ref).collect(Collectors.toSet());
    for (HasMetadata stale : seededObjects(env, reads)) {
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
    boolean copied = !SeedPlanner.SYNTHETIC.equals(labels.get(Labels.SEED_SOURCE));
    return SeedPlan.ref(o) + (copied && "false".equals(labels.get(Labels.MASKED)) ? " (unmasked)" : "");
  }

  /** Objects an earlier seeding of this Environment wrote into its namespace. */
  List<HasMetadata> seededObjects(Environment env, EnvironmentReads reads) {
    String ns = env.targetNamespace();
    String name = env.getMetadata().getName();
    return Stream.concat(
        reads.managedConfigMaps(ns, o -> isSeeded(o) && name.equals(Labels.environmentOf(o))).stream(),
        reads.managedSecrets(ns, o -> isSeeded(o) && name.equals(Labels.environmentOf(o))).stream())
        .map(o -> (HasMetadata) o)
        .toList();
  }

  /**
   * The object of that name: from the cache of managed objects, else from the API, since an object someone
   * else made (which seeding must not overwrite) is not cached; asked only before seeding would create one.
   */
  private HasMetadata existing(HasMetadata desired, EnvironmentReads reads) {
    String ns = desired.getMetadata().getNamespace();
    String name = desired.getMetadata().getName();
    return desired instanceof Secret
        ? reads.managedSecret(ns, name).orElseGet(() -> client.secrets().inNamespace(ns).withName(name).get())
        : reads.managedConfigMap(ns, name).orElseGet(() -> client.configMaps().inNamespace(ns).withName(name).get());
  }

  private static boolean isSeeded(HasMetadata o) {
    return o.getMetadata().getLabels() != null && "true".equals(o.getMetadata().getLabels().get(Labels.SEEDED));
  }

  /** What seeding compares: the data (a missing map is an empty one), and a Secret's type. */
  private static Object content(HasMetadata o) {
    if (o instanceof ConfigMap cm) {
      return List.of(orEmpty(cm.getData()), orEmpty(cm.getBinaryData()));
    }
    Secret secret = (Secret) o;
    return Arrays.asList(orEmpty(secret.getData()), secret.getType());
  }

  private static Map<String, String> orEmpty(Map<String, String> m) {
    return m == null ? Map.of() : m;
  }
}
