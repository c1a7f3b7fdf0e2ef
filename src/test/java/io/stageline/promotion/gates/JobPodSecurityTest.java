package io.stageline.promotion.gates;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

/** Gate Job pods get restricted defaults; what still violates the namespace's enforced level is named. */
class JobPodSecurityTest {
  private static PodSpec pod(String yaml) {
    return Serialization.unmarshal(yaml, PodSpec.class);
  }

  @Test
  void aTemplateWithoutSecuritySettingsBecomesRestrictedCompliant() {
    PodSpec pod = pod("containers: [{name: test, image: registry.example/tests:1}]");
    assertThat(JobPodSecurity.violation(pod, "restricted")).isPresent();

    JobPodSecurity.applyDefaults(pod);

    assertThat(JobPodSecurity.violation(pod, "restricted")).isEmpty();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(pod.getContainers().get(0).getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(pod.getContainers().get(0).getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
  }

  @Test
  void whatATemplateSetsIsKeptAndAViolationIsNamedInAdmissionsWords() {
    PodSpec pod = pod("""
        securityContext: {runAsUser: 0}
        containers:
        - name: test
          image: registry.example/tests:1
          securityContext: {privileged: true, allowPrivilegeEscalation: true}
        """);
    JobPodSecurity.applyDefaults(pod);

    assertThat(pod.getContainers().get(0).getSecurityContext().getAllowPrivilegeEscalation()).isTrue();
    assertThat(JobPodSecurity.violation(pod, "restricted")).hasValueSatisfying(v -> assertThat(v)
        .startsWith("violates PodSecurity \"restricted:latest\": ")
        .contains("privileged (container \"test\" must not set securityContext.privileged=true)")
        .contains("allowPrivilegeEscalation != false (container \"test\"")
        .contains("runAsNonRoot != true or runAsUser=0 (container \"test\")"));
    assertThat(JobPodSecurity.violation(pod, "baseline")).hasValueSatisfying(v -> assertThat(v)
        .startsWith("violates PodSecurity \"baseline:latest\": privileged"));
    assertThat(JobPodSecurity.violation(pod, "privileged")).isEmpty();
  }
}
