package io.stageline.environment.refresh;

import io.stageline.api.v1alpha1.EnvironmentConditions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.stageline.api.Labels;
import io.stageline.runtime.OperatorContext;
import io.stageline.api.v1alpha1.DatabaseRefresh;
import io.stageline.api.v1alpha1.DatabaseRefreshStatus;
import io.stageline.api.v1alpha1.DatabaseRefreshStatus.Phase;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.environment.step.EnvironmentStep;
import io.stageline.environment.step.StepContext;
import io.stageline.environment.seed.MaskingKeyStore;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code spec.databaseRefreshes}: masked copies of PostgreSQL databases from a higher Environment,
 * run as Jobs of the operator's own image in the operator's namespace (see {@link RefreshJobs}) on
 * demand ({@code refreshRequest}) and on a schedule (a CronJob). Who may name which Secret is
 * decided by {@link RefreshPlanner}. Status follows the latest Job's outcome; each finished run is
 * an audit line. Bad input refuses every refresh of the Environment with the
 * {@code DatabaseRefreshReady} condition, a Warning event and an audit line, and stops its schedules.
 */
public final class DatabaseRefreshStep implements EnvironmentStep {
  public static final String JOB_SOURCE = "refresh-jobs";
  private static final String APPLIED_HASH = "stageline.io/applied-hash";
  private static final KubernetesSerialization JSON =
      new KubernetesSerialization();

  private final OperatorContext operator;
  private final MaskingKeyStore keys;
  private final RefreshPlanner planner;

  public DatabaseRefreshStep(OperatorContext operator) {
    this.operator = operator;
    this.keys = new MaskingKeyStore(operator.client(), operator.settings().operatorNamespace());
    this.planner = new RefreshPlanner(operator.client());
  }

  @Override
  public String conditionType() {
    return EnvironmentConditions.Type.DATABASE_REFRESH_READY;
  }

  @Override
  public void reconcile(StepContext step) {
    Environment env = step.environment();
    List<DatabaseRefresh> refreshes = env.getSpec().getDatabaseRefreshes();
    if (refreshes == null || refreshes.isEmpty()) {
      if (step.status().getDatabaseRefreshes() != null || step.previousCondition(EnvironmentConditions.Type.DATABASE_REFRESH_READY).isPresent()) {
        removeAllBut(env, Set.of());
      }
      step.status().setDatabaseRefreshes(null);
      step.conditions().remove(EnvironmentConditions.Type.DATABASE_REFRESH_READY);
      return;
    }
    List<RefreshPlanner.Plan> plans;
    try {
      plans = planner.plan(env, step.reads());
    } catch (RefreshProblem p) {
      step.refuse(EnvironmentConditions.Type.DATABASE_REFRESH_READY, "DatabaseRefresh", p.reason(), p.getMessage());
      removeSchedules(env);
      return;
    }
    String ns = operator.settings().operatorNamespace();
    List<DatabaseRefreshStatus> statuses = new ArrayList<>();
    try {
      keys.keyFor(env, step.reads());
      for (RefreshPlanner.Plan plan : plans) {
        statuses.add(reconcile(step, plan, ns));
      }
      removeAllBut(env, plans.stream().map(p -> p.refresh().getName()).collect(Collectors.toSet()));
    } catch (KubernetesClientException e) {
      // the API's message may quote what was sent (credentials); only the status code is safe to repeat
      step.refuse(EnvironmentConditions.Type.DATABASE_REFRESH_READY, "DatabaseRefresh", EnvironmentConditions.Reason.REFRESH_FAILED,
          "creating the refresh Jobs failed (HTTP " + e.getCode() + ")");
      return;
    }
    step.status().setDatabaseRefreshes(statuses);
    step.conditions().setTrue(EnvironmentConditions.Type.DATABASE_REFRESH_READY, EnvironmentConditions.Reason.REFRESH_CONFIGURED, plans.size() + " database refresh(es) configured: "
        + plans.stream().map(p -> p.refresh().getName() + " from " + p.refresh().getFromEnvironment())
            .collect(Collectors.joining(", ")));
  }

