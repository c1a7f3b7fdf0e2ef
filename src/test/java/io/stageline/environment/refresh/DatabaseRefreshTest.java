package io.stageline.environment.refresh;

import static io.stageline.environment.TestEnvironments.get;
import static io.stageline.environment.TestEnvironments.hasCondition;
import static io.stageline.environment.TestEnvironments.hasEvent;
import static io.stageline.testing.Environments.isReady;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.stageline.api.Labels;
import io.stageline.api.v1alpha1.DataMasking.Strategy;
import io.stageline.api.v1alpha1.DataMasking;
import io.stageline.api.v1alpha1.DatabaseRefresh;
import io.stageline.api.v1alpha1.DatabaseRefreshStatus;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.EnvironmentConditions;
import io.stageline.audit.AuditEvent;
import io.stageline.testing.Edits;
import io.stageline.testing.Environments;
import io.stageline.testing.OperatorExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * spec.databaseRefreshes through the API with the operator running: the Job it creates in the
 * operator's namespace, status and audit from the Job's outcome (set here as the cluster's Job
 * controller would), and who may name which connection Secret.
 */
class DatabaseRefreshTest {
  private static final String OPERATOR_NS = "stageline-system";
  private static final String PROD_PASSWORD = "prod-Passw0rd-never-shown";
  private static final String STAGING_PASSWORD = "staging-Passw0rd-never-shown";

  @RegisterExtension
  OperatorExtension op = OperatorExtension.running();

  private KubernetesClient client() {
    return op.client();
  }

  @Test
  void aRequestedRefreshRunsAsAJobOfTheOperatorsImageAndStatusAndAuditFollowItsOutcome() {
    givenProduction("staging");
    givenStaging(r -> {});
    request("staging", "first");

    Job job = await().until(() -> refreshJobs("staging").stream().findFirst().orElse(null), j -> j != null);
    assertThat(job.getMetadata().getNamespace()).isEqualTo(OPERATOR_NS);
    var container = job.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getArgs()).containsSequence("mask-db", "--source-stage", "production")
        .contains("--key-file", "--summary-file").doesNotContain("--no-masking");
    assertThat(container.getImage()).startsWith("stageline:");
    // credentials reach the pod through a Secret in the operator's namespace, never as plain values
    assertThat(container.getEnv()).filteredOn(e -> e.getName().endsWith("PASSWORD"))
        .allSatisfy(e -> assertThat(e.getValue()).isNull());
    assertThat(container.getEnv()).filteredOn(e -> e.getName().equals("STAGELINE_REFRESH_SPEC")).singleElement()
        .satisfies(e -> assertThat(e.getValue()).contains("customers").doesNotContain("shop-db").doesNotContain("Passw0rd"));
    assertThat(job.getSpec().getTemplate().getSpec().getVolumes()).singleElement()
        .satisfies(v -> assertThat(v.getSecret().getSecretName()).isEqualTo("stageline-masking-key-staging"));
    assertThat(job.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken()).isFalse();
    Secret connection = client().secrets().inNamespace(OPERATOR_NS)
        .withName(RefreshJobs.connectionSecretName(get(client(), "staging"), get(client(), "staging").getSpec()
            .getDatabaseRefreshes().get(0))).get();
    assertThat(connection.getData()).containsKeys("SOURCE_URL", "SOURCE_PASSWORD", "TARGET_URL", "TARGET_PASSWORD");
    assertThat(client().secrets().inNamespace(OPERATOR_NS).withName("stageline-masking-key-staging").get()).isNotNull();
    assertThat(client().secrets().inNamespace("staging").withName("stageline-masking-key-staging").get()).isNull();

