package io.stageline.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.stageline.testing.EmbeddedApi;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Pod Security admission as kube-apiserver runs it: a namespace's enforced level refuses Pods that violate
 * it, and workloads whose pod template would violate it are admitted with a warning.
 */
class PodSecurityAdmissionTest {
  @RegisterExtension static final EmbeddedApi api = EmbeddedApi.started();

  @BeforeAll
  static void start() {
    for (String level : new String[] {"restricted", "baseline"}) {
      api.admin().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(level)
          .addToLabels("pod-security.kubernetes.io/enforce", level).endMetadata().build()).create();
    }
    api.admin().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("open").endMetadata().build())
        .create();
  }

  private static Pod plain(String name) {
    return new PodBuilder().withNewMetadata().withName(name).endMetadata()
        .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().build();
  }

  private static Pod compliant(String name) {
    return new PodBuilder(plain(name)).editSpec()
        .withNewSecurityContext().withRunAsNonRoot(true).withNewSeccompProfile().withType("RuntimeDefault")
        .endSeccompProfile().endSecurityContext()
        .editFirstContainer().withNewSecurityContext().withAllowPrivilegeEscalation(false)
        .withNewCapabilities().addToDrop("ALL").endCapabilities().endSecurityContext().endContainer()
        .endSpec().build();
  }

  @Test
  void aPodViolatingTheEnforcedLevelIsRefusedInTheServersWords() {
    KubernetesClientException refused = catchThrowableOfType(KubernetesClientException.class,
        () -> api.admin().pods().inNamespace("restricted").resource(plain("loose")).create());

    assertThat(refused.getCode()).isEqualTo(403);
    assertThat(refused.getMessage()).contains("pods \"loose\" is forbidden: violates PodSecurity \"restricted:latest\"")
        .contains("allowPrivilegeEscalation != false").contains("seccompProfile");
    assertThat(api.admin().pods().inNamespace("restricted").withName("loose").get()).isNull();
  }

  @Test
  void aCompliantPodIsAdmittedAndOtherNamespacesKeepTheirOwnLevel() {
    assertThat(api.admin().pods().inNamespace("restricted").resource(compliant("tight")).create()).isNotNull();
    assertThat(api.admin().pods().inNamespace("baseline").resource(plain("plain")).create()).isNotNull();
    assertThat(api.admin().pods().inNamespace("open").resource(new PodBuilder(plain("root")).editSpec().editFirstContainer()
        .withNewSecurityContext().withPrivileged(true).endSecurityContext().endContainer().endSpec().build())
        .create()).isNotNull();
    Pod privileged = new PodBuilder(plain("root")).editSpec().editFirstContainer()
        .withNewSecurityContext().withPrivileged(true).endSecurityContext().endContainer().endSpec().build();
    assertThat(catchThrowableOfType(KubernetesClientException.class,
        () -> api.admin().pods().inNamespace("baseline").resource(privileged).create()).getMessage())
        .contains("violates PodSecurity \"baseline:latest\": privileged");
  }

  @Test
  void aWorkloadWhosePodsWouldBeRefusedIsAdmittedWithAWarning() throws Exception {
    String job = """
        {"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"tests"},
         "spec":{"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"busybox"}]}}}}""";
    HttpResponse<String> response = ApiHttp.client(api.server()).send(ApiHttp.asAdmin(api.server(), "/apis/batch/v1/namespaces/restricted/jobs")
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(job)).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(response.headers().allValues("Warning")).singleElement().asString()
        .startsWith("299 - \"would violate PodSecurity \\\"restricted:latest\\\": ");
    assertThat(api.admin().batch().v1().jobs().inNamespace("restricted").withName("tests").get()).isNotNull();
  }
}
