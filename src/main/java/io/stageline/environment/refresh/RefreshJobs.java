package io.stageline.environment.refresh;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpecBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.stageline.api.Labels;
import io.stageline.api.v1alpha1.DatabaseRefresh;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.Stage;
import io.stageline.environment.seed.MaskingKeyStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The objects a database refresh runs as, all in the operator's namespace: a Secret with the two
 * connections (copied from the source's and the target's Secrets, so that neither stage's users
 * can read the other's credentials), a Job per on-demand run and a CronJob for the schedule, both
 * running {@code stageline mask-db} from the operator's own image with the lower stage's masking key
 * mounted from its Secret (which never leaves the operator's namespace).
 */
final class RefreshJobs {
  static final String CONTAINER = "mask-db";
  static final String KEY_DIR = "/var/run/stageline/masking-key";
  private static final KubernetesSerialization JSON = new KubernetesSerialization();
  private static final int MAX_BASE = 52;

  private RefreshJobs() {}

  /** The image the Jobs run: the operator's own (STAGELINE_IMAGE, set by the chart and deploy/). */
  static String image() {
    String image = System.getenv("STAGELINE_IMAGE");
    if (image != null && !image.isBlank()) {
      return image;
    }
    String version = RefreshJobs.class.getPackage().getImplementationVersion();
    return "stageline:" + (version == null ? "0.1.0" : version.replace("-SNAPSHOT", ""));
  }

  /** refresh-ENV-NAME, shortened with a hash to what a CronJob name allows (52 characters). */
  static String baseName(Environment env, DatabaseRefresh refresh) {
    String name = "refresh-" + env.getMetadata().getName() + "-" + refresh.getName();
    if (name.length() <= MAX_BASE) {
      return name;
    }
    String hash = hash(name).substring(0, 8);
    return name.substring(0, MAX_BASE - 9).replaceAll("-+$", "") + "-" + hash;
  }

  static String jobName(Environment env, DatabaseRefresh refresh, String request) {
    return baseName(env, refresh) + "-" + hash(request).substring(0, 8);
  }

  static String connectionSecretName(Environment env, DatabaseRefresh refresh) {
    return baseName(env, refresh) + "-connection";
  }

  static Map<String, String> labels(Environment env, DatabaseRefresh refresh) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(Labels.MANAGED_BY, Labels.STAGELINE);
    labels.put(Labels.ENVIRONMENT, env.getMetadata().getName());
    labels.put(Labels.DATABASE_REFRESH, refresh.getName());
    return labels;
  }

  private static ObjectMeta meta(Environment env, DatabaseRefresh refresh, String name, String namespace) {
    return new ObjectMetaBuilder().withName(name).withNamespace(namespace).withLabels(labels(env, refresh))
        .addNewOwnerReference()
          .withApiVersion(env.getApiVersion()).withKind(env.getKind())
          .withName(env.getMetadata().getName()).withUid(env.getMetadata().getUid())
        .endOwnerReference()
        .build();
  }

  static Secret connectionSecret(Environment env, DatabaseRefresh refresh, String namespace,
      Map<String, String> source, Map<String, String> target) {
    Map<String, String> data = new LinkedHashMap<>();
    put(data, "SOURCE_URL", source.get("url"));
    put(data, "SOURCE_USER", source.get("username"));
    put(data, "SOURCE_PASSWORD", source.get("password"));
    put(data, "TARGET_URL", target.get("url"));
    put(data, "TARGET_USER", target.get("username"));
    put(data, "TARGET_PASSWORD", target.get("password"));
    return new SecretBuilder().withMetadata(meta(env, refresh, connectionSecretName(env, refresh), namespace))
        .withType("Opaque").withData(data).build();
  }

  private static void put(Map<String, String> data, String key, String value) {
    if (value != null) {
      // data, not stringData: what the API server stores, so an unchanged Secret compares equal
      data.put(key, java.util.Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)));
    }
  }

  static Job job(Environment env, DatabaseRefresh refresh, String namespace, Stage sourceStage, boolean masking,
      String request) {
    ObjectMeta meta = meta(env, refresh, jobName(env, refresh, request), namespace);
    meta.setAnnotations(new LinkedHashMap<>(Map.of(Labels.REFRESH_REQUEST, request)));
    return new JobBuilder().withMetadata(meta).withSpec(jobSpec(env, refresh, sourceStage, masking)).build();
  }

  static CronJob cronJob(Environment env, DatabaseRefresh refresh, String namespace, Stage sourceStage, boolean masking) {
    return new CronJobBuilder().withMetadata(meta(env, refresh, baseName(env, refresh), namespace))
        .withNewSpec()
          .withSchedule(refresh.getSchedule())
          .withTimeZone("Etc/UTC")
          // one refresh at a time: a second copy into the same target would wait on the first's locks anyway
          .withConcurrencyPolicy("Forbid")
          .withSuccessfulJobsHistoryLimit(3)
          .withFailedJobsHistoryLimit(3)
          .withNewJobTemplate()
            .withNewMetadata().withLabels(labels(env, refresh)).endMetadata()
            .withSpec(jobSpec(env, refresh, sourceStage, masking))
          .endJobTemplate()
        .endSpec()
        .build();
  }

  private static JobSpec jobSpec(Environment env, DatabaseRefresh refresh, Stage sourceStage, boolean masking) {
    String connection = connectionSecretName(env, refresh);
    List<String> args = new ArrayList<>(List.of("mask-db", "--source-stage", sourceStage.name(),
        "--key-file", KEY_DIR + "/" + MaskingKeyStore.KEY, "--summary-file", "/dev/termination-log"));
    if (!masking) {
      args.add("--no-masking");
    }
    List<EnvVar> envVars = new ArrayList<>();
    for (String v : List.of("SOURCE_URL", "SOURCE_USER", "SOURCE_PASSWORD", "TARGET_URL", "TARGET_USER", "TARGET_PASSWORD")) {
      envVars.add(new EnvVarBuilder().withName("STAGELINE_" + v)
          .withNewValueFrom().withNewSecretKeyRef(v, connection, true).endValueFrom().build());
    }
    envVars.add(new EnvVarBuilder().withName("STAGELINE_REFRESH_SPEC").withValue(rulesOnly(refresh)).build());
    return new JobSpecBuilder()
        .withBackoffLimit(0)
        .withNewTemplate()
          .withNewMetadata().withLabels(labels(env, refresh)).endMetadata()
          .withNewSpec()
            .withRestartPolicy("Never")
            .withAutomountServiceAccountToken(false)
            .withNewSecurityContext().withRunAsNonRoot(true).withNewSeccompProfile().withType("RuntimeDefault")
              .endSeccompProfile().endSecurityContext()
            .addNewContainer()
              .withName(CONTAINER)
              .withImage(image())
              .withArgs(args)
              .withEnv(envVars)
              .withTerminationMessagePolicy("FallbackToLogsOnError")
              .withNewSecurityContext().withAllowPrivilegeEscalation(false).withReadOnlyRootFilesystem(true)
                .withNewCapabilities().withDrop("ALL").endCapabilities().endSecurityContext()
              .addNewVolumeMount().withName("masking-key").withMountPath(KEY_DIR).withReadOnly(true).endVolumeMount()
            .endContainer()
            .addNewVolume().withName("masking-key").withNewSecret()
              .withSecretName(MaskingKeyStore.secretName(env))
              .addNewItem().withKey(MaskingKeyStore.KEY).withPath(MaskingKeyStore.KEY).endItem()
              .withDefaultMode(0400)
            .endSecret().endVolume()
          .endSpec()
        .endTemplate()
        .build();
  }

  /** What mask-db reads from STAGELINE_REFRESH_SPEC: tables, rules and detectors, nothing about connections. */
  static String rulesOnly(DatabaseRefresh refresh) {
    DatabaseRefresh rules = new DatabaseRefresh();
    rules.setName(refresh.getName());
    rules.setIncludeTables(refresh.getIncludeTables());
    rules.setExcludeTables(refresh.getExcludeTables());
    rules.setRules(refresh.getRules());
    rules.setDetectors(refresh.getDetectors());
    return JSON.asJson(rules);
  }

  static String hash(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