    await().until(() -> refreshStatus("staging") != null && refreshStatus("staging").getPhase() == DatabaseRefreshStatus.Phase.Running);
    assertThat(refreshStatus("staging").getDurationSeconds()).isNull();
    assertThat(refreshStatus("staging").getRows()).isNull();
    // the pod ends first and leaves mask-db's summary as its termination message; then the Job completes
    podEnded(job, "{\"tables\":3,\"rows\":120000,\"bytes\":48000000,\"seconds\":12.0,\"maskedValues\":90000,"
        + "\"detectorHits\":17}");
    finish(job, "Complete", 95);
    await().until(() -> refreshStatus("staging").getPhase() == DatabaseRefreshStatus.Phase.Succeeded);
    DatabaseRefreshStatus done = refreshStatus("staging");
    assertThat(done.getJob()).isEqualTo(OPERATOR_NS + "/" + job.getMetadata().getName());
    assertThat(done.getDurationSeconds()).isEqualTo(95);
    assertThat(done.getStartedAt()).isNotNull();
    assertThat(done.getCompletedAt()).isNotNull();
    assertThat(done.getLastRequest()).isEqualTo("first");
    assertThat(done.getTables()).isEqualTo(3);
    assertThat(done.getRows()).isEqualTo(120_000L);
    assertThat(done.getBytes()).isEqualTo(48_000_000L);
    assertThat(done.getRowsPerSecond()).isEqualTo(10_000L);
    assertThat(done.getBytesPerSecond()).isEqualTo(4_000_000L);
    assertThat(done.getMaskedValues()).isEqualTo(90_000L);
    assertThat(done.getDetectorHits()).isEqualTo(17L);
    assertThat(done.getMessage()).contains("3 tables, 120000 rows, 48.0 MB in 12.0 s");
    await().until(() -> hasEvent(client(), "staging", "Normal", "DatabaseRefreshed"));
    assertThat(auditLines("DatabaseRefreshed")).isEqualTo(1);
    AuditEvent refreshed = audits("DatabaseRefreshed").get(0);
    assertThat(refreshed.message()).contains("succeeded: 3 tables, 120000 rows, 48000000 bytes");
    assertThat(refreshed.details()).containsEntry("tables", "3").containsEntry("rows", "120000")
        .containsEntry("bytes", "48000000").containsEntry("rowsPerSecond", "10000")
        .containsEntry("bytesPerSecond", "4000000").containsEntry("maskedValues", "90000");
    assertThat(hasCondition(client(), "staging", EnvironmentConditions.Type.DATABASE_REFRESH_READY, true, "Configured")).isTrue();
    assertThat(get(client(), "staging").getStatus().toString() + events()).doesNotContain(PROD_PASSWORD, STAGING_PASSWORD);

