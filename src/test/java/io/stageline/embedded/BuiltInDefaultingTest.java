package io.stageline.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeItem;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.stageline.testing.EmbeddedApi;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The embedded API stores built-in objects as kube-apiserver does: quantities in canonical form and
 * LimitRange Container items with their defaults filled in; a value that is not a quantity is refused.
 */
class BuiltInDefaultingTest {
  private static final String NS = "defaults";
  @RegisterExtension static final EmbeddedApi api = EmbeddedApi.started();

  @BeforeAll
  static void start() {
    api.admin().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .create();
  }

  private static <T> T create(String yaml, Class<T> type) {
    GenericKubernetesResource object = Serialization.unmarshal(yaml, GenericKubernetesResource.class);
    GenericKubernetesResource created = api.admin().resource(object).inNamespace(NS).create();
    return Serialization.unmarshal(Serialization.asJson(created), type);
  }

  @Test
  void quotaQuantitiesAreStoredInCanonicalForm() {
    ResourceQuota quota = create("""
        apiVersion: v1
        kind: ResourceQuota
        metadata: {name: q}
        spec:
          hard: {requests.cpu: 1000m, requests.memory: 1024Mi, limits.cpu: "0.5", pods: 20, limits.memory: 1.5Gi}
        """, ResourceQuota.class);

    assertThat(quota.getSpec().getHard()).extractingFromEntries(e -> e.getKey() + "=" + e.getValue().toString())
        .containsExactlyInAnyOrder("requests.cpu=1", "requests.memory=1Gi", "limits.cpu=500m", "pods=20",
            "limits.memory=1536Mi");
  }

  @Test
  void limitRangeContainerItemsGetTheServersDefaultsPerResource() {
    LimitRange limits = create("""
        apiVersion: v1
        kind: LimitRange
        metadata: {name: l}
        spec:
          limits:
          - type: Container
            max: {cpu: 2000m, memory: 1Gi}
            min: {memory: 64Mi, ephemeral-storage: 1Gi}
            default: {memory: 512Mi}
          - type: Pod
            max: {cpu: "4"}
        """, LimitRange.class);

    LimitRangeItem container = limits.getSpec().getLimits().get(0);
    assertThat(container.getDefault()).isEqualTo(Map.of("cpu", new Quantity("2"), "memory", new Quantity("512Mi")));
    assertThat(container.getDefaultRequest()).isEqualTo(Map.of("cpu", new Quantity("2"),
        "memory", new Quantity("512Mi"), "ephemeral-storage", new Quantity("1Gi")));
    assertThat(container.getMax().get("cpu").getAmount()).isEqualTo("2");
    LimitRangeItem pod = limits.getSpec().getLimits().get(1);
    assertThat(pod.getDefault()).as("only Container items are defaulted").isNullOrEmpty();
    assertThat(pod.getDefaultRequest()).isNullOrEmpty();
  }

  @Test
  void containerResourcesAreCanonicalToo() {
    Pod pod = create("""
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
          - name: c
            image: busybox
            resources: {requests: {cpu: 1000m, memory: 2048Ki}, limits: {cpu: "1.5"}}
        """, Pod.class);

    assertThat(pod.getSpec().getContainers().get(0).getResources().getRequests())
        .extractingFromEntries(e -> e.getKey() + "=" + e.getValue().toString())
        .containsExactlyInAnyOrder("cpu=1", "memory=2Mi");
    assertThat(pod.getSpec().getContainers().get(0).getResources().getLimits().get("cpu").toString())
        .isEqualTo("1500m");
  }

  @Test
  void aValueThatIsNotAQuantityIsABadRequestAndNothingIsStored() {
    KubernetesClientException refused = catchThrowableOfType(KubernetesClientException.class, () -> create("""
        apiVersion: v1
        kind: ResourceQuota
        metadata: {name: bad}
        spec:
          hard: {pods: lots}
        """, ResourceQuota.class));

    assertThat(refused.getCode()).isEqualTo(400);
    assertThat(refused.getMessage()).contains("quantities must match the regular expression");
    assertThat(api.admin().resourceQuotas().inNamespace(NS).withName("bad").get()).isNull();
  }
}
