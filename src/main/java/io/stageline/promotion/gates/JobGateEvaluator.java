package io.stageline.promotion.gates;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.api.v1alpha1.Promotion;
import io.stageline.api.v1alpha1.Release;
import io.stageline.promotion.Durations;
import io.stageline.promotion.PromotionLabels;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a test Job from the gate's template in the target namespace (owned by the promotion,
 * labelled, with the release in its environment) and waits for it to complete. The Job is the
 * record of the outcome: a restart finds it by name and never runs it twice.
 */
public class JobGateEvaluator implements GateEvaluator {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);

  private final KubernetesClient client;
  private final Jobs jobs;

  /** Where gate Jobs are found (a cache) and created (so that the cache knows them at once). */
  public interface Jobs {
    Job find(String namespace, String name);

    Job create(Job job);
  }

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
    if (job == null) {
      job = jobs.create(desired(in, name));
    }
    Duration timeout = in.gate().getJob().getTimeout() == null
        ? DEFAULT_TIMEOUT : Durations.parse(in.gate().getJob().getTimeout());
    Optional<JobCondition> complete = condition(job, "Complete");
    if (complete.isPresent()) {
      return GateResult.passed("Job " + where + " succeeded").withJob(where, logs);
    }
    Optional<JobCondition> failed = condition(job, "Failed");
    if (failed.isPresent()) {
      String why = failed.get().getReason() == null ? "" : ": " + failed.get().getReason()
          + (failed.get().getMessage() == null ? "" : " " + failed.get().getMessage());
      return GateResult.failed("Job " + where + " failed" + why).withJob(where, logs);
    }
    Instant deadline = in.since().plus(timeout);
    if (!in.now().isBefore(deadline)) {
      return GateResult.failed("Job " + where + " did not finish within " + Durations.format(timeout)).withJob(where, logs);
    }
    return GateResult.waiting("Job " + where + " running").withJob(where, logs).wakeUpAt(deadline);
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

  private Job desired(GateInput in, String name) {
    JobSpec spec = client.getKubernetesSerialization().convertValue(in.gate().getJob().getTemplate(), JobSpec.class);
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
          .withLabels(PromotionLabels.forPromotion(p, in.name()))
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
