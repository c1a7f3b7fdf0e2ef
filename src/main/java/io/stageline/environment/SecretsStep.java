package io.stageline.environment;

import io.stageline.conditions.InputProblem;
import io.stageline.api.v1alpha1.EnvironmentConditions;
import io.stageline.environment.step.StepContext;
import io.stageline.environment.step.EnvironmentStep;
import io.stageline.kube.ManagedObjects;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.stageline.api.Labels;
import io.stageline.api.v1alpha1.SecretSpec;
import io.stageline.api.v1alpha1.SecretStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Per-stage Secrets: copied from a Secret in the vault namespace (kept in sync), or generated once for
 * non-production stages and kept across reconciles and restarts (the value lives only in the Secret). A
 * generated Secret is rotated when the Environment's {@value Labels#ROTATE_SECRETS} annotation takes a value
 * the Secret has not seen. Status, events and logs name Secrets and keys, never values.
 */
public final class SecretsStep implements EnvironmentStep {
  static final String PART = "secret";

  private final SecretValues values = new SecretValues();

  @Override
  public String conditionType() {
    return EnvironmentConditions.Type.SECRETS_READY;
  }

  @Override
  public void reconcile(StepContext step) {
    List<SecretSpec> specs = step.environment().getSpec().getSecrets();
    if (specs == null || specs.isEmpty()) {
      step.conditions().setTrue(EnvironmentConditions.Type.SECRETS_READY, EnvironmentConditions.Reason.NOT_REQUESTED, "no spec.secrets");
      step.status().setSecrets(new ArrayList<>());
      pruneUnlisted(step, Set.of());
      return;
    }
    step.gatesReady(EnvironmentConditions.Type.SECRETS_READY);
    List<InputProblem> problems = new ArrayList<>();
    List<SecretStatus> statuses = new ArrayList<>();
    for (SecretSpec spec : specs) {
      Secret existing = step.reads().managedSecret(step.namespace(), spec.getName()).orElse(null);
      Desired desired = spec.getFrom() != null ? fromVault(step, spec) : generated(step, spec, existing);
      if (desired.problem() != null) {
        problems.add(desired.problem());
        continue;
      }
      var outcome = step.keep(existing, secret(step, spec.getName(), desired), Secret::getData);
      statuses.add(status(step, spec.getName(), desired, outcome));
      if (outcome != ManagedObjects.Outcome.UNCHANGED) {
        step.operator().auditor().success(step.environment(), "SyncSecret", EnvironmentConditions.Reason.SECRET_SYNCED,
            "Secret " + spec.getName() + " " + outcome.name().toLowerCase() + " from " + desired.source()
                + " (keys " + String.join(", ", desired.data().keySet()) + ")");
      }
    }
    step.status().setSecrets(statuses);
    pruneUnlisted(step, specs.stream().map(SecretSpec::getName).collect(Collectors.toSet()));
    if (problems.isEmpty()) {
      step.conditions().setTrue(EnvironmentConditions.Type.SECRETS_READY, EnvironmentConditions.Reason.SYNCED, statuses.size() + " Secret(s) in place");
    } else {
      InputProblem first = problems.get(0);
      step.refuse(EnvironmentConditions.Type.SECRETS_READY, "SyncSecret", first.reason(), first.message()
          + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : ""));
    }
  }

  private record Desired(Map<String, String> data, String source, String rotation, InputProblem problem) {
    static Desired problem(String reason, String message) {
      return new Desired(null, null, null, new InputProblem(EnvironmentConditions.Type.SECRETS_READY, reason, message));
    }
  }

  private static Desired fromVault(StepContext step, SecretSpec spec) {
    String vaultNamespace = step.operator().settings().vaultNamespace();
    String name = spec.getFrom().getSecret();
    Secret vault = step.reads().vaultSecret(name).orElse(null);
    if (vault == null) {
      return Desired.problem(EnvironmentConditions.Reason.VAULT_SECRET_NOT_FOUND, "Secret " + spec.getName() + ": vault Secret " + name
          + " does not exist in " + vaultNamespace);
    }
    var stage = step.environment().getSpec().getStage();
    var allowed = VaultStages.allowed(vault);
    if (!allowed.contains(stage)) {
      return Desired.problem(EnvironmentConditions.Reason.VAULT_SECRET_NOT_ALLOWED, "Secret " + spec.getName() + ": vault Secret " + name
          + " may be copied into " + (allowed.isEmpty() ? "no stage"
              : allowed.stream().map(s -> s.value()).collect(Collectors.joining(", ")))
          + ", not into " + stage.value() + " (its " + Labels.ALLOWED_STAGES + " annotation, stage label or name)");
    }
    Map<String, String> all = vault.getData() == null ? Map.of() : vault.getData();
    List<String> keys = spec.getFrom().getKeys() == null || spec.getFrom().getKeys().isEmpty()
        ? new ArrayList<>(all.keySet()) : spec.getFrom().getKeys();
    List<String> missing = keys.stream().filter(k -> !all.containsKey(k)).sorted().toList();
    if (!missing.isEmpty()) {
      return Desired.problem(EnvironmentConditions.Reason.VAULT_KEY_NOT_FOUND, "Secret " + spec.getName() + ": vault Secret " + name
          + " has no key(s) " + String.join(", ", missing));
    }
    Map<String, String> data = new TreeMap<>();
    keys.forEach(k -> data.put(k, all.get(k)));
    return new Desired(data, "vault:" + name, null, null);
  }

  private Desired generated(StepContext step, SecretSpec spec, Secret existing) {
    if (step.environment().getSpec().getStage().isProduction()) {
      return Desired.problem(EnvironmentConditions.Reason.GENERATE_NOT_ALLOWED_IN_PRODUCTION, "Secret " + spec.getName()
          + ": production cannot use generated secrets; take them from the vault");
    }
    String request = annotation(step.environment().getMetadata().getAnnotations(), Labels.ROTATE_SECRETS);
    String applied = existing == null ? null : annotation(existing.getMetadata().getAnnotations(), Labels.SECRET_ROTATION);
    boolean rotate = existing != null && request != null && !request.equals(applied);
    Map<String, String> current = existing == null || existing.getData() == null ? Map.of() : existing.getData();
    Map<String, String> data = new TreeMap<>();
    for (String key : spec.getGenerate().getKeys()) {
      String kept = rotate ? null : current.get(key);
      data.put(key, kept != null ? kept : values.generate(spec.getGenerate().getLength(), spec.getGenerate().getCharset()));
    }
    if (rotate) {
      step.operator().auditor().success(step.environment(), "RotateSecret", EnvironmentConditions.Reason.SECRET_ROTATED,
          "Secret " + spec.getName() + " regenerated for rotation request " + request);
    }
    return new Desired(data, "generated", request != null ? request : applied, null);
  }

  private static Secret secret(StepContext step, String name, Desired desired) {
    SecretBuilder builder = new SecretBuilder()
        .withNewMetadata()
          .withName(name)
          .withNamespace(step.namespace())
          .withLabels(Labels.managed(step.environment()))
          .addToLabels(Labels.PART, PART)
          .addToAnnotations(Labels.SECRET_SOURCE, desired.source())
        .endMetadata()
        .withType("Opaque")
        .withData(desired.data());
    if (desired.rotation() != null) {
      builder.editMetadata().addToAnnotations(Labels.SECRET_ROTATION, desired.rotation()).endMetadata();
    }
    return builder.build();
  }

  /** lastSynced moves only when the Secret was written, so that a no-op reconcile leaves status as it was. */
  private static SecretStatus status(StepContext step, String name, Desired desired, ManagedObjects.Outcome outcome) {
    SecretStatus previous = step.environment().getStatus() == null ? null : step.environment().getStatus().getSecrets()
        .stream().filter(s -> name.equals(s.getName())).findFirst().orElse(null);
    SecretStatus status = new SecretStatus();
    status.setName(name);
    status.setSource(desired.source());
    status.setKeys(new ArrayList<>(desired.data().keySet()));
    status.setLastSynced(outcome == ManagedObjects.Outcome.UNCHANGED && previous != null
        ? previous.getLastSynced() : step.now());
    return status;
  }

  /** Secrets this step made that the spec no longer lists are deleted. */
  private static void pruneUnlisted(StepContext step, Set<String> listed) {
    step.reads().managedSecrets(step.namespace(), s -> step.name().equals(Labels.environmentOf(s))
            && PART.equals(s.getMetadata().getLabels().get(Labels.PART)))
        .stream()
        .filter(s -> !listed.contains(s.getMetadata().getName()))
        .forEach(s -> {
          step.client().resource(s).delete();
          step.operator().auditor().success(step.environment(), "SyncSecret", EnvironmentConditions.Reason.SECRET_REMOVED,
              "Secret " + s.getMetadata().getName() + " removed: no longer in spec.secrets");
        });
  }

  private static String annotation(Map<String, String> annotations, String key) {
    return annotations == null ? null : annotations.get(key);
  }
}
