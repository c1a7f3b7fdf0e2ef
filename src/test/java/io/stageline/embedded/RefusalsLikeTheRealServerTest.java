package io.stageline.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.testing.EmbeddedApi;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Refusals where EmbeddedApiAgreementTest found the embedded API lenient, now answered as
 * kube-apiserver answers them (codes, reasons and field paths of the real server).
 */
class RefusalsLikeTheRealServerTest {
  @RegisterExtension static final EmbeddedApi api = EmbeddedApi.started();

  @BeforeAll
  static void start() {
    api.admin().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("refusals").endMetadata().build())
        .create();
  }

  private static KubernetesClientException refusedEnvironment(String name, String spec) {
    String yaml = "apiVersion: stageline.io/v1alpha1\nkind: Environment\nmetadata:\n  name: " + name + "\n" + spec;
    Environment env = api.admin().getKubernetesSerialization().unmarshal(
        new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), Environment.class);
    KubernetesClientException e = catchThrowableOfType(KubernetesClientException.class,
        () -> api.admin().resource(env).create());
    assertThat(e).as("refused").isNotNull();
    assertThat(api.admin().resources(Environment.class).withName(name).get()).as("nothing stored").isNull();
    return e;
  }

  @Test
  void anEnumErrorSkipsTheCelRulesAndSaysSoWithAFieldlessCause() {
    KubernetesClientException e = refusedEnvironment("moon", "spec:\n  stage: moon\n");
    assertThat(e.getCode()).isEqualTo(422);
    assertThat(e.getStatus().getDetails().getCauses()).extracting(StatusCause::getField)
        .containsExactly("spec.stage", "<nil>");
    assertThat(e.getStatus().getDetails().getCauses().get(1).getMessage()).isEqualTo("Invalid value: \"null\": "
        + "some validation rules were not checked because the object was invalid; correct the existing errors to "
        + "complete validation");
  }

  @Test
  void anErrorInAMapEntryNamesTheEntryWithDots() {
    KubernetesClientException e = refusedEnvironment("lots", "spec:\n  stage: test\n  quota:\n    requests.cpu: lots\n");
    assertThat(e.getCode()).isEqualTo(422);
    assertThat(e.getStatus().getDetails().getCauses()).extracting(StatusCause::getField)
        .contains("spec.quota.requests.cpu");
  }

  @Test
  void aJsonPatchRemovingAPathThatDoesNotExistIsInvalidAndChangesNothing() {
    api.admin().configMaps().inNamespace("refusals").resource(new ConfigMapBuilder().withNewMetadata().withName("patched")
        .endMetadata().addToData("kept", "yes").build()).create();
    KubernetesClientException e = catchThrowableOfType(KubernetesClientException.class,
        () -> api.admin().configMaps().inNamespace("refusals").withName("patched")
            .patch(PatchContext.of(PatchType.JSON), "[{\"op\":\"remove\",\"path\":\"/data/missing\"}]"));
    assertThat(e).isNotNull();
    assertThat(e.getCode()).isEqualTo(422);
    assertThat(api.admin().configMaps().inNamespace("refusals").withName("patched").get().getData())
        .isEqualTo(Map.of("kept", "yes"));
  }

  @Test
  void anObjectLargerThanEtcdTakesIsRefusedAsTheServerPassesOnEtcdsRefusal() {
    String twoMiB = "x".repeat(2 * 1024 * 1024);
    KubernetesClientException e = catchThrowableOfType(KubernetesClientException.class,
        () -> api.admin().configMaps().inNamespace("refusals").resource(new ConfigMapBuilder().withNewMetadata()
            .withName("huge").endMetadata().addToData("blob", twoMiB).build()).create());
    assertThat(e).isNotNull();
    assertThat(e.getCode()).isEqualTo(500);
    assertThat(e.getStatus().getMessage()).isEqualTo("etcdserver: request is too large");
    assertThat(api.admin().configMaps().inNamespace("refusals").withName("huge").get()).isNull();
  }
}
