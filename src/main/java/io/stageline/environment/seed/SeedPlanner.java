package io.stageline.environment.seed;

import io.stageline.conditions.InputProblem;
import io.stageline.api.v1alpha1.EnvironmentConditions;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.api.Labels;
import io.stageline.api.v1alpha1.DataMasking;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.SeedData;
import io.stageline.masking.InvalidMaskingRuleException;
import io.stageline.masking.Masker;
import io.stageline.masking.MaskingKey;
import io.stageline.masking.MaskingPolicy;
import io.stageline.masking.SyntheticDataGenerator;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Works out, without writing anything, what each {@code seedData} entry puts into the namespace:
 * copies of ConfigMaps/Secrets from another Environment's namespace, masked as {@link SeedFlow}
 * demands, or synthetic data sets. Any bad entry stops the whole plan (nothing half-seeded).
 */
final class SeedPlanner {
  /** Bad seed input, reported on SeedDataReady. */
  static InputProblem.Refused refused(String reason, String message) {
    return new InputProblem(EnvironmentConditions.Type.SEED_DATA_READY, reason, message).refused();
  }

  static final String SYNTHETIC = "synthetic";
  private static final String SERVICE_ACCOUNT_TOKEN = "kubernetes.io/service-account-token";

  private final KubernetesClient client;
  /** The operator's, vault and config namespaces (the masking keys live in the operator's): never a source. */
  private final Set<String> sealed;

  /** How long masking one Environment's seed data may take before the seeding is refused. */
  static final java.time.Duration MASKING_BUDGET = java.time.Duration.ofSeconds(60);
  private final java.time.Clock clock;

  SeedPlanner(KubernetesClient client, Set<String> sealed, java.time.Clock clock) {
    this.client = client;
    this.sealed = Set.copyOf(sealed);
    this.clock = clock;
  }

  /** @param environments the Environments by name (the controller's cache) */
  SeedPlan plan(Environment env, java.util.function.Function<String, Environment> environments, Supplier<MaskingKey> key) {
    SeedPlan plan = new SeedPlan();
    List<SeedData> entries = env.getSpec().getSeedData();
    for (int i = 0; i < entries.size(); i++) {
      SeedData entry = entries.get(i);
      String where = "seedData[" + i + "]";
      if (entry.getSynthetic() != null && entry.getFromEnvironment() == null) {
        plan.objects.add(synthetic(env, entry.getSynthetic(), where));
        plan.sources.add(SYNTHETIC);
      } else if (entry.getFromEnvironment() != null && entry.getSynthetic() == null) {
        copy(env, environments.apply(entry.getFromEnvironment()), entry, where, key, plan);
        plan.sources.add(entry.getFromEnvironment());
      } else {
        throw refused(EnvironmentConditions.Reason.INVALID_SEED_DATA, where + ": give either fromEnvironment or synthetic");
      }
    }
    Set<String> names = new HashSet<>();
    for (HasMetadata o : plan.objects) {
      if (!names.add(SeedPlan.ref(o))) {
        throw refused(EnvironmentConditions.Reason.INVALID_SEED_DATA, SeedPlan.ref(o) + " is seeded by more than one entry");
      }
    }
    plan.objects.sort(Comparator.comparing(SeedPlan::ref));
    return plan;
  }

  private HasMetadata synthetic(Environment env, SeedData.Synthetic spec, String where) {
    SyntheticDataGenerator.DataSet set;
    try {
      set = SyntheticDataGenerator.generate(spec);
    } catch (IllegalArgumentException e) {
      throw refused(EnvironmentConditions.Reason.INVALID_SEED_DATA, where + ": " + e.getMessage());
    }
    return new ConfigMapBuilder()
        .withMetadata(meta(env, set.name(), SYNTHETIC, false))
        .addToData(set.key(), set.content())
        .build();
  }

  private void copy(Environment env, Environment source, SeedData entry, String where, Supplier<MaskingKey> key,
      SeedPlan plan) {
    if (source == null || source.getSpec() == null || source.getSpec().getStage() == null) {
      throw refused(EnvironmentConditions.Reason.SEED_SOURCE_NOT_FOUND,
          where + ": Environment " + entry.getFromEnvironment() + " does not exist");
    }
    if (source.getMetadata().getName().equals(env.getMetadata().getName())) {
      throw refused(EnvironmentConditions.Reason.INVALID_SEED_DATA, where + ": an Environment cannot seed from itself");
    }
    String from = ownedNamespace(source, where);
    // the owner's stage decides masking: ownedNamespace proved that the source owns the namespace
    SeedFlow flow = SeedFlow.decide(source.getSpec().getStage(), env.getSpec().getStage(), env.getSpec().getDataMasking());
    if (flow.refusal() != null) {
      throw refused(EnvironmentConditions.Reason.MASKING_REQUIRED, where + " from " + source.getMetadata().getName() + ": "
          + flow.refusal());
    }
    Masker masker = null;
    if (flow.mask()) {
      try {
        MaskingPolicy policy = MaskingPolicy.from(env.getSpec().getDataMasking(), flow.forceDetectors());
        if (entry.effectiveKind() == SeedData.Kind.Secret && flow.downward()) {
          // credentials are no PII a detector knows: a Secret's keys that no rule names keep only their format
          policy = policy.withUnnamedKeys(DataMasking.Strategy.keepFormat);
        }
        masker = new Masker(policy, key.get()).withBudget(clock, MASKING_BUDGET);
      } catch (InvalidMaskingRuleException e) {
        throw refused(EnvironmentConditions.Reason.INVALID_MASKING_RULE, e.getMessage());
      }
    }
    List<? extends HasMetadata> originals = read(entry, from, where);
    if (originals.isEmpty()) {
      plan.notes.add(where + ": no " + entry.effectiveKind() + " in " + from + " matches the selector");
    }
    for (HasMetadata original : originals) {
      HasMetadata copy;
      try {
        copy = original instanceof Secret s
            ? copySecret(env, s, source, masker, plan)
            : copyConfigMap(env, (ConfigMap) original, source, masker);
      } catch (io.stageline.masking.MaskingBudgetExceededException e) {
        throw refused(EnvironmentConditions.Reason.MASKING_TIMED_OUT, where + ": masking " + entry.effectiveKind() + " "
            + original.getMetadata().getName() + " took longer than " + MASKING_BUDGET.toSeconds()
            + "s; nothing was written (fewer or smaller objects, or narrower rules)");
      }
      if (copy != null) {
        plan.objects.add(copy);
      }
    }
    if (masker != null) {
      plan.stats.add(masker.stats());
      masker.notes().forEach(n -> plan.notes.add(entry.effectiveKind() + " from " + from + ": " + n));
    }
  }

