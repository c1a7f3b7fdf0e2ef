package io.stageline.api;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.Promotion;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The labels and annotations by which Stageline marks, finds and maps back what it manages, and those
 * users set to ask something of it. They are part of Stageline's API, so every kind's package names them
 * from here.
 */
public final class Labels {
  // --- on everything Stageline manages ---
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String STAGELINE = "stageline";
  /** The informers of managed objects only see objects with this label. */
  public static final String MANAGED_SELECTOR = MANAGED_BY + "=" + STAGELINE;
  public static final String ENVIRONMENT = "stageline.io/environment";
  public static final String STAGE = "stageline.io/stage";
  /** Which part of an Environment a managed object carries: config, config-revision, secret, seed-data. */
  public static final String PART = "stageline.io/part";
  /** What an object in the operator's namespace is for (e.g. {@code masking-key}). */
  public static final String PURPOSE = "stageline.io/purpose";

  // --- on Environments and their namespaces ---
  /** On an Environment: the delivery path it belongs to (AccessPolicies select by it). */
  public static final String PATH = "stageline.io/path";
  /** On a namespace an Environment left behind (deletionPolicy Retain). */
  public static final String RETAINED = "stageline.io/retained";
  /** On an existing namespace: {@code "true"} lets an Environment take it over. */
  public static final String ADOPT_ANNOTATION = "stageline.io/adopt";
  /** Kubernetes' Pod Security admission level, which Stageline sets on an Environment's namespace. */
  public static final String POD_SECURITY_ENFORCE = "pod-security.kubernetes.io/enforce";

  // --- configuration and secrets ---
  /** On a config ConfigMap: the revision number of the rendered configuration it holds. */
  public static final String CONFIG_REVISION = "stageline.io/config-revision";
  /** On a config ConfigMap: the content hash of the rendered configuration. */
  public static final String CONFIG_HASH = "stageline.io/config-hash";
  /** On a vault Secret: the stages (comma-separated) that may copy it. */
  public static final String ALLOWED_STAGES = "stageline.io/allowed-stages";
  /** On an Environment, set by users: a new value regenerates its generated secrets. */
  public static final String ROTATE_SECRETS = "stageline.io/rotate-secrets";
  /** On a generated Secret: the rotation request it was generated for. */
  public static final String SECRET_ROTATION = "stageline.io/rotation";
  /** On a Secret the secrets step wrote: where its values came from. */
  public static final String SECRET_SOURCE = "stageline.io/secret-source";

  // --- seed data ---
  /** On every object seeding wrote: {@code true}; seeding prunes only objects that carry it. */
  public static final String SEEDED = "stageline.io/seeded";
  /** The Environment a seeded copy came from, or {@code synthetic}. */
  public static final String SEED_SOURCE = "stageline.io/seed-source";
  /** {@code true} when a seeded copy's values were masked on the way. */
  public static final String MASKED = "stageline.io/masked";

  // --- database refreshes ---
  /** On a database connection Secret: {@code "true"} offers it as a database refresh source. */
  public static final String REFRESH_SOURCE = "stageline.io/refresh-source";
  /** The informer of refresh sources only sees Secrets with this label. */
  public static final String REFRESH_SOURCE_SELECTOR = REFRESH_SOURCE + "=true";
  /** On a refresh source Secret: the Environments (comma-separated) its owner shares it with. */
  public static final String REFRESH_TO = "stageline.io/refresh-to";
  /** On a refresh Job, CronJob or their Secrets: the database refresh they belong to. */
  public static final String DATABASE_REFRESH = "stageline.io/database-refresh";
  /** On a refresh Job: the on-demand request it answers. */
  public static final String REFRESH_REQUEST = "stageline.io/refresh-request";
  /** On a refresh Job or CronJob: the hash of the object it was last written from. */
  public static final String APPLIED_HASH = "stageline.io/applied-hash";

  // --- access ---
  public static final String ACCESS_POLICY = "stageline.io/access-policy";
  public static final String ACCESS_LEVEL = "stageline.io/access-level";
  /** On an access ClusterRole: what the level allows, in words. */
  public static final String DESCRIPTION = "stageline.io/description";
  /** Marks an emergency (break-glass) RoleBinding. */
  public static final String EMERGENCY = "stageline.io/emergency";
  /** On an emergency RoleBinding: why, the ticket, when it was granted and when it expires. */
  public static final String EMERGENCY_REASON = "stageline.io/emergency-reason";
  public static final String EMERGENCY_TICKET = "stageline.io/emergency-ticket";
  public static final String GRANTED_AT = "stageline.io/granted-at";
  public static final String EXPIRES_AT = "stageline.io/expires-at";
  /** On a RoleBinding nobody's AccessPolicy manages: "true" accepts it in compliance checks. */
  public static final String ALLOWED = "stageline.io/allowed";

  // --- promotions ---
  public static final String PROMOTION = "stageline.io/promotion";
  public static final String GATE = "stageline.io/gate";
  public static final String AUTO_PROMOTION = "stageline.io/auto-promotion";
  /** A ClusterRole with this label adds to what the operator may read for condition gates (aggregation). */
  public static final String GATE_READER = "stageline.io/aggregate-to-gate-reader";

  private Labels() {}

  /** The labels every object an Environment manages carries. */
  public static Map<String, String> managed(Environment env) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(MANAGED_BY, STAGELINE);
    labels.put(ENVIRONMENT, env.getMetadata().getName());
    if (env.getSpec() != null && env.getSpec().getStage() != null) {
      labels.put(STAGE, env.getSpec().getStage().value());
    }
    return labels;
  }

  /** The labels of what a promotion creates (a gate's Job when {@code gate} is not null). */
  public static Map<String, String> forPromotion(Promotion promotion, String gate) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(MANAGED_BY, STAGELINE);
    labels.put(ENVIRONMENT, promotion.getSpec().getEnvironment());
    labels.put(PROMOTION, promotion.getMetadata().getName());
    if (gate != null) {
      labels.put(GATE, gate);
    }
    return labels;
  }

  public static boolean isManagedByStageline(HasMetadata object) {
    return STAGELINE.equals(label(object, MANAGED_BY));
  }

  /** The Environment named on an object, or null. */
  public static String environmentOf(HasMetadata object) {
    return label(object, ENVIRONMENT);
  }

  /** The stage named on an object by the operator, or null. */
  public static String stageOf(HasMetadata object) {
    return label(object, STAGE);
  }

  public static boolean asksForAdoption(HasMetadata object) {
    Map<String, String> annotations = object.getMetadata().getAnnotations();
    return annotations != null && "true".equals(annotations.get(ADOPT_ANNOTATION));
  }

  private static String label(HasMetadata object, String key) {
    Map<String, String> labels = object.getMetadata().getLabels();
    return labels == null ? null : labels.get(key);
  }
}