  private DatabaseRefreshStatus reconcile(StepContext step, RefreshPlanner.Plan plan, String ns) {
    Environment env = step.environment();
    DatabaseRefresh refresh = plan.refresh();
    DatabaseRefreshStatus before = previous(step, refresh.getName());
    apply(RefreshJobs.connectionSecret(env, refresh, ns, plan.source(), plan.target()));
    KubernetesClient client = operator.client();
    if (refresh.getSchedule() != null && !refresh.getSchedule().isBlank()) {
      apply(RefreshJobs.cronJob(env, refresh, ns, plan.sourceStage(), plan.masking()));
    } else {
      var cron = client.batch().v1().cronjobs().inNamespace(ns).withName(RefreshJobs.baseName(env, refresh));
      if (cron.get() != null) {
        cron.delete();
      }
    }
    DatabaseRefreshStatus status = new DatabaseRefreshStatus();
    status.setName(refresh.getName());
    status.setLastRequest(before == null ? null : before.getLastRequest());
    String request = refresh.getRefreshRequest();
    if (request != null && !request.isBlank() && !request.equals(status.getLastRequest())) {
      String name = RefreshJobs.jobName(env, refresh, request);
      if (jobs(step).get(new ResourceID(name, ns)).isEmpty()) {
        Job created = client.resource(RefreshJobs.job(env, refresh, ns, plan.sourceStage(), plan.masking(), request))
            .create();
        jobs(step).handleRecentResourceCreate(ResourceID.fromResource(created), created);
      }
      status.setLastRequest(request);
    }
    // creation times have a resolution of one second: within the same second, the last request's Job is the newest
    String requested = status.getLastRequest() == null ? null : RefreshJobs.jobName(env, refresh, status.getLastRequest());
    Optional<Job> latest = jobs(step).list(ns, j -> isOf(j, env, refresh)).max(Comparator.comparing(
        (Job j) -> Objects.toString(j.getMetadata().getCreationTimestamp(), ""))
        .thenComparing(j -> j.getMetadata().getName().equals(requested))
        .thenComparing(j -> j.getMetadata().getName()));
    if (latest.isEmpty()) {
      status.setPhase(refresh.getSchedule() == null ? null : Phase.Scheduled);
      status.setMessage(refresh.getSchedule() == null ? "no run yet; set refreshRequest to run one"
          : "runs on the schedule " + refresh.getSchedule() + " (UTC)");
      return status;
    }
    fromJob(status, latest.get(), ns, refresh);
    audit(env, before, status, refresh);
    return status;
  }

  private static void fromJob(DatabaseRefreshStatus status, Job job, String ns, DatabaseRefresh refresh) {
    String where = ns + "/" + job.getMetadata().getName();
    status.setJob(where);
    var s = job.getStatus();
    status.setStartedAt(s == null ? null : s.getStartTime());
    Optional<JobCondition> complete = condition(job, "Complete");
    Optional<JobCondition> failed = condition(job, "Failed");
    if (complete.isPresent()) {
      status.setPhase(Phase.Succeeded);
      status.setCompletedAt(s.getCompletionTime() != null ? s.getCompletionTime() : complete.get().getLastTransitionTime());
      status.setMessage("copied " + refresh.getFromEnvironment() + " into this Environment's database by Job " + where
          + "; counts: kubectl get pods -n " + ns + " -l job-name=" + job.getMetadata().getName()
          + " -o jsonpath='{..terminated.message}'");
    } else if (failed.isPresent()) {
      status.setPhase(Phase.Failed);
      status.setCompletedAt(failed.get().getLastTransitionTime());
      status.setMessage("Job " + where + " failed" + (failed.get().getReason() == null ? "" : " (" + failed.get().getReason() + ")")
          + "; the target was rolled back; see kubectl logs -n " + ns + " job/" + job.getMetadata().getName());
    } else {
      status.setPhase(Phase.Running);
      status.setMessage("Job " + where + " running; progress: kubectl logs -n " + ns + " job/" + job.getMetadata().getName());
      return;
    }
    status.setDurationSeconds(duration(status.getStartedAt(), status.getCompletedAt()));
  }

  /** Whole seconds between two RFC 3339 times the Job controller wrote; null when either is missing or unreadable. */
  static Integer duration(String start, String end) {
    if (start == null || end == null) {
      return null;
    }
    try {
      long seconds = Duration.between(Instant.parse(start), Instant.parse(end)).toSeconds();
      return seconds < 0 ? null : (int) Math.min(seconds, Integer.MAX_VALUE);
    } catch (DateTimeParseException unreadable) {
      return null;
    }
  }

