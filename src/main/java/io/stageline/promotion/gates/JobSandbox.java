package io.stageline.promotion.gates;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.stageline.api.v1alpha1.PromotionPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What a Job gate's pod may ask for. The operator creates the Job with its own rights, so the
 * requester's template must not borrow them: the pod runs as the Environment's gate ServiceAccount
 * (no RoleBindings, no token mounted), and reads only the Secrets and ConfigMaps the platform lists
 * in {@code spec.promotionPolicy.gateSecrets} / {@code gateConfigMaps}. A template asking for
 * anything else (another ServiceAccount, a token, host or persistent volumes, other Secrets through
 * volumes, env, envFrom, projections or image pull secrets) is refused, never quietly changed.
 * Pod security (user, capabilities, host namespaces) is the namespace's Pod Security level.
 */
public final class JobSandbox {
  /** The per-Environment ServiceAccount gate Jobs run as: it holds no API rights. */
  public static final String SERVICE_ACCOUNT = "stageline-gate";

  private JobSandbox() {}

  /** Why this pod may not run as a gate of the Environment; empty when it may. */
  public static Optional<String> refusal(PodSpec pod, PromotionPolicy policy) {
    List<String> secrets = policy == null ? List.of() : policy.getGateSecrets();
    List<String> configMaps = policy == null ? List.of() : policy.getGateConfigMaps();
    List<String> problems = new ArrayList<>();
    if (pod.getServiceAccountName() != null || pod.getServiceAccount() != null) {
      problems.add("serviceAccountName \"" + Optional.ofNullable(pod.getServiceAccountName()).orElse(pod.getServiceAccount())
          + "\" (gate Jobs run as " + SERVICE_ACCOUNT + ", which has no API rights)");
    }
    if (Boolean.TRUE.equals(pod.getAutomountServiceAccountToken())) {
      problems.add("automountServiceAccountToken: true (gate Jobs get no API token)");
    }
    for (Volume v : list(pod.getVolumes())) {
      volumeProblem(v, secrets, configMaps).ifPresent(problems::add);
    }
    for (LocalObjectReference pull : list(pod.getImagePullSecrets())) {
      if (!secrets.contains(pull.getName())) {
        problems.add(secret(pull.getName(), "imagePullSecrets"));
      }
    }
    Stream.concat(list(pod.getInitContainers()).stream(), list(pod.getContainers()).stream())
        .forEach(c -> containerProblems(c, secrets, configMaps, problems));
    if (!list(pod.getEphemeralContainers()).isEmpty()) {
      problems.add("ephemeralContainers");
    }
    return problems.isEmpty() ? Optional.empty()
        : Optional.of("the Job template asks for " + String.join("; ", problems));
  }

  /** Runs the pod as the gate ServiceAccount with no token; call only after {@link #refusal} found nothing. */
  public static void confine(PodSpec pod) {
    pod.setServiceAccountName(SERVICE_ACCOUNT);
    pod.setServiceAccount(null);
    pod.setAutomountServiceAccountToken(false);
  }

  /** The gate ServiceAccount of a namespace: no token mounted by default, and bound to no role. */
  public static ServiceAccount serviceAccount(String namespace, Map<String, String> labels) {
    return new ServiceAccountBuilder()
        .withNewMetadata().withName(SERVICE_ACCOUNT).withNamespace(namespace).withLabels(labels).endMetadata()
        .withAutomountServiceAccountToken(false)
        .build();
  }

  private static Optional<String> volumeProblem(Volume v, List<String> secrets, List<String> configMaps) {
    String where = "volume " + v.getName();
    if (v.getEmptyDir() != null || v.getDownwardAPI() != null) {
      return Optional.empty();
    }
    if (v.getSecret() != null) {
      return secrets.contains(v.getSecret().getSecretName()) ? Optional.empty()
          : Optional.of(secret(v.getSecret().getSecretName(), where));
    }
    if (v.getConfigMap() != null) {
      return configMaps.contains(v.getConfigMap().getName()) ? Optional.empty()
          : Optional.of(configMap(v.getConfigMap().getName(), where));
    }
    if (v.getProjected() != null) {
      for (VolumeProjection source : list(v.getProjected().getSources())) {
        if (source.getSecret() != null && !secrets.contains(source.getSecret().getName())) {
          return Optional.of(secret(source.getSecret().getName(), where));
        }
        if (source.getConfigMap() != null && !configMaps.contains(source.getConfigMap().getName())) {
          return Optional.of(configMap(source.getConfigMap().getName(), where));
        }
        if (source.getServiceAccountToken() != null) {
          return Optional.of("a ServiceAccount token in " + where);
        }
        if (source.getClusterTrustBundle() != null) {
          return Optional.of("a cluster trust bundle in " + where);
        }
      }
      return Optional.empty();
    }
    // hostPath, persistentVolumeClaim, csi, nfs, ephemeral and every other source reach beyond the gate
    return Optional.of(where + " of a kind other than emptyDir, configMap, secret, projected or downwardAPI");
  }

  private static void containerProblems(Container c, List<String> secrets, List<String> configMaps, List<String> problems) {
    String where = "container " + c.getName();
    for (EnvVar e : list(c.getEnv())) {
      if (e.getValueFrom() == null) {
        continue;
      }
      if (e.getValueFrom().getSecretKeyRef() != null && !secrets.contains(e.getValueFrom().getSecretKeyRef().getName())) {
        problems.add(secret(e.getValueFrom().getSecretKeyRef().getName(), where + " env " + e.getName()));
      }
      if (e.getValueFrom().getConfigMapKeyRef() != null
          && !configMaps.contains(e.getValueFrom().getConfigMapKeyRef().getName())) {
        problems.add(configMap(e.getValueFrom().getConfigMapKeyRef().getName(), where + " env " + e.getName()));
      }
    }
    for (EnvFromSource e : list(c.getEnvFrom())) {
      if (e.getSecretRef() != null && !secrets.contains(e.getSecretRef().getName())) {
        problems.add(secret(e.getSecretRef().getName(), where + " envFrom"));
      }
      if (e.getConfigMapRef() != null && !configMaps.contains(e.getConfigMapRef().getName())) {
        problems.add(configMap(e.getConfigMapRef().getName(), where + " envFrom"));
      }
    }
  }

  private static String secret(String name, String where) {
    return "Secret \"" + name + "\" in " + where + " (not in the Environment's promotionPolicy.gateSecrets)";
  }

  private static String configMap(String name, String where) {
    return "ConfigMap \"" + name + "\" in " + where + " (not in the Environment's promotionPolicy.gateConfigMaps)";
  }

  private static <T> List<T> list(List<T> list) {
    return list == null ? List.of() : list;
  }
}
