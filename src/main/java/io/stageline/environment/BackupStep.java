package io.stageline.environment;

import io.stageline.api.v1alpha1.EnvironmentConditions;
import io.stageline.environment.step.StepContext;
import io.stageline.environment.step.EnvironmentStep;
import io.stageline.kube.ManagedObjects;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.stageline.api.Labels;
import io.stageline.runtime.OperatorContext;
import io.stageline.api.v1alpha1.BackupSpec;
import io.stageline.api.v1alpha1.BackupStatus;
import io.stageline.api.v1alpha1.Environment;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Backups and recovery through Velero, when its CRDs are installed: keeps a Velero Schedule for the
 * environment's namespace, and turns a restore request ({@code spec.backup.restore}) into a Velero Restore
 * whose progress it reports. Production restores into a new namespace ({@code <namespace>-restore})
 * unless the request names a target namespace.
 */
public final class BackupStep implements EnvironmentStep {
  /** Where Velero runs and keeps its objects unless {@code --velero-namespace} says otherwise. */
  public static final String DEFAULT_VELERO_NAMESPACE = "velero";
  private static final Set<String> FAILED = Set.of("Failed", "PartiallyFailed", "FailedValidation");
  private static final Duration RESTORE_POLL = Duration.ofSeconds(5);

  @Override
  public String conditionType() {
    return EnvironmentConditions.Type.BACKUP_SCHEDULED;
  }

  @Override
  public void reconcile(StepContext step) {
    BackupSpec spec = step.environment().getSpec().getBackup();
    if (spec == null) {
      step.conditions().remove(EnvironmentConditions.Type.BACKUP_SCHEDULED);
      BackupStatus status = step.status().getBackup();
      // status says whether there is a Schedule to remove, so Environments without backups read nothing
      if (status != null && status.getSchedule() != null && step.reads().installed(ClusterCapabilities.VELERO_SCHEDULE)) {
        unschedule(step.operator(), step.environment(), "spec.backup was removed");
      }
      step.status().setBackup(null); // whole: the status patch sends a removed field as null, a nested one not at all
      return;
    }
    BackupStatus status = step.status().getBackup() == null ? new BackupStatus() : step.status().getBackup();
    step.status().setBackup(status);
    schedule(step, spec, status);
    if (spec.getRestore() != null) {
      restore(step, spec.getRestore(), status);
    }
  }

  /**
   * Deletes the Environment's Velero Schedule, if it has one (found by name and by the Environment's label,
   * so that a Schedule someone else made under that name is left alone). Backups already taken stay.
   */
  static void unschedule(OperatorContext operator, Environment env, String why) {
    String velero = operator.settings().veleroNamespace();
    String name = scheduleName(env.getMetadata().getName());
    var schedule = ClusterCapabilities.objects(operator.client(), ClusterCapabilities.VELERO_SCHEDULE)
        .inNamespace(velero).withName(name);
    GenericKubernetesResource existing = schedule.get();
    if (existing == null || !env.getMetadata().getName().equals(Labels.environmentOf(existing))) {
      return;
    }
    schedule.delete();
    operator.auditor().success(env, "UnscheduleBackup", EnvironmentConditions.Reason.BACKUP_UNSCHEDULED,
        "deleted Velero Schedule " + velero + "/" + name + " (" + why + "); backups already taken are kept");
  }

  static String scheduleName(String environment) {
    return "stageline-" + environment;
  }

  private static void schedule(StepContext step, BackupSpec spec, BackupStatus status) {
    var client = step.client();
    String velero = step.operator().settings().veleroNamespace();
    if (!step.reads().installed(ClusterCapabilities.VELERO_SCHEDULE)) {
      status.setSchedule(null);
      step.refuse(EnvironmentConditions.Type.BACKUP_SCHEDULED, "ScheduleBackup", EnvironmentConditions.Reason.VELERO_NOT_INSTALLED,
          "Velero's CRDs (schedules.velero.io) are not installed: no backups are taken of " + step.namespace());
      return;
    }
    String name = scheduleName(step.name());
    Map<String, Object> template = new LinkedHashMap<>();
    template.put("includedNamespaces", List.of(step.namespace()));
    if (spec.getTtl() != null) {
      template.put("ttl", spec.getTtl());
    }
    GenericKubernetesResource desired = new GenericKubernetesResourceBuilder()
        .withApiVersion("velero.io/v1").withKind("Schedule")
        .withNewMetadata().withName(name).withNamespace(velero)
          .withLabels(Labels.managed(step.environment())).endMetadata()
        .addToAdditionalProperties("spec", Map.of("schedule", spec.getSchedule(), "template", template))
        .build();
    var schedules = ClusterCapabilities.objects(client, ClusterCapabilities.VELERO_SCHEDULE).inNamespace(velero);
    GenericKubernetesResource existing = schedules.withName(name).get();
    var outcome = ManagedObjects.apply(client, existing, desired, r -> r.getAdditionalProperties().get("spec"));
    if (outcome != ManagedObjects.Outcome.UNCHANGED) {
      step.operator().auditor().success(step.environment(), "ScheduleBackup", EnvironmentConditions.Reason.BACKUP_SCHEDULED,
          "Velero Schedule " + velero + "/" + name + " " + outcome.name().toLowerCase() + ": '"
              + spec.getSchedule() + "'" + (spec.getTtl() == null ? "" : ", kept " + spec.getTtl()));
    }
    status.setSchedule(velero + "/" + name);
    status.setLastBackup(existing == null ? null : string(existing, "status", "lastBackup"));
    step.conditions().setTrue(EnvironmentConditions.Type.BACKUP_SCHEDULED, EnvironmentConditions.Reason.SCHEDULED,
        "Velero Schedule " + velero + "/" + name + " '" + spec.getSchedule() + "'");
  }

