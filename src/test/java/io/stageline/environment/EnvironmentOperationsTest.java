package io.stageline.environment;

import static io.stageline.environment.TestEnvironments.get;
import static io.stageline.environment.TestEnvironments.hasCondition;
import static io.stageline.environment.TestEnvironments.hasEvent;
import static io.stageline.testing.Environments.isReady;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.stageline.api.v1alpha1.BackupSpec;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.EnvironmentConditions;
import io.stageline.api.v1alpha1.Stage;
import io.stageline.api.v1alpha1.Workloads;
import io.stageline.testing.Awaits;
import io.stageline.testing.Edits;
import io.stageline.testing.Environments;
import io.stageline.testing.OperatorExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Backups, restores and monitoring, with Velero and the Prometheus Operator present or absent. */
class EnvironmentOperationsTest {
  @RegisterExtension
  OperatorExtension op = OperatorExtension.running();

  private KubernetesClient client() {
    return op.client();
  }

  @Test
  void withoutVeleroBackupIsNotScheduledAndSaysWhy() {
    client().resource(Environments.development("dev").with(spec -> spec.setBackup(backup(null))).build()).create();

    await().until(() -> hasCondition(client(), "dev", EnvironmentConditions.Type.BACKUP_SCHEDULED, false, "VeleroNotInstalled"));
    assertThat(isReady(client(), "dev")).isTrue();
    await().until(() -> hasEvent(client(), "dev", "Warning", "VeleroNotInstalled"));
  }

  @Test
  void withVeleroAScheduleIsKeptForTheNamespace() {
    installCrd(ClusterCapabilities.VELERO_SCHEDULE);
    client().resource(Environments.development("dev").with(spec -> spec.setBackup(backup(null))).build()).create();

    await().until(() -> hasCondition(client(), "dev", EnvironmentConditions.Type.BACKUP_SCHEDULED, true, "Scheduled"));
    GenericKubernetesResource schedule = velero(ClusterCapabilities.VELERO_SCHEDULE).withName("stageline-dev").get();
    assertThat(spec(schedule)).containsEntry("schedule", "0 2 * * *");
    assertThat((Map<String, Object>) spec(schedule).get("template"))
        .containsEntry("includedNamespaces", List.of("dev")).containsEntry("ttl", "720h");
    assertThat(get(client(), "dev").getStatus().getBackup().getSchedule()).isEqualTo("velero/stageline-dev");

    // drift: an edited schedule is put back
    Edits.edit(velero(ClusterCapabilities.VELERO_SCHEDULE).withName("stageline-dev"), s -> {
      spec(s).put("schedule", "* * * * *");
      return s;
    });
    Edits.edit(client().resources(Environment.class).withName("dev"), e -> {
      e.getMetadata().getLabels().put("nudge", "1");
      return e;
    });
    await().until(() -> "0 2 * * *".equals(spec(velero(ClusterCapabilities.VELERO_SCHEDULE).withName("stageline-dev").get())
        .get("schedule")));
  }

  @Test
  void productionRestoresIntoANewNamespaceAndReportsProgress() {
    installCrd(ClusterCapabilities.VELERO_SCHEDULE);
    installCrd(ClusterCapabilities.VELERO_RESTORE);
    client().resource(Environments.production("prod").with(spec -> spec.setBackup(backup(null))).build()).create();
    await().until(() -> isReady(client(), "prod"));

    Edits.edit(client().resources(Environment.class).withName("prod"), e -> {
      BackupSpec.Restore restore = new BackupSpec.Restore();
      restore.setBackupName("nightly-20261123");
      e.getSpec().getBackup().setRestore(restore);
      return e;
    });

    await().until(() -> velero(ClusterCapabilities.VELERO_RESTORE).withName("prod-nightly-20261123").get() != null);
    GenericKubernetesResource restore = velero(ClusterCapabilities.VELERO_RESTORE).withName("prod-nightly-20261123").get();
    assertThat(spec(restore)).containsEntry("backupName", "nightly-20261123")
        .containsEntry("namespaceMapping", Map.of("prod", "prod-restore"));
    await().until(() -> hasCondition(client(), "prod", EnvironmentConditions.Type.RESTORED, false, "RestoreInProgress"));
    assertThat(hasEvent(client(), "prod", "Normal", "RestoreRequested")).isTrue();

    // Velero reports completion
    Edits.edit(velero(ClusterCapabilities.VELERO_RESTORE).withName("prod-nightly-20261123"), r -> {
      r.getAdditionalProperties().put("status", Map.of("phase", "Completed"));
      return r;
    });

    await().atMost(Awaits.TIMEOUT)
        .until(() -> hasCondition(client(), "prod", EnvironmentConditions.Type.RESTORED, true, "RestoreCompleted"));
    var status = get(client(), "prod").getStatus().getBackup();
    assertThat(status.getRestorePhase()).isEqualTo("Completed");
    assertThat(status.getRestoreNamespace()).isEqualTo("prod-restore");
    await().until(() -> hasEvent(client(), "prod", "Normal", "RestoreCompleted"));
  }