    // a new request is a new Job; a failed run says so and is audited as a failure
    request("staging", "second");
    Job second = await().until(() -> refreshJobs("staging").stream()
        .filter(j -> !j.getMetadata().getName().equals(job.getMetadata().getName())).findFirst().orElse(null), j -> j != null);
    finish(second, "Failed", 7);
    await().until(() -> refreshStatus("staging").getPhase() == DatabaseRefreshStatus.Phase.Failed
        && refreshStatus("staging").getJob().endsWith(second.getMetadata().getName()));
    assertThat(refreshStatus("staging").getDurationSeconds()).isEqualTo(7);
    assertThat(refreshStatus("staging").getMessage()).contains("rolled back");
    await().until(() -> hasEvent(client(), "staging", "Warning", "DatabaseRefreshFailed"));
    assertThat(auditLines("DatabaseRefreshed")).isEqualTo(1);
    assertThat(refreshJobs("staging")).hasSize(2);
  }

  @Test
  void aTerminationMessageThatIsNotMaskDbsSummaryShowsNoCountsAndSaysSoOnTheCondition() {
    givenProduction("staging");
    givenStaging(r -> {});
    String[] hostile = {
        "{\"tables\":1,\"rows\":1,\"bytes\":1,\"seconds\":1,\"padding\":\"" + "x".repeat(5000) + "\"}",
        "Exception in thread main: customer alice@example.com not found",
        "{\"tables\":2,\"rows\":-5,\"bytes\":100,\"seconds\":1}",
        "{\"tables\":2,\"rows\":5,\"bytes\":99999999999999999999999,\"seconds\":1e999999}"};
    String[] says = {"longer than 4096 bytes", "not JSON", "rows is outside 0..", "bytes is outside 0.."};
    for (int i = 0; i < hostile.length; i++) {
      request("staging", "run-" + i);
      Job job = requested("staging", "run-" + i);
      podEnded(job, hostile[i]);
      finish(job, "Complete", 3);
      String jobName = job.getMetadata().getName();
      await().until(() -> refreshStatus("staging").getJob().endsWith(jobName)
          && refreshStatus("staging").getPhase() == DatabaseRefreshStatus.Phase.Succeeded);
      DatabaseRefreshStatus status = refreshStatus("staging");
      assertThat(status.getRows()).isNull();
      assertThat(status.getBytes()).isNull();
      assertThat(status.getMessage()).contains("counts unknown").contains(says[i]);
      await().until(() -> hasCondition(client(), "staging", EnvironmentConditions.Type.DATABASE_REFRESH_READY, false,
          EnvironmentConditions.Reason.REFRESH_SUMMARY_UNREADABLE));
      assertThat(condition("staging").getMessage()).contains(jobName).contains(says[i]);
    }
    // nothing read from the pod is repeated: not in status, events or the audit
    assertThat(get(client(), "staging").getStatus().toString() + events() + audits("DatabaseRefreshed"))
        .doesNotContain("alice@example.com").doesNotContain("xxxxxxxx");
    await().until(() -> hasEvent(client(), "staging", "Warning", EnvironmentConditions.Reason.REFRESH_SUMMARY_UNREADABLE));
    assertThat(audits("DatabaseRefreshed")).hasSize(hostile.length)
        .allSatisfy(a -> assertThat(a.message()).contains("counts unknown (summary unreadable)"));

    // the condition is about the latest run: one with a real summary reads cleanly
    request("staging", "good");
    Job good = requested("staging", "good");
    podEnded(good, "{\"tables\":1,\"rows\":10,\"bytes\":1000,\"seconds\":0.5}");
    finish(good, "Complete", 1);
    await().until(() -> refreshStatus("staging").getJob().endsWith(good.getMetadata().getName())
        && refreshStatus("staging").getPhase() == DatabaseRefreshStatus.Phase.Succeeded);
    assertThat(hasCondition(client(), "staging", EnvironmentConditions.Type.DATABASE_REFRESH_READY, true, "Configured")).isTrue();
    assertThat(refreshStatus("staging").getRows()).isEqualTo(10L);
    assertThat(refreshStatus("staging").getRowsPerSecond()).isEqualTo(20L);
    assertThat(refreshStatus("staging").getMaskedValues()).isNull();
  }

  @Test
  void aScheduleIsACronJobAndRemovingTheRefreshRemovesItsCronJobAndConnectionSecret() {
    givenProduction("staging");
    givenStaging(r -> r.setSchedule("0 3 * * 1"));
    CronJob cron = await().until(() -> client().batch().v1().cronjobs().inNamespace(OPERATOR_NS).list().getItems()
        .stream().findFirst().orElse(null), c -> c != null);
    assertThat(cron.getSpec().getSchedule()).isEqualTo("0 3 * * 1");
    assertThat(cron.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
    assertThat(cron.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
        .contains("mask-db");
    await().until(() -> refreshStatus("staging") != null
        && refreshStatus("staging").getPhase() == DatabaseRefreshStatus.Phase.Scheduled);

    Edits.edit(client().resources(Environment.class).withName("staging"), e -> {
      e.getSpec().setDatabaseRefreshes(new ArrayList<>());
      return e;
    });
    await().until(() -> client().batch().v1().cronjobs().inNamespace(OPERATOR_NS).list().getItems().isEmpty()
        && client().secrets().inNamespace(OPERATOR_NS).withLabel(Labels.DATABASE_REFRESH).list().getItems().isEmpty());
  }

  @Test
  void aSourceSecretItsOwnersDidNotShareWithThisEnvironmentIsRefusedAndNothingRuns() {
    givenProduction("test");
    givenStaging(r -> {});
    request("staging", "now");
    await().until(() -> hasCondition(client(), "staging", EnvironmentConditions.Type.DATABASE_REFRESH_READY, false,
        EnvironmentConditions.Reason.REFRESH_SOURCE_NOT_SHARED));
    await().until(() -> hasEvent(client(), "staging", "Warning", EnvironmentConditions.Reason.REFRESH_SOURCE_NOT_SHARED));
    assertThat(refreshJobs("staging")).isEmpty();
    assertThat(client().secrets().inNamespace(OPERATOR_NS).withLabel(Labels.DATABASE_REFRESH).list().getItems()).isEmpty();
  }

  @Test
  void aTargetSecretPointingAtASharedSourceDatabaseIsRefused() {
    givenProduction("staging");
    givenStaging(r -> {}, "jdbc:postgresql://PROD-DB:5432/shop?ssl=true");
    request("staging", "now");
    await().until(() -> hasCondition(client(), "staging", EnvironmentConditions.Type.DATABASE_REFRESH_READY, false,
        EnvironmentConditions.Reason.REFRESH_TARGET_IS_A_SOURCE));
    assertThat(refreshJobs("staging")).isEmpty();
  }

  @Test
  void aSourceThatIsNeitherUpstreamNorProductionIsRefused() {
    givenProduction("staging");
    client().resource(Environments.development("dev").build()).create();
    givenStaging(r -> r.setFromEnvironment("dev"));
    await().until(() -> hasCondition(client(), "staging", EnvironmentConditions.Type.DATABASE_REFRESH_READY, false,
        EnvironmentConditions.Reason.REFRESH_SOURCE_NOT_ALLOWED));
    assertThat(refreshJobs("staging")).isEmpty();
  }

  @Test
  void anUnmaskedRefreshOfProductionDataIsRefused() {
    givenProduction("staging");
    givenStaging(r -> {});
    Edits.edit(client().resources(Environment.class).withName("staging"), e -> {
      DataMasking off = new DataMasking();
      off.setEnabled(false);
      e.getSpec().setDataMasking(off);
      e.getSpec().getDatabaseRefreshes().get(0).setRefreshRequest("now");
      return e;
    });
    await().until(() -> hasCondition(client(), "staging", EnvironmentConditions.Type.DATABASE_REFRESH_READY, false,
        EnvironmentConditions.Reason.MASKING_REQUIRED));
    assertThat(refreshJobs("staging")).isEmpty();
  }

  @Test
  void productionCannotDeclareARefreshOfItsOwnDatabases() {
    assertThatThrownBy(() -> client().resource(Environments.production("prod").with(spec -> spec.setDatabaseRefreshes(new ArrayList<>(List.of(refresh(r -> {}))))).build()).create())
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("production's databases are never refreshed");
  }

  private void givenProduction(String sharedWith) {
    client().resource(Environments.production("prod").build()).create();
    await().until(() -> isReady(client(), "prod"));
    client().resource(new SecretBuilder().withNewMetadata().withName("shop-db").withNamespace("prod")
        .addToLabels(Labels.REFRESH_SOURCE, "true").addToAnnotations(Labels.REFRESH_TO, sharedWith)
        .endMetadata()
        .withStringData(Map.of("url", "jdbc:postgresql://prod-db/shop", "username", "reader", "password", PROD_PASSWORD))
        .build()).create();
  }

  private void givenStaging(Consumer<DatabaseRefresh> customizer) {
    givenStaging(customizer, "jdbc:postgresql://staging-db:5432/shop");
  }

  private void givenStaging(Consumer<DatabaseRefresh> customizer, String targetUrl) {
    client().resource(Environments.staging("staging").build()).create();
    await().until(() -> isReady(client(), "staging"));
    client().resource(new SecretBuilder().withNewMetadata().withName("shop-db").withNamespace("staging").endMetadata()
        .withStringData(Map.of("url", targetUrl, "username", "shop", "password", STAGING_PASSWORD)).build()).create();
    Edits.edit(client().resources(Environment.class).withName("staging"), e -> {
      e.getSpec().setDatabaseRefreshes(new ArrayList<>(List.of(refresh(customizer))));
      return e;
    });
  }

  private static DatabaseRefresh refresh(Consumer<DatabaseRefresh> customizer) {
    DatabaseRefresh r = new DatabaseRefresh();
    r.setName("shop");
    r.setFromEnvironment("prod");
    r.setSourceSecret("shop-db");
    r.setTargetSecret("shop-db");
    r.getExcludeTables().add("audit_*");
    DatabaseRefresh.ColumnRule email = new DatabaseRefresh.ColumnRule();
    email.setTable("customers");
    email.setColumn("email");
    email.setStrategy(Strategy.fake);
    email.setFakeKind("email");
    r.getRules().add(email);
    customizer.accept(r);
    return r;
  }

  private void request(String env, String value) {
    Edits.edit(client().resources(Environment.class).withName(env), e -> {
      e.getSpec().getDatabaseRefreshes().get(0).setRefreshRequest(value);
      return e;
    });
  }

  private List<Job> refreshJobs(String env) {
    return client().batch().v1().jobs().inNamespace(OPERATOR_NS).withLabel(Labels.DATABASE_REFRESH).list().getItems()
        .stream().filter(j -> env.equals(j.getMetadata().getLabels().get("stageline.io/environment"))).toList();
  }

  private Job requested(String env, String request) {
    return await().until(() -> refreshJobs(env).stream()
        .filter(j -> request.equals(j.getMetadata().getAnnotations().get("stageline.io/refresh-request")))
        .findFirst().orElse(null), j -> j != null);
  }

  private io.fabric8.kubernetes.api.model.Condition condition(String env) {
    return get(client(), env).getStatus().findCondition(EnvironmentConditions.Type.DATABASE_REFRESH_READY).orElseThrow();
  }

  /**
   * The Job's pod as the Job controller creates it and the kubelet ends it (no kubelet runs here): owned by
   * the Job, its container terminated with exit code 0 and {@code message} as its termination message.
   */
  private void podEnded(Job job, String message) {
    Job current = client().batch().v1().jobs().inNamespace(OPERATOR_NS).withName(job.getMetadata().getName()).get();
    Pod pod = client().resource(new PodBuilder()
        .withNewMetadata().withName(job.getMetadata().getName() + "-x7k2p").withNamespace(OPERATOR_NS)
          .withLabels(current.getSpec().getTemplate().getMetadata().getLabels())
          .addToLabels("job-name", job.getMetadata().getName())
          .addNewOwnerReference().withApiVersion("batch/v1").withKind("Job").withName(job.getMetadata().getName())
            .withUid(current.getMetadata().getUid()).withController(true).endOwnerReference()
        .endMetadata()
        .withSpec(current.getSpec().getTemplate().getSpec())
        .build()).create();
    String now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    pod.setStatus(new PodStatusBuilder().withPhase("Succeeded")
        .addNewContainerStatus().withName("mask-db").withImage(pod.getSpec().getContainers().get(0).getImage())
          .withImageID("").withReady(false).withRestartCount(0)
          .withNewState().withNewTerminated().withExitCode(0).withReason("Completed").withMessage(message)
            .withFinishedAt(now).endTerminated().endState()
        .endContainerStatus().build());
    client().resource(pod).updateStatus();
  }

  private DatabaseRefreshStatus refreshStatus(String env) {
    Environment e = get(client(), env);
    return e.getStatus() == null || e.getStatus().getDatabaseRefreshes() == null ? null
        : e.getStatus().getDatabaseRefreshes().stream().findFirst().orElse(null);
  }

  /** Ends the Job as the Job controller would: started {@code tookSeconds} before now, ended now. */
  private void finish(Job job, String type, long tookSeconds) {
    Job current = client().batch().v1().jobs().inNamespace(OPERATOR_NS).withName(job.getMetadata().getName()).get();
    // times as the Job controller writes them: now, not a fixed date that later runs would see as the past
    java.time.Instant end = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    String now = end.toString();
    JobStatus status = new JobStatus();
    status.setStartTime(end.minusSeconds(tookSeconds).toString());
    status.setConditions(List.of(new JobConditionBuilder().withType(type).withStatus("True")
        .withReason(type.equals("Failed") ? "BackoffLimitExceeded" : null)
        .withLastTransitionTime(now).build()));
    if (type.equals("Complete")) {
      status.setCompletionTime(now);
    }
    current.setStatus(status);
    client().resource(current).updateStatus();
  }

  private List<AuditEvent> audits(String reason) {
    return op.operator().context().auditor().recent().stream()
        .filter(a -> a.name().equals("staging") && a.reason().equals(reason)).toList();
  }

  private long auditLines(String reason) {
    return op.operator().context().auditor().recent().stream()
        .filter(a -> a.name().equals("staging") && a.reason().equals(reason)).count();
  }

  private String events() {
    return client().v1().events().inAnyNamespace().list().getItems().toString();
  }
}
