package io.stageline.environment;

import static io.stageline.environment.TestEnvironments.get;
import static io.stageline.environment.TestEnvironments.hasCondition;
import static io.stageline.environment.TestEnvironments.hasEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.stageline.api.v1alpha1.BackupSpec;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.EnvironmentConditions;
import io.stageline.testing.Edits;
import io.stageline.testing.Environments;
import io.stageline.testing.OperatorExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Velero Schedule of an Environment lives in the Velero namespace the operator is configured with
 * ({@code --velero-namespace}) and goes when {@code spec.backup} is removed or the Environment is deleted.
 */
class BackupScheduleLifecycleTest {
  private static final String VELERO = "backups";

  @RegisterExtension
  OperatorExtension op = OperatorExtension.running().withSettings(s -> s.withVeleroNamespace(VELERO));

  private KubernetesClient client() {
    return op.client();
  }

  @BeforeEach
  void installVelero() {
    TestEnvironments.installCrd(client(), ClusterCapabilities.VELERO_SCHEDULE);
    client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(VELERO).endMetadata().build())
        .create();
    client().resource(Environments.development("dev").with(spec -> spec.setBackup(nightly())).build()).create();
    await().until(() -> hasCondition(client(), "dev", EnvironmentConditions.Type.BACKUP_SCHEDULED, true, "Scheduled"));
  }

  private Resource<GenericKubernetesResource> schedule(String namespace) {
    return client().genericKubernetesResources(ClusterCapabilities.VELERO_SCHEDULE).inNamespace(namespace)
        .withName("stageline-dev");
  }

  private static BackupSpec nightly() {
    BackupSpec backup = new BackupSpec();
    backup.setSchedule("0 2 * * *");
    return backup;
  }

  @Test
  void theScheduleLivesInTheConfiguredNamespaceAndGoesWhenBackupIsRemoved() {
    assertThat(schedule(VELERO).get()).isNotNull();
    assertThat(schedule(BackupStep.DEFAULT_VELERO_NAMESPACE).get()).isNull();
    assertThat(get(client(), "dev").getStatus().getBackup().getSchedule()).isEqualTo(VELERO + "/stageline-dev");

    Edits.edit(client().resources(Environment.class).withName("dev"), e -> {
      e.getSpec().setBackup(null);
      return e;
    });

    await().until(() -> schedule(VELERO).get() == null);
    await().until(() -> {
      Environment env = get(client(), "dev");
      return env.getStatus().isReady() && env.getStatus().getBackup() == null
          && TestEnvironments.conditionStatus(env, EnvironmentConditions.Type.BACKUP_SCHEDULED) == null;
    });
    assertThat(hasEvent(client(), "dev", "Normal", "BackupUnscheduled")).isTrue();
  }

  @Test
  void theScheduleGoesWithTheEnvironment() {
    client().resources(Environment.class).withName("dev").delete();

    await().until(() -> client().resources(Environment.class).withName("dev").get() == null);
    assertThat(schedule(VELERO).get()).isNull();
  }
}