  @Test
  void restoreWithoutVeleroIsRefused() {
    client().resource(Environments.development("dev").with(spec -> {
      BackupSpec backup = backup(null);
      BackupSpec.Restore restore = new BackupSpec.Restore();
      restore.setBackupName("b1");
      backup.setRestore(restore);
      spec.setBackup(backup);
    }).build()).create();

    await().until(() -> hasCondition(client(), "dev", EnvironmentConditions.Type.RESTORED, false, "VeleroNotInstalled"));
  }

  @Test
  void workloadHealthFollowsAvailableReplicas() {
    client().resource(Environments.development("dev").with(spec -> {
      Workloads workloads = new Workloads();
      workloads.setSelector(new LabelSelectorBuilder().addToMatchLabels("app.kubernetes.io/part-of", "shop").build());
      spec.setWorkloads(workloads);
    }).build()).create();
    await().until(() -> hasCondition(client(), "dev", EnvironmentConditions.Type.WORKLOADS_HEALTHY, true, "NoWorkloads"));

    client().apps().deployments().inNamespace("dev").resource(new DeploymentBuilder()
        .withNewMetadata().withName("web").withNamespace("dev").addToLabels("app.kubernetes.io/part-of", "shop").endMetadata()
        .withNewSpec().withReplicas(2).withNewSelector().addToMatchLabels("app", "web").endSelector()
          .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
          .withNewSpec().addNewContainer().withName("web").withImage("shop/web:1.0").endContainer().endSpec()
          .endTemplate().endSpec()
        .build()).create();
    client().apps().deployments().inNamespace("dev").resource(new DeploymentBuilder()
        .withNewMetadata().withName("other").withNamespace("dev").endMetadata()
        .withNewSpec().withReplicas(1).endSpec().build()).create();

    await().until(() -> hasCondition(client(), "dev", EnvironmentConditions.Type.WORKLOADS_HEALTHY, false, "WorkloadsUnavailable"));
    assertThat(get(client(), "dev").getStatus().getWorkloads().getUnavailable()).containsExactly("Deployment/web");

    Edits.editStatus(client().apps().deployments().inNamespace("dev").withName("web"), d -> {
      d.setStatus(new DeploymentStatusBuilder().withReplicas(2).withAvailableReplicas(2).build());
      return d;
    });

    await().until(() -> hasCondition(client(), "dev", EnvironmentConditions.Type.WORKLOADS_HEALTHY, true, "AllAvailable"));
    await().untilAsserted(() -> assertThat(op.operator().context().metrics().scrape())
        .contains("stageline_environment_replicas{environment=\"dev\",state=\"available\"} 2.0"));
  }

  @Test
  void podMonitorIsKeptOnlyWhenThePrometheusOperatorIsInstalled() {
    client().resource(Environments.development("dev").build()).create();
    await().until(() -> hasCondition(client(), "dev", EnvironmentConditions.Type.MONITORED, false, "PrometheusOperatorNotInstalled"));

    installCrd(ClusterCapabilities.POD_MONITOR);
    client().resource(Environments.test("test").build()).create();

    await().until(() -> hasCondition(client(), "test", EnvironmentConditions.Type.MONITORED, true, "PodMonitorReady"));
    assertThat(client().genericKubernetesResources(ClusterCapabilities.POD_MONITOR).inNamespace("test")
        .withName(MonitoringStep.POD_MONITOR).get()).isNotNull();
  }

