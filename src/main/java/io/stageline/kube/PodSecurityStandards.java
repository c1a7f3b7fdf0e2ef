package io.stageline.kube;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The Pod Security Standards (baseline, restricted) as Pod Security admission checks them, worded as it
 * words a refusal. One evaluator for the operator (gate Jobs are checked before they are created) and the
 * embedded API (which enforces them on Pods as kube-apiserver does). It covers the checks Stageline's
 * workloads meet in practice: host namespaces, hostPath, privileged, hostPort; for restricted also
 * privilege escalation, capabilities, non-root and seccomp.
 */
public final class PodSecurityStandards {
  private PodSecurityStandards() {}

  /** What the pod violates of {@code level} (baseline or restricted; privileged or null allows all), as admission words it. */
  public static Optional<String> violation(PodSpec pod, String level) {
    if (level == null || !(level.equals("baseline") || level.equals("restricted"))) {
      return Optional.empty();
    }
    List<String> problems = new ArrayList<>();
    PodSecurityContext podContext = pod.getSecurityContext();
    if (Boolean.TRUE.equals(pod.getHostNetwork()) || Boolean.TRUE.equals(pod.getHostPID())
        || Boolean.TRUE.equals(pod.getHostIPC())) {
      problems.add("host namespaces (hostNetwork, hostPID, hostIPC must not be true)");
    }
    if (pod.getVolumes() != null && pod.getVolumes().stream().anyMatch(v -> v.getHostPath() != null)) {
      problems.add("hostPath volumes");
    }
    containers(pod).forEach(c -> {
      SecurityContext s = c.getSecurityContext();
      if (s != null && Boolean.TRUE.equals(s.getPrivileged())) {
        problems.add("privileged (container \"" + c.getName() + "\" must not set securityContext.privileged=true)");
      }
      if (c.getPorts() != null && c.getPorts().stream().anyMatch(p -> p.getHostPort() != null && p.getHostPort() != 0)) {
        problems.add("hostPort (container \"" + c.getName() + "\" uses hostPort)");
      }
    });
    if (level.equals("restricted")) {
      containers(pod).forEach(c -> {
        SecurityContext s = c.getSecurityContext() == null ? new SecurityContext() : c.getSecurityContext();
        if (!Boolean.FALSE.equals(s.getAllowPrivilegeEscalation())) {
          problems.add("allowPrivilegeEscalation != false (container \"" + c.getName()
              + "\" must set securityContext.allowPrivilegeEscalation=false)");
        }
        List<String> drop = s.getCapabilities() == null || s.getCapabilities().getDrop() == null ? List.of()
            : s.getCapabilities().getDrop();
        List<String> add = s.getCapabilities() == null || s.getCapabilities().getAdd() == null ? List.of()
            : s.getCapabilities().getAdd();
        if (!drop.contains("ALL") || add.stream().anyMatch(a -> !a.equals("NET_BIND_SERVICE"))) {
          problems.add("unrestricted capabilities (container \"" + c.getName()
              + "\" must set securityContext.capabilities.drop=[\"ALL\"] and add at most NET_BIND_SERVICE)");
        }
        Boolean nonRoot = s.getRunAsNonRoot() != null ? s.getRunAsNonRoot()
            : podContext == null ? null : podContext.getRunAsNonRoot();
        Long user = s.getRunAsUser() != null ? s.getRunAsUser() : podContext == null ? null : podContext.getRunAsUser();
        if (!Boolean.TRUE.equals(nonRoot) || Long.valueOf(0).equals(user)) {
          problems.add("runAsNonRoot != true or runAsUser=0 (container \"" + c.getName() + "\")");
        }
        SeccompProfile seccomp = s.getSeccompProfile() != null ? s.getSeccompProfile()
            : podContext == null ? null : podContext.getSeccompProfile();
        if (seccomp == null || !(("RuntimeDefault").equals(seccomp.getType()) || "Localhost".equals(seccomp.getType()))) {
          problems.add("seccompProfile (container \"" + c.getName()
              + "\" must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\")");
        }
      });
    }
    if (problems.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of("violates PodSecurity \"" + level + ":latest\": " + String.join(", ", problems));
  }

  private static Stream<Container> containers(PodSpec pod) {
    return Stream.concat(pod.getInitContainers() == null ? Stream.empty() : pod.getInitContainers().stream(),
        pod.getContainers() == null ? Stream.empty() : pod.getContainers().stream());
  }
}
