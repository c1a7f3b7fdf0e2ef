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
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String STAGELINE = "stageline";
  /** The informers of managed objects only see objects with this label. */
  public static final String MANAGED_SELECTOR = MANAGED_BY + "=" + STAGELINE;
  public static final String ENVIRONMENT = "stageline.io/environment";
  public static final String STAGE = "stageline.io/stage";
  public static final String RETAINED = "stageline.io/retained";
  /** Which part of an Environment a managed object carries: config, config-revision, secret, seed-data. */
  public static final String PART = "stageline.io/part";
  public static final String POD_SECURITY_ENFORCE = "pod-security.kubernetes.io/enforce";
  /** On an existing namespace: {@code "true"} lets an Environment take it over. */
  public static final String ADOPT_ANNOTATION = "stageline.io/adopt";

  /** On a database connection Secret: {@code "true"} offers it as a database refresh source. */
  public static final String REFRESH_SOURCE = "stageline.io/refresh-source";
  /** The informer of refresh sources only sees Secrets with this label. */
  public static final String REFRESH_SOURCE_SELECTOR = REFRESH_SOURCE + "=true";

  public static final String ACCESS_POLICY = "stageline.io/access-policy";
  public static final String ACCESS_LEVEL = "stageline.io/access-level";
  /** Marks an emergency (break-glass) RoleBinding. */
  public static final String EMERGENCY = "stageline.io/emergency";
  /** On a RoleBinding nobody's AccessPolicy manages: "true" accepts it in compliance checks. */
  public static final String ALLOWED = "stageline.io/allowed";

  public static final String PROMOTION = "stageline.io/promotion";
  public static final String GATE = "stageline.io/gate";
  public static final String AUTO_PROMOTION = "stageline.io/auto-promotion";

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