  @Test
  void parityReportsMissingAndExtraKeysExceptStageSpecificOnes() {
    client().resource(EnvironmentConfigTest.withConfig("dev", Stage.development, List.of(),
        Map.of("a", "1", "b", "2", "db.url", "dev-db"))).create();
    Environment test = EnvironmentConfigTest.withConfig("test", Stage.test, List.of(), Map.of("a", "1", "c", "3", "db.url", "test-db"));
    test.getSpec().setUpstream("dev");
    test.getSpec().getConfig().setStageSpecificKeys(List.of("db.url", "c"));
    client().resource(test).create();

    await().until(() -> hasCondition(client(), "test", EnvironmentConditions.Type.IN_PARITY, false, "ConfigKeysDiffer"));
    var parity = get(client(), "test").getStatus().getParity();
    assertThat(parity.getMissingKeys()).containsExactly("b");
    assertThat(parity.getExtraKeys()).isEmpty();

    Edits.edit(client().resources(Environment.class).withName("test"), e -> {
      e.getSpec().getConfig().getData().put("b", "2");
      return e;
    });
    await().until(() -> hasCondition(client(), "test", EnvironmentConditions.Type.IN_PARITY, true, "InParity"));
  }

  @Test
  void aResyncOfAFullyFeaturedEnvironmentWritesNothing() {
    installCrd(ClusterCapabilities.VELERO_SCHEDULE);
    installCrd(ClusterCapabilities.POD_MONITOR);
    client().resource(EnvironmentConfigTest.withConfig("dev", Stage.development, List.of(), Map.of("a", "1"))).create();
    Environment test = EnvironmentConfigTest.withConfig("test", Stage.test, List.of(), Map.of("a", "2"));
    test.getSpec().setUpstream("dev");
    test.getSpec().setQuota(Environments.quota());
    test.getSpec().setLimits(Environments.limits());
    test.getSpec().setBackup(backup(null));
    io.stageline.api.v1alpha1.SecretSpec secret = new io.stageline.api.v1alpha1.SecretSpec();
    secret.setName("app");
    io.stageline.api.v1alpha1.SecretSpec.Generate generate = new io.stageline.api.v1alpha1.SecretSpec.Generate();
    generate.setKeys(List.of("k"));
    secret.setGenerate(generate);
    test.getSpec().getSecrets().add(secret);
    client().resource(test).create();
    await().until(() -> isReady(client(), "test")
        && hasCondition(client(), "test", EnvironmentConditions.Type.BACKUP_SCHEDULED, true, "Scheduled")
        && hasCondition(client(), "test", EnvironmentConditions.Type.MONITORED, true, "PodMonitorReady"));
    op.awaitOperatorIdle();
    op.stopOperator();
    long before = op.writeRequests();

    op.startOperator();
    // both Environments reconciled by the restarted operator: their writes, had there been any, are made
    await().until(() -> op.reconciles("environment") >= 2);

    assertThat(op.writeRequests()).isEqualTo(before);
  }

  private void installCrd(ResourceDefinitionContext kind) {
    TestEnvironments.installCrd(client(), kind);
  }

  private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<GenericKubernetesResource,
      io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
      io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource>> velero(ResourceDefinitionContext kind) {
    return client().genericKubernetesResources(kind).inNamespace(BackupStep.DEFAULT_VELERO_NAMESPACE);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(GenericKubernetesResource r) {
    return (Map<String, Object>) r.getAdditionalProperties().get("spec");
  }

  private static BackupSpec backup(String ttl) {
    BackupSpec backup = new BackupSpec();
    backup.setSchedule("0 2 * * *");
    backup.setTtl(ttl == null ? "720h" : ttl);
    return backup;
  }
}
