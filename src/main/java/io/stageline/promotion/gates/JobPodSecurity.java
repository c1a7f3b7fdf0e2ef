package io.stageline.promotion.gates;

import io.fabric8.kubernetes.api.model.Capabilities;
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
 * Pod Security for gate Jobs. Staging and production namespaces enforce {@code restricted}, and a Job
 * whose pods admission refuses never fails (its pods are simply not created), so the gate would wait
 * out its timeout. Gate pods therefore get the restricted settings a template leaves unset (non-root,
 * no privilege escalation, all capabilities dropped, RuntimeDefault seccomp), and a template that
 * still violates the namespace's enforced level fails the gate at once, in the words of Pod Security
 * admission. The image must run as a non-root user (or the template sets {@code runAsUser}).
 */
public final class JobPodSecurity {
  public static final String REASON = "PodSecurityViolation";

  private JobPodSecurity() {}

  /** Fills in what a template leaves unset with restricted-compliant values; set values are kept. */
  public static void applyDefaults(PodSpec pod) {
    PodSecurityContext podContext = pod.getSecurityContext() == null ? new PodSecurityContext() : pod.getSecurityContext();
    if (podContext.getRunAsNonRoot() == null) {
      podContext.setRunAsNonRoot(true);
    }
    if (podContext.getSeccompProfile() == null) {
      podContext.setSeccompProfile(new SeccompProfile(null, "RuntimeDefault"));
    }
    pod.setSecurityContext(podContext);
    containers(pod).forEach(c -> {
      SecurityContext context = c.getSecurityContext() == null ? new SecurityContext() : c.getSecurityContext();
      if (context.getAllowPrivilegeEscalation() == null) {
        context.setAllowPrivilegeEscalation(false);
      }
      if (context.getCapabilities() == null) {
        context.setCapabilities(new Capabilities(null, List.of("ALL")));
      } else if (context.getCapabilities().getDrop() == null || context.getCapabilities().getDrop().isEmpty()) {
        context.getCapabilities().setDrop(List.of("ALL"));
      }
      c.setSecurityContext(context);
    });
  }

  /** What the pod violates of {@code level} (baseline or restricted; privileged or null allows all), as admission words it. */
  public static Optional<String> violation(PodSpec pod, String level) {
    return io.stageline.kube.PodSecurityStandards.violation(pod, level);
  }

  private static Stream<Container> containers(PodSpec pod) {
    return Stream.concat(pod.getInitContainers() == null ? Stream.empty() : pod.getInitContainers().stream(),
        pod.getContainers() == null ? Stream.empty() : pod.getContainers().stream());
  }
}
