package io.stageline.promotion.gates;

import io.stageline.api.v1alpha1.PromotionConditions;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.stageline.api.Labels;
import io.stageline.api.v1alpha1.PromotionStatus.GateStatus;
import io.stageline.api.v1alpha1.PromotionStatus.GateStatus.State;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.api.v1alpha1.Promotion;
import io.stageline.api.v1alpha1.Release;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs a test Job from the gate's template in the target namespace (owned by the promotion,
 * labelled, with the release in its environment) and waits for it to complete. The Job is the
 * record of the outcome: a restart finds it by name and never runs it twice. The uid of the Job it
 * created is kept in the gate's status, and only that Job decides the gate: an owner reference is a
 * claim anyone who can create Jobs in the namespace can forge.
 */
public class JobGateEvaluator implements GateEvaluator {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);
  /** A Job of the gate's name that the promotion did not create (or did not record creating). */

  private final KubernetesClient client;
  private final Jobs jobs;

  /** Where gate Jobs are found (a cache) and created (so that the cache knows them at once). */
  public interface Jobs {
    Job find(String namespace, String name);

    Job create(Job job);

    /** Deletes that Job (background propagation); gone already is fine. */
    void delete(Job job);
  }

  /**
   * How long a finished gate Job (and its pods' logs) stays before Kubernetes' TTL controller removes it,
   * unless the template says otherwise: a day to read the logs, without Jobs piling up over the months.
   */
  public static final int FINISHED_JOB_TTL_SECONDS = 24 * 60 * 60;

  public JobGateEvaluator(KubernetesClient client, Jobs jobs) {
    this.client = client;
    this.jobs = jobs;
  }

  @Override
  public GateResult evaluate(GateInput in) {
    String name = jobName(in.promotion(), in.name(), in.verification());
    String where = in.namespace() + "/" + name;
    String logs = "kubectl logs -n " + in.namespace() + " job/" + name;
    Job job = jobs.find(in.namespace(), name);
    GateStatus previous = in.previous();
    if (job == null && previous != null && where.equals(previous.getJob()) && previous.getJobUid() != null
        && (previous.getState() == State.Passed || previous.getState() == State.Failed)) {
      // The recorded Job finished and was removed (ttlSecondsAfterFinished, or by hand): its outcome is in
      // status, and running the tests again for a gate already decided would be wrong.
      return (previous.getState() == State.Passed ? GateResult.passed(previous.getMessage())
          : GateResult.failed(previous.getMessage())).withJob(where, logs, previous.getJobUid());
    }
    Job desired = desired(in, name);
    var pod = desired.getSpec().getTemplate().getSpec();
    Optional<String> refusal = JobSandbox.refusal(pod, in.target().getSpec().getPromotionPolicy());
    if (refusal.isPresent()) {
      return GateResult.failed(refusal.get()); // the Environment's policy changed since admission
    }
    JobSandbox.confine(pod);
    JobPodSecurity.applyDefaults(pod);
    String recorded = in.previous() == null ? null : in.previous().getJobUid();
    if (job != null && recorded == null && controlledBy(job, in.promotion())) {
      // A Job of the gate's name that this promotion never recorded creating: a forgery pointing its
      // owner reference at the promotion (anyone who can read the promotion knows its uid), or the
      // operator's own, created just before a restart lost the record. Neither may decide the gate:
      // it is replaced, so the Job that decides is always one whose uid the promotion recorded.
      jobs.delete(job);
      return GateResult.waiting("Job " + where + " was not recorded as created by promotion "
          + in.promotion().getMetadata().getName() + " (JobNotOwned): it was deleted and the gate's Job is created afresh")
          .withReason(PromotionConditions.Reason.JOB_NOT_OWNED).withJob(where, logs);
    }
    if (job == null) {
      Optional<String> violation = JobPodSecurity.violation(pod, enforcedLevel(in.namespace()));
      if (violation.isPresent()) {
        // its pods would be refused and the Job would never fail: the gate fails now instead
        return new GateResult(State.Failed, "the Job's pod template " + violation.get() + " (namespace "
            + in.namespace() + " enforces it)", null, null, null, null, List.of(), null, PromotionConditions.Reason.POD_SECURITY_VIOLATION);
      }
      ensureServiceAccount(in);
      job = jobs.create(desired);
      recorded = job.getMetadata().getUid();
    }
    if (recorded != null && !recorded.equals(job.getMetadata().getUid())) {
      return GateResult.failed("Job " + where + " is not the Job promotion " + in.promotion().getMetadata().getName()
          + " created (JobNotOwned): it was replaced by someone else and does not count").withReason(PromotionConditions.Reason.JOB_NOT_OWNED)
          .withJob(where, logs, recorded);
    }
    Optional<String> notOwned = notOwned(job, desired, in.promotion());
    if (notOwned.isPresent()) {
      return GateResult.failed("Job " + where + " " + notOwned.get()).withReason(PromotionConditions.Reason.JOB_NOT_OWNED).withJob(where, logs, recorded);
    }
    Duration timeout = in.gate().getJob().getTimeout() == null
        ? DEFAULT_TIMEOUT : Durations.parse(in.gate().getJob().getTimeout());
    Optional<JobCondition> complete = condition(job, "Complete");
    if (complete.isPresent()) {
      return GateResult.passed("Job " + where + " succeeded").withJob(where, logs, recorded);
    }
    Optional<JobCondition> failed = condition(job, "Failed");
    if (failed.isPresent()) {
      String why = failed.get().getReason() == null ? "" : ": " + failed.get().getReason()
          + (failed.get().getMessage() == null ? "" : " " + failed.get().getMessage());
      return GateResult.failed("Job " + where + " failed" + why).withJob(where, logs, recorded);
    }
    Instant deadline = in.since().plus(timeout);
    if (!in.now().isBefore(deadline)) {
      return GateResult.failed("Job " + where + " did not finish within " + Durations.format(timeout)).withJob(where, logs, recorded);
    }
    return GateResult.waiting("Job " + where + " running").withJob(where, logs, recorded).wakeUpAt(deadline);
  }

  /** Created with the first gate Job of a namespace; kept as found (the pod mounts no token either way). */
  private void ensureServiceAccount(GateInput in) {
    if (client.serviceAccounts().inNamespace(in.namespace()).withName(JobSandbox.SERVICE_ACCOUNT).get() != null) {
      return;
    }
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(Labels.MANAGED_BY, Labels.STAGELINE);
    labels.put(Labels.ENVIRONMENT, in.promotion().getSpec().getEnvironment());
    try {
      client.resource(JobSandbox.serviceAccount(in.namespace(), labels)).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
    }
  }

  /**
   * A Job of the expected name that someone else created decides nothing: it must be controlled by
   * this promotion (owner reference with its uid) and run this gate's containers as the operator
   * would have created them. Anyone who may create Jobs in the namespace could otherwise pre-create
   * one that does nothing ({@code command: ["true"]}) and mark the gate passed.
   */
  static Optional<String> notOwned(Job job, Job desired, Promotion p) {
    if (!controlledBy(job, p)) {
      return Optional.of("was not created by promotion " + p.getMetadata().getName() + " (JobNotOwned): it does not count;"
          + " delete it and the gate's Job is created afresh by a new promotion");
    }
    var have = job.getSpec() == null || job.getSpec().getTemplate() == null ? null : job.getSpec().getTemplate().getSpec();
    var want = desired.getSpec().getTemplate().getSpec();
    if (have == null || !sameRun(have.getContainers(), want.getContainers())
        || !sameRun(have.getInitContainers(), want.getInitContainers())
        || !JobSandbox.SERVICE_ACCOUNT.equals(have.getServiceAccountName())) {
      return Optional.of("does not run this gate's template (JobNotOwned): it does not count");
    }
    return Optional.empty();
  }

  /** The Job names this promotion (its uid) as its controller: a claim anyone who can read the promotion can make. */
  static boolean controlledBy(Job job, Promotion p) {
    return job.getMetadata().getOwnerReferences() != null && job.getMetadata().getOwnerReferences().stream()
        .anyMatch(o -> Boolean.TRUE.equals(o.getController()) && p.getKind().equals(o.getKind())
            && p.getMetadata().getUid() != null && p.getMetadata().getUid().equals(o.getUid()));
  }

  /** Same containers by name, image, command and args (fields the API server does not default). */
  private static boolean sameRun(List<Container> have, List<Container> want) {
    List<Container> a = have == null ? List.of() : have;
    List<Container> b = want == null ? List.of() : want;
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      Container x = a.get(i);
      Container y = b.get(i);
      if (!Objects.equals(x.getName(), y.getName()) || !Objects.equals(x.getImage(), y.getImage())
          || !Objects.equals(emptyIfNull(x.getCommand()), emptyIfNull(y.getCommand()))
          || !Objects.equals(emptyIfNull(x.getArgs()), emptyIfNull(y.getArgs()))) {
        return false;
      }
    }
    return true;
  }

  private static List<String> emptyIfNull(List<String> list) {
    return list == null ? List.of() : list;
  }

  /** Deterministic, so that the Job is found again after a restart: promotion-[verify-]gate. */
  public static String jobName(Promotion promotion, String gateName, boolean verification) {
    String name = promotion.getMetadata().getName() + "-" + (verification ? "verify-" : "") + gateName;
    name = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    if (name.length() > 63) {
      String hash = Integer.toHexString(name.hashCode());
      name = name.substring(0, 62 - hash.length()) + "-" + hash;
    }
    return name.replaceAll("-+$", "");
  }

  private String enforcedLevel(String namespace) {
    var ns = client.namespaces().withName(namespace).get();
    return ns == null || ns.getMetadata().getLabels() == null ? null
        : ns.getMetadata().getLabels().get(Labels.POD_SECURITY_ENFORCE);
  }

  private Job desired(GateInput in, String name) {
    JobSpec spec = client.getKubernetesSerialization().convertValue(in.gate().getJob().getTemplate(), JobSpec.class);
    if (spec.getTtlSecondsAfterFinished() == null) {
      spec.setTtlSecondsAfterFinished(FINISHED_JOB_TTL_SECONDS);
    }
    var pod = spec.getTemplate().getSpec();
    if (pod.getRestartPolicy() == null) {
      pod.setRestartPolicy("Never");
    }
    List<EnvVar> env = releaseEnv(in.release());
    pod.getContainers().forEach(c -> addEnv(c, env));
    if (pod.getInitContainers() != null) {
      pod.getInitContainers().forEach(c -> addEnv(c, env));
    }
    Promotion p = in.promotion();
    return new JobBuilder()
        .withNewMetadata()
          .withName(name)
          .withNamespace(in.namespace())
          .withLabels(Labels.forPromotion(p, in.name()))
          .withOwnerReferences(new OwnerReferenceBuilder()
              .withApiVersion(p.getApiVersion())
              .withKind(p.getKind())
              .withName(p.getMetadata().getName())
              .withUid(p.getMetadata().getUid())
              .withController(true)
              .withBlockOwnerDeletion(true)
              .build())
        .endMetadata()
        .withSpec(spec)
        .build();
  }

  /** STAGELINE_VERSION and STAGELINE_IMAGE_<CONTAINER> (container name upper-cased, other characters as _). */
  static List<EnvVar> releaseEnv(Release release) {
    List<EnvVar> env = new ArrayList<>();
    if (release.getVersion() != null) {
      env.add(new EnvVar("STAGELINE_VERSION", release.getVersion(), null));
    }
    for (Map.Entry<String, String> image : release.getImages().entrySet()) {
      String key = "STAGELINE_IMAGE_" + image.getKey().toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
      env.add(new EnvVar(key, image.getValue(), null));
    }
    return env;
  }

  private static void addEnv(Container container, List<EnvVar> env) {
    List<EnvVar> merged = new ArrayList<>(container.getEnv() == null ? List.of() : container.getEnv());
    merged.removeIf(e -> env.stream().anyMatch(x -> x.getName().equals(e.getName())));
    merged.addAll(env);
    container.setEnv(merged);
  }

  private static Optional<JobCondition> condition(Job job, String type) {
    if (job.getStatus() == null || job.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return job.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
        .findFirst();
  }
}
