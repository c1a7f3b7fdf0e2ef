package io.stageline.environment.refresh;

import io.stageline.conditions.InputProblem;
import io.stageline.api.v1alpha1.EnvironmentConditions;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
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
import io.stageline.kube.ManagedObjects;
import io.stageline.runtime.OperatorContext;
import io.stageline.api.v1alpha1.DatabaseRefresh;
import io.stageline.api.v1alpha1.DatabaseRefreshStatus;
import io.stageline.api.v1alpha1.DatabaseRefreshStatus.Phase;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.environment.step.EnvironmentStep;
import io.stageline.environment.step.StepContext;
import io.stageline.audit.AuditEvent.Outcome;
import io.stageline.environment.seed.MaskingKeyStore;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code spec.databaseRefreshes}: masked copies of PostgreSQL databases from a higher Environment,
 * run as Jobs of the operator's own image in the operator's namespace (see {@link RefreshJobs}) on
 * demand ({@code refreshRequest}) and on a schedule (a CronJob). Who may name which Secret is
 * decided by {@link RefreshPlanner}. Status follows the latest Job's outcome; each finished run is
 * an audit line. Bad input refuses every refresh of the Environment with the
 * {@code DatabaseRefreshReady} condition, a Warning event and an audit line, and stops its schedules.
 *
 * <p>The counts of a successful run (tables, rows, bytes, rates, masked values) come from the
 * termination message {@code mask-db} leaves in its pod, read from a watch on the refresh pods of the
 * operator's namespace only (see {@link RefreshSummary} for why it is treated as untrusted). Nothing is
 * read while a run is in progress: the kubelet publishes the message when the container exits, and
 * anything live would need the Job to write to the API (a token and rights it does not have) or the
 * operator to poll its log.
 */