  private static void restore(StepContext step, BackupSpec.Restore request, BackupStatus status) {
    var client = step.client();
    Environment env = step.environment();
    if (!step.reads().installed(ClusterCapabilities.VELERO_RESTORE)) {
      step.refuse(EnvironmentConditions.Type.RESTORED, "Restore", EnvironmentConditions.Reason.VELERO_NOT_INSTALLED,
          "Velero's CRDs (restores.velero.io) are not installed: cannot restore from " + request.getBackupName());
      return;
    }
    String velero = step.operator().settings().veleroNamespace();
    String name = restoreName(step.name(), request.getBackupName());
    String source = step.namespace();
    String target = request.getTargetNamespace() != null ? request.getTargetNamespace()
        : env.getSpec().getStage().isProduction() ? source + "-restore" : source;
    var restores = ClusterCapabilities.objects(client, ClusterCapabilities.VELERO_RESTORE).inNamespace(velero);
    GenericKubernetesResource existing = restores.withName(name).get();
    BackupStatus before = env.getStatus() == null ? null : env.getStatus().getBackup();
    if (existing == null && (before == null || !name.equals(before.getRestore()))) {
      Map<String, Object> spec = new LinkedHashMap<>();
      spec.put("backupName", request.getBackupName());
      spec.put("includedNamespaces", List.of(source));
      if (!target.equals(source)) {
        spec.put("namespaceMapping", Map.of(source, target));
      }
      existing = restores.resource(new GenericKubernetesResourceBuilder()
          .withApiVersion("velero.io/v1").withKind("Restore")
          .withNewMetadata().withName(name).withNamespace(velero)
            .withLabels(Labels.managed(env)).endMetadata()
          .addToAdditionalProperties("spec", spec)
          .build()).create();
      step.operator().auditor().success(env, "Restore", EnvironmentConditions.Reason.RESTORE_REQUESTED, "restore of " + source + " from backup "
          + request.getBackupName() + " into namespace " + target + " requested (Velero Restore "
          + velero + "/" + name + ")");
    }
    String phase = existing == null ? (before == null ? null : before.getRestorePhase()) : string(existing, "status", "phase");
    phase = phase == null ? "New" : phase;
    status.setRestore(name);
    status.setRestoreNamespace(target);
    status.setRestorePhase(phase);
    boolean changed = before == null || !phase.equals(before.getRestorePhase()) || !name.equals(before.getRestore());
    if ("Completed".equals(phase)) {
      step.conditions().setTrue(EnvironmentConditions.Type.RESTORED, EnvironmentConditions.Reason.RESTORE_COMPLETED, "restored " + source + " from "
          + request.getBackupName() + " into " + target);
      if (changed) {
        step.operator().auditor().success(env, "Restore", EnvironmentConditions.Reason.RESTORE_COMPLETED, "restore " + name + " completed into " + target);
      }
    } else if (FAILED.contains(phase)) {
      step.conditions().setFalse(EnvironmentConditions.Type.RESTORED, EnvironmentConditions.Reason.RESTORE_FAILED, "Velero Restore " + name + " ended " + phase);
      if (changed) {
        step.operator().auditor().failure(env, "Restore", EnvironmentConditions.Reason.RESTORE_FAILED, "restore " + name + " ended " + phase);
      }
    } else {
      step.conditions().setFalse(EnvironmentConditions.Type.RESTORED, EnvironmentConditions.Reason.RESTORE_IN_PROGRESS, "Velero Restore " + name + " is " + phase);
      step.requeueAfter(RESTORE_POLL);
    }
  }

  static String restoreName(String environment, String backup) {
    String name = (environment + "-" + backup).toLowerCase().replaceAll("[^a-z0-9-]", "-");
    return name.length() <= 63 ? name : name.substring(0, 63).replaceAll("-+$", "");
  }

  @SuppressWarnings("unchecked")
  private static String string(GenericKubernetesResource r, String field, String key) {
    Object section = r.getAdditionalProperties().get(field);
    Object value = section instanceof Map<?, ?> map ? ((Map<String, Object>) map).get(key) : null;
    return value == null ? null : value.toString();
  }
}
