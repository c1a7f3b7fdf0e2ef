package io.stageline.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.stageline.testing.OperatorExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The chart rendered by Helm itself (helm-java embeds Helm's Go library): {@code helm lint} and
 * {@code helm template} with default and non-default values, and the rendered manifests accepted by
 * a server-side dry run.
 */
class HelmRenderTest {
  private static final Path CHART = Path.of("helm/stageline");
  /** helm template renders for an assumed cluster version; the chart needs 1.30+ (ValidatingAdmissionPolicy GA). */
  private static final String KUBE_VERSION = "1.34.0";

  @RegisterExtension
  final OperatorExtension op = OperatorExtension.apiOnly();

  @Test
  void helmLintStrictFindsNothingToReport() {
    LintResult lint = new Helm(CHART).lint().strict().call();

    assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    assertThat(lint.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
  }

  @Test
  void defaultValuesRenderTheObjectsOfTheKustomizeInstall() throws IOException {
    List<HasMetadata> rendered = render(new Helm(CHART).template().withKubeVersion(KUBE_VERSION).withName("stageline").withNamespace("stageline-system")
        .call());

    Set<String> fromDeploy = new TreeSet<>();
    for (String file : List.of("namespace.yaml", "serviceaccount.yaml", "operator-rbac.yaml",
        "access-clusterroles.yaml", "approval-policy.yaml", "deployment.yaml", "service.yaml")) {
      parse(Files.readString(Path.of("deploy", file))).forEach(o -> fromDeploy.add(key(o)));
    }
    // the release's own namespace comes from `helm install --namespace stageline-system --create-namespace`
    fromDeploy.remove("Namespace/stageline-system");
    Set<String> fromChart = rendered.stream().map(HelmRenderTest::key).collect(Collectors.toCollection(TreeSet::new));
    assertThat(fromChart).isEqualTo(fromDeploy);
  }

  @Test
  void nonDefaultValuesChangeWhatTheyPromise() {
    List<HasMetadata> rendered = render(new Helm(CHART).template().withKubeVersion(KUBE_VERSION).withName("stageline").withNamespace("ops")
        .set("replicaCount", 3)
        .set("image.tag", "9.9.9")
        .set("rbac.accessClusterRoles", false)
        .set("rbac.approvalPolicy", false)
        .set("serviceMonitor.enabled", true)
        .set("prometheusRule.enabled", true)
        .set("configNamespace.name", "team-config")
        .set("vaultNamespace.create", false)
        .set("prometheus.url", "http://prometheus.monitoring:9090")
        .call());

    Deployment deployment = rendered.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
        .findFirst().orElseThrow();
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).endsWith(":9.9.9");
    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
        .contains("--prometheus-url=http://prometheus.monitoring:9090");
    Set<String> kinds = rendered.stream().map(HelmRenderTest::key).collect(Collectors.toSet());
    assertThat(kinds).contains("ServiceMonitor/stageline-operator", "PrometheusRule/stageline")
        .noneMatch(k -> k.startsWith("ValidatingAdmissionPolicy"))
        .noneMatch(k -> k.equals("ClusterRole/stageline-read"))
        .contains("Namespace/team-config")
        .noneMatch(k -> k.equals("Namespace/stageline-vault"));
  }

  @Test
  void renderedManifestsPassAServerSideDryRun() {
    KubernetesClient client = op.client();
    List<HasMetadata> rendered = render(new Helm(CHART).template().withKubeVersion(KUBE_VERSION).withName("stageline").withNamespace("stageline-system")
        .call());
    List<String> refused = new ArrayList<>();
    // namespaces first, as helm install orders them, so namespaced objects have a home in the dry run
    rendered.stream().filter(o -> "Namespace".equals(o.getKind()))
        .forEach(o -> client.resource(o).createOr(existing -> existing.update()));
    for (HasMetadata object : rendered) {
      try {
        client.resource(object).dryRun().createOr(existing -> existing.update());
      } catch (RuntimeException e) {
        refused.add(key(object) + ": " + e.getMessage());
      }
    }
    assertThat(refused).isEmpty();
    assertThat(client.apps().deployments().inNamespace("stageline-system").withName("stageline-operator").get())
        .as("a dry run stores nothing").isNull();
  }

  private static List<HasMetadata> render(String manifests) {
    return parse(manifests);
  }

  private static List<HasMetadata> parse(String yaml) {
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : yaml.split("(?m)^---\\s*$")) {
      if (document.lines().allMatch(l -> l.isBlank() || l.trim().startsWith("#"))) {
        continue;
      }
      Object parsed = Serialization.unmarshal(document);
      if (parsed instanceof KubernetesList list) {
        objects.addAll(list.getItems());
      } else if (parsed instanceof HasMetadata object) {
        objects.add(object);
      } else if (parsed instanceof List<?> many) {
        many.stream().map(HasMetadata.class::cast).forEach(objects::add);
      }
    }
    return objects;
  }

  private static String key(HasMetadata object) {
    return object.getKind() + "/" + object.getMetadata().getName();
  }
}