public final class DatabaseRefreshStep implements EnvironmentStep {
  public static final String JOB_SOURCE = "refresh-jobs";
  public static final String POD_SOURCE = "refresh-pods";
  /** The refresh Jobs' pods carry their template's labels: managed by Stageline and naming the refresh. */
  public static final String POD_SELECTOR = Labels.MANAGED_SELECTOR + "," + Labels.DATABASE_REFRESH;
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
    } catch (InputProblem.Refused refused) {
      step.refuse("DatabaseRefresh", refused.problem());
      removeSchedules(env);
      return;
    }
    String ns = operator.settings().operatorNamespace();
    List<DatabaseRefreshStatus> statuses = new ArrayList<>();
    List<String> unreadable = new ArrayList<>();
    try {
      keys.keyFor(env, step.reads());
      for (RefreshPlanner.Plan plan : plans) {
        statuses.add(reconcile(step, plan, ns, unreadable));
      }
      removeAllBut(env, plans.stream().map(p -> p.refresh().getName()).collect(Collectors.toSet()));
    } catch (KubernetesClientException e) {
      // the API's message may quote what was sent (credentials); only the status code is safe to repeat
      step.refuse(EnvironmentConditions.Type.DATABASE_REFRESH_READY, "DatabaseRefresh", EnvironmentConditions.Reason.REFRESH_FAILED,
          "creating the refresh Jobs failed (HTTP " + e.getCode() + ")");
      return;
    }
    step.status().setDatabaseRefreshes(statuses);
    if (!unreadable.isEmpty()) {
      step.refuse(EnvironmentConditions.Type.DATABASE_REFRESH_READY, "DatabaseRefresh",
          EnvironmentConditions.Reason.REFRESH_SUMMARY_UNREADABLE, "the counts of a finished refresh could not "
          + "be read, so status shows none: " + String.join("; ", unreadable) + "; mask-db writes one JSON object "
          + "of counts there, so another writer of pods in the operator's namespace may be at work");
      return;
    }
    step.conditions().setTrue(EnvironmentConditions.Type.DATABASE_REFRESH_READY,
        EnvironmentConditions.Reason.REFRESH_CONFIGURED, plans.size() + " database refresh(es) configured: "
        + plans.stream().map(p -> p.refresh().getName() + " from " + p.refresh().getFromEnvironment())
            .collect(Collectors.joining(", ")));
  }

  private DatabaseRefreshStatus reconcile(StepContext step, RefreshPlanner.Plan plan, String ns, List<String> unreadable) {
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
    // Creation times have a resolution of one second: within the same second, the last request's Job is the newest,
    // then the one status already follows (so that status never turns back to an older run and audits it again).
    // The last request's Job is looked up by name as well: one created a moment ago is in the event source's
    // recent-create cache before the informer lists it.
    String requested = status.getLastRequest() == null ? null : RefreshJobs.jobName(env, refresh, status.getLastRequest());
    String followed = before == null ? null : before.getJob();
    Optional<Job> latest = Stream.concat(jobs(step).list(ns, j -> isOf(j, env, refresh)),
            requested == null ? Stream.empty() : jobs(step).get(new ResourceID(requested, ns)).stream())
        .max(Comparator.comparing((Job j) -> Objects.toString(j.getMetadata().getCreationTimestamp(), ""))
            .thenComparing(j -> j.getMetadata().getName().equals(requested))
            .thenComparing(j -> (ns + "/" + j.getMetadata().getName()).equals(followed))
            .thenComparing(j -> j.getMetadata().getName()));
    if (latest.isEmpty()) {
      status.setPhase(refresh.getSchedule() == null ? null : Phase.Scheduled);
      status.setMessage(refresh.getSchedule() == null ? "no run yet; set refreshRequest to run one"
          : "runs on the schedule " + refresh.getSchedule() + " (UTC)");
      return status;
    }
    String problem = fromJob(step, before, status, latest.get(), ns, refresh);
    if (problem != null) {
      unreadable.add(problem);
    }
    audit(env, before, status, refresh, problem);
    return status;
  }

  /** Fills status from the Job (and, for a success, its pod's summary); returns why the summary is unreadable, if it is. */
  private static String fromJob(StepContext step, DatabaseRefreshStatus before, DatabaseRefreshStatus status, Job job,
      String ns, DatabaseRefresh refresh) {
    String where = ns + "/" + job.getMetadata().getName();
    status.setJob(where);
    var s = job.getStatus();
    status.setStartedAt(s == null ? null : s.getStartTime());
    Optional<JobCondition> complete = condition(job, "Complete");
    Optional<JobCondition> failed = condition(job, "Failed");
    String problem = null;
    if (complete.isPresent()) {
      List<Pod> pods = pods(step).list(ns, p -> ownedBy(p, job)).toList();
      Optional<ContainerStateTerminated> succeeded = pods.stream().map(DatabaseRefreshStep::maskDbTerminated)
          .filter(t -> t != null && Integer.valueOf(0).equals(t.getExitCode()))
          .max(Comparator.comparing(t -> Objects.toString(t.getFinishedAt(), "")));
      if (succeeded.isEmpty() && pods.stream().anyMatch(p -> !ended(p))) {
        // the Job controller saw the pod end before this watch did: the pod's event follows and brings the counts
        status.setPhase(Phase.Running);
        status.setMessage("Job " + where + " completed; waiting for its pod's final status");
        return null;
      }
      status.setPhase(Phase.Succeeded);
      status.setCompletedAt(s.getCompletionTime() != null ? s.getCompletionTime() : complete.get().getLastTransitionTime());
      String copied = "copied " + refresh.getFromEnvironment() + " into this Environment's database by Job " + where;
      if (succeeded.isPresent()) {
        try {
          RefreshSummary summary = RefreshSummary.parse(succeeded.get().getMessage());
          summary.applyTo(status);
          status.setMessage(copied + ": " + counts(status, summary.seconds()));
        } catch (RefreshSummary.Unreadable u) {
          problem = "Job " + where + ": " + u.getMessage();
          status.setMessage(copied + "; counts unknown: " + u.getMessage());
        }
      } else if (before != null && where.equals(before.getJob()) && before.getPhase() == Phase.Succeeded) {
        // the pod was removed after its counts were read: they stay as recorded
        copyCounts(before, status);
        status.setMessage(before.getMessage());
      } else {
        status.setMessage(copied + "; counts unknown: its pod is gone");
      }
    } else if (failed.isPresent()) {
      status.setPhase(Phase.Failed);
      status.setCompletedAt(failed.get().getLastTransitionTime());
      status.setMessage("Job " + where + " failed" + (failed.get().getReason() == null ? "" : " (" + failed.get().getReason() + ")")
          + "; the target was rolled back; see kubectl logs -n " + ns + " job/" + job.getMetadata().getName());
    } else {
      status.setPhase(Phase.Running);
      status.setMessage("Job " + where + " running; progress: kubectl logs -n " + ns + " job/" + job.getMetadata().getName());
      return null;
    }
    status.setDurationSeconds(duration(status.getStartedAt(), status.getCompletedAt()));
    return problem;
  }

  private static String counts(DatabaseRefreshStatus s, double seconds) {
    return String.format(Locale.ROOT, "%d tables, %d rows, %.1f MB in %.1f s", s.getTables(), s.getRows(),
        s.getBytes() / 1e6, seconds)
        + (s.getMaskedValues() == null ? "" : ", " + s.getMaskedValues() + " values masked");
  }

  private static void copyCounts(DatabaseRefreshStatus from, DatabaseRefreshStatus to) {
    to.setTables(from.getTables());
    to.setRows(from.getRows());
    to.setBytes(from.getBytes());
    to.setRowsPerSecond(from.getRowsPerSecond());
    to.setBytesPerSecond(from.getBytesPerSecond());
    to.setMaskedValues(from.getMaskedValues());
    to.setDetectorHits(from.getDetectorHits());
  }

  /** The Job's own pods, by the controller reference the Job controller sets (labels alone are easier to copy). */
  private static boolean ownedBy(Pod pod, Job job) {
    return pod.getMetadata().getOwnerReferences() != null && pod.getMetadata().getOwnerReferences().stream()
        .anyMatch(o -> Boolean.TRUE.equals(o.getController()) && Objects.equals(o.getUid(), job.getMetadata().getUid()));
  }

  private static ContainerStateTerminated maskDbTerminated(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return null;
    }
    return pod.getStatus().getContainerStatuses().stream()
        .filter(c -> RefreshJobs.CONTAINER.equals(c.getName()))
        .map(ContainerStatus::getState)
        .filter(st -> st != null && st.getTerminated() != null)
        .map(st -> st.getTerminated())
        .findFirst().orElse(null);
  }

  private static boolean ended(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
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
  private void audit(Environment env, DatabaseRefreshStatus before, DatabaseRefreshStatus now, DatabaseRefresh refresh,
      String unreadable) {
    boolean finished = now.getPhase() == Phase.Succeeded || now.getPhase() == Phase.Failed;
    boolean recorded = before != null && Objects.equals(before.getJob(), now.getJob()) && before.getPhase() == now.getPhase();
    if (!finished || recorded) {
      return;
    }
    String message = "database refresh " + refresh.getName() + " from " + refresh.getFromEnvironment()
        + " (Secret " + refresh.getSourceSecret() + " into Secret " + refresh.getTargetSecret() + ") by Job " + now.getJob();
    if (now.getPhase() == Phase.Succeeded) {
      Map<String, String> details = new LinkedHashMap<>();
      putCount(details, "tables", now.getTables() == null ? null : now.getTables().longValue());
      putCount(details, "rows", now.getRows());
      putCount(details, "bytes", now.getBytes());
      putCount(details, "rowsPerSecond", now.getRowsPerSecond());
      putCount(details, "bytesPerSecond", now.getBytesPerSecond());
      putCount(details, "maskedValues", now.getMaskedValues());
      putCount(details, "detectorHits", now.getDetectorHits());
      String counts = now.getRows() == null ? "; counts unknown" + (unreadable == null ? "" : " (summary unreadable)")
          : ": " + now.getTables() + " tables, " + now.getRows() + " rows, " + now.getBytes() + " bytes";
      operator.auditor().record(env, "DatabaseRefresh", Outcome.Success,
          EnvironmentConditions.Reason.DATABASE_REFRESHED,
          message + " succeeded" + counts, null, details, false);
    } else {
      operator.auditor().failure(env, "DatabaseRefresh", EnvironmentConditions.Reason.DATABASE_REFRESH_FAILED, message + " failed");
    }
  }

  private static boolean isOf(HasMetadata o, Environment env, DatabaseRefresh refresh) {
    Map<String, String> labels = o.getMetadata().getLabels();
    return labels != null && env.getMetadata().getName().equals(labels.get(Labels.ENVIRONMENT))
        && refresh.getName().equals(labels.get(Labels.DATABASE_REFRESH));
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

  private static void putCount(Map<String, String> details, String name, Long value) {
    if (value != null) {
      details.put(name, Long.toString(value));
    }
  }

  @SuppressWarnings("unchecked")
  private static InformerEventSource<Pod, Environment> pods(StepContext step) {
    return (InformerEventSource<Pod, Environment>) step.context().eventSourceRetriever()
        .getEventSourceFor(Pod.class, POD_SOURCE);
  }

  @SuppressWarnings("unchecked")
  private static InformerEventSource<Job, Environment> jobs(StepContext step) {
    return (InformerEventSource<Job, Environment>) step.context().eventSourceRetriever()
        .getEventSourceFor(Job.class, JOB_SOURCE);
  }

  /**
   * Creates or updates {@code desired} when it differs from what is there. The hash of what the operator
   * wrote is kept in an annotation and compared instead of the content, because a real API server adds
   * defaults (image pull policy, termination message path, ...) that would make a field-by-field
   * comparison differ forever.
   */
  private void apply(HasMetadata desired) {
    KubernetesClient client = operator.client();
    String hash = RefreshJobs.hash(JSON.asJson(desired));
    Map<String, String> annotations = new LinkedHashMap<>();
    if (desired.getMetadata().getAnnotations() != null) {
      annotations.putAll(desired.getMetadata().getAnnotations());
    }
    annotations.put(Labels.APPLIED_HASH, hash);
    desired.getMetadata().setAnnotations(annotations);
    ManagedObjects.apply(client, client.resource(desired).get(), desired, hashedInstead -> null);
  }

  /** Stops the schedules of a refused Environment: nothing runs on input that no longer passes. */
  private void removeSchedules(Environment env) {
    KubernetesClient client = operator.client();
    client.batch().v1().cronjobs().inNamespace(operator.settings().operatorNamespace())
        .withLabel(Labels.ENVIRONMENT, env.getMetadata().getName()).withLabel(Labels.DATABASE_REFRESH)
        .list().getItems().forEach(c -> client.resource(c).delete());
  }

  /** Removes CronJobs and connection Secrets of refreshes that are no longer declared. */
  private void removeAllBut(Environment env, Set<String> keep) {
    String ns = operator.settings().operatorNamespace();
    KubernetesClient client = operator.client();
    for (CronJob c : client.batch().v1().cronjobs().inNamespace(ns)
        .withLabel(Labels.ENVIRONMENT, env.getMetadata().getName()).withLabel(Labels.DATABASE_REFRESH)
        .list().getItems()) {
      if (!keep.contains(c.getMetadata().getLabels().get(Labels.DATABASE_REFRESH))) {
        client.resource(c).delete();
      }
    }
    for (Secret s : client.secrets().inNamespace(ns)
        .withLabel(Labels.ENVIRONMENT, env.getMetadata().getName()).withLabel(Labels.DATABASE_REFRESH)
        .list().getItems()) {
      if (!keep.contains(s.getMetadata().getLabels().get(Labels.DATABASE_REFRESH))) {
        client.resource(s).delete();
      }
    }
  }
}