  /** One audit line per finished run: when the latest Job reaches an end that status has not recorded yet. */
  private void audit(Environment env, DatabaseRefreshStatus before, DatabaseRefreshStatus now, DatabaseRefresh refresh) {
    boolean finished = now.getPhase() == Phase.Succeeded || now.getPhase() == Phase.Failed;
    boolean recorded = before != null && Objects.equals(before.getJob(), now.getJob()) && before.getPhase() == now.getPhase();
    if (!finished || recorded) {
      return;
    }
    String message = "database refresh " + refresh.getName() + " from " + refresh.getFromEnvironment()
        + " (Secret " + refresh.getSourceSecret() + " into Secret " + refresh.getTargetSecret() + ") by Job " + now.getJob();
    if (now.getPhase() == Phase.Succeeded) {
      operator.auditor().success(env, "DatabaseRefresh", EnvironmentConditions.Reason.DATABASE_REFRESHED, message + " succeeded");
    } else {
      operator.auditor().failure(env, "DatabaseRefresh", EnvironmentConditions.Reason.DATABASE_REFRESH_FAILED, message + " failed");
    }
  }

  private static boolean isOf(HasMetadata o, Environment env, DatabaseRefresh refresh) {
    Map<String, String> labels = o.getMetadata().getLabels();
    return labels != null && env.getMetadata().getName().equals(labels.get(Labels.ENVIRONMENT))
        && refresh.getName().equals(labels.get(RefreshJobs.REFRESH_LABEL));
  }

  private static Optional<JobCondition> condition(Job job, String type) {
    if (job.getStatus() == null || job.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return job.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus())).findFirst();
  }

  private static DatabaseRefreshStatus previous(StepContext step, String name) {
    var status = step.environment().getStatus();
    if (status == null || status.getDatabaseRefreshes() == null) {
      return null;
    }
    return status.getDatabaseRefreshes().stream().filter(s -> name.equals(s.getName())).findFirst().orElse(null);
  }

  @SuppressWarnings("unchecked")
  private static InformerEventSource<Job, Environment> jobs(StepContext step) {
    return (InformerEventSource<Job, Environment>) step.context().eventSourceRetriever()
        .getEventSourceFor(Job.class, JOB_SOURCE);
  }

  /**
   * Creates or updates {@code desired} when it differs from what is there: the hash of what the
   * operator wrote is kept in an annotation, because a real API server adds defaults (image pull
   * policy, termination message path, ...) that would make a field-by-field comparison differ forever.
   */
  private void apply(HasMetadata desired) {
    KubernetesClient client = operator.client();
    String hash = RefreshJobs.hash(JSON.asJson(desired));
    Map<String, String> annotations = new LinkedHashMap<>();
    if (desired.getMetadata().getAnnotations() != null) {
      annotations.putAll(desired.getMetadata().getAnnotations());
    }
    annotations.put(APPLIED_HASH, hash);
    desired.getMetadata().setAnnotations(annotations);
    HasMetadata existing = client.resource(desired).get();
    if (existing == null) {
      client.resource(desired).create();
      return;
    }
    var had = existing.getMetadata().getAnnotations();
    if (had == null || !hash.equals(had.get(APPLIED_HASH))) {
      desired.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
      client.resource(desired).update();
    }
  }

  /** Stops the schedules of a refused Environment: nothing runs on input that no longer passes. */
  private void removeSchedules(Environment env) {
    KubernetesClient client = operator.client();
    client.batch().v1().cronjobs().inNamespace(operator.settings().operatorNamespace())
        .withLabel(Labels.ENVIRONMENT, env.getMetadata().getName()).withLabel(RefreshJobs.REFRESH_LABEL)
        .list().getItems().forEach(c -> client.resource(c).delete());
  }

  /** Removes CronJobs and connection Secrets of refreshes that are no longer declared. */
  private void removeAllBut(Environment env, Set<String> keep) {
    String ns = operator.settings().operatorNamespace();
    KubernetesClient client = operator.client();
    for (CronJob c : client.batch().v1().cronjobs().inNamespace(ns)
        .withLabel(Labels.ENVIRONMENT, env.getMetadata().getName()).withLabel(RefreshJobs.REFRESH_LABEL)
        .list().getItems()) {
      if (!keep.contains(c.getMetadata().getLabels().get(RefreshJobs.REFRESH_LABEL))) {
        client.resource(c).delete();
      }
    }
    for (Secret s : client.secrets().inNamespace(ns)
        .withLabel(Labels.ENVIRONMENT, env.getMetadata().getName()).withLabel(RefreshJobs.REFRESH_LABEL)
        .list().getItems()) {
      if (!keep.contains(s.getMetadata().getLabels().get(RefreshJobs.REFRESH_LABEL))) {
        client.resource(s).delete();
      }
    }
  }
}