  /**
   * The source's namespace, when the source really owns it: the namespace carries the operator's own
   * label naming the source. An Environment refused for NamespaceConflict or NamespaceReserved names a
   * namespace it does not own (a "shadow" of production, the vault, the operator's own), and its
   * {@code spec.stage} says nothing about the data there; it is never a source.
   */
  private String ownedNamespace(Environment source, String where) {
    String namespace = source.targetNamespace();
    String name = source.getMetadata().getName();
    if (sealed.contains(namespace)) {
      throw refused(EnvironmentConditions.Reason.SEED_SOURCE_NOT_OWNED, where + ": namespace " + namespace
          + " is reserved to the operator and is never a seed source");
    }
    io.fabric8.kubernetes.api.model.Namespace ns = client.namespaces().withName(namespace).get();
    if (ns == null || !Labels.isManagedByStageline(ns) || !name.equals(Labels.environmentOf(ns))
        || !source.getSpec().getStage().value().equals(Labels.stageOf(ns))) {
      throw refused(EnvironmentConditions.Reason.SEED_SOURCE_NOT_OWNED, where + ": Environment " + name
          + " does not own namespace " + namespace + " (only a provisioned Environment's own namespace is a source)");
    }
    return namespace;
  }

  private List<? extends HasMetadata> read(SeedData entry, String namespace, String where) {
    boolean secrets = entry.effectiveKind() == SeedData.Kind.Secret;
    if (entry.getName() != null) {
      HasMetadata found = secrets
          ? client.secrets().inNamespace(namespace).withName(entry.getName()).get()
          : client.configMaps().inNamespace(namespace).withName(entry.getName()).get();
      if (found == null) {
        throw refused(EnvironmentConditions.Reason.SEED_OBJECT_NOT_FOUND,
            where + ": " + entry.effectiveKind() + " " + entry.getName() + " not found in namespace " + namespace);
      }
      return List.of(found);
    }
    LabelSelector selector = entry.getSelector();
    if (selector == null) {
      throw refused(EnvironmentConditions.Reason.INVALID_SEED_DATA, where + ": name or selector is required");
    }
    return secrets
        ? client.secrets().inNamespace(namespace).withLabelSelector(selector).list().getItems()
        : client.configMaps().inNamespace(namespace).withLabelSelector(selector).list().getItems();
  }

  private static ConfigMap copyConfigMap(Environment env, ConfigMap original, Environment source, Masker masker) {
    Map<String, String> data = original.getData() == null ? Map.of() : original.getData();
    Map<String, String> binary = original.getBinaryData() == null ? Map.of() : original.getBinaryData();
    return new ConfigMapBuilder()
        .withMetadata(meta(env, original.getMetadata().getName(), source.getMetadata().getName(), masker != null))
        .withData(masker == null ? new LinkedHashMap<>(data) : masker.maskAll(data))
        .withBinaryData(masker == null ? new LinkedHashMap<>(binary) : maskBase64(binary, masker))
        .build();
  }

  private static Secret copySecret(Environment env, Secret original, Environment source, Masker masker, SeedPlan plan) {
    if (SERVICE_ACCOUNT_TOKEN.equals(original.getType())) {
      plan.notes.add("Secret " + original.getMetadata().getName() + " is a service account token and is not copied");
      return null;
    }
    Map<String, String> data = original.getData() == null ? Map.of() : original.getData();
    return new SecretBuilder()
        .withMetadata(meta(env, original.getMetadata().getName(), source.getMetadata().getName(), masker != null))
        .withType(original.getType())
        .withData(masker == null ? new LinkedHashMap<>(data) : maskBase64(data, masker))
        .build();
  }

  private static Map<String, String> maskBase64(Map<String, String> data, Masker masker) {
    Map<String, String> out = new LinkedHashMap<>();
    data.forEach((k, v) -> {
      byte[] masked = masker.maskBytes(k, Base64.getDecoder().decode(v));
      if (masked != null) {
        out.put(k, Base64.getEncoder().encodeToString(masked));
      }
    });
    return out;
  }

  private static ObjectMeta meta(Environment env, String name, String source, boolean masked) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(env.targetNamespace())
        .withLabels(Labels.managed(env))
        .addToLabels(Labels.PART, "seed-data")
        .addToLabels(Labels.SEEDED, "true")
        .addToLabels(Labels.SEED_SOURCE, source)
        .addToLabels(Labels.MASKED, Boolean.toString(masked))
        .build();
  }
}
