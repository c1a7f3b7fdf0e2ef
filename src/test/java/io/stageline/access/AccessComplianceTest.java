package io.stageline.access;

import io.stageline.api.v1alpha1.EnvironmentConditions;
import static io.stageline.access.AccessFixtures.createEnvironment;
import static io.stageline.access.AccessFixtures.grant;
import static io.stageline.access.AccessFixtures.group;
import static io.stageline.access.AccessFixtures.policy;
import static io.stageline.access.AccessFixtures.stages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.api.Labels;
import io.stageline.api.v1alpha1.AccessPolicySpec.Level;
import io.stageline.api.v1alpha1.ComplianceFinding;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.Stage;
import io.stageline.testing.Edits;
import io.stageline.testing.OperatorExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AccessComplianceTest {
  @RegisterExtension OperatorExtension op = OperatorExtension.running();

  private KubernetesClient client() {
    return op.client();
  }

  private Environment env(String name) {
    return client().resources(Environment.class).withName(name).get();
  }

  private List<String> findingTypes(String name) {
    Environment e = env(name);
    return e == null || e.getStatus() == null ? List.of()
        : e.getStatus().getCompliance().stream().map(ComplianceFinding::getType).toList();
  }

  private String compliant(String name) {
    Environment e = env(name);
    return e == null || e.getStatus() == null ? "missing"
        : e.getStatus().findCondition("Compliant").map(c -> c.getStatus()).orElse("missing");
  }

  private double findingsMetric(String environment) {
    var gauge = op.operator().context().metrics().registry().find(AccessComplianceCheck.METRIC)
        .tag("environment", environment).gauge();
    return gauge == null ? -1 : gauge.value();
  }

  private static RoleBinding handMade(String namespace, String name, String clusterRole, Map<String, String> labels,
      Map<String, String> annotations) {
    return new RoleBindingBuilder()
        .withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels).withAnnotations(annotations)
        .endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", clusterRole)
        .addNewSubject().withKind("User").withApiGroup("rbac.authorization.k8s.io").withName("mallory").endSubject()
        .build();
  }

  @Test
  void handMadeBindingsAreFindingsUntilAllowed() {
    createEnvironment(client(), "dev", Stage.development, Map.of());
    client().resource(policy("team", stages(Stage.development), grant(Level.write, group("developers")))).create();
    await().untilAsserted(() -> {
      assertThat(client().rbac().roleBindings().inNamespace("dev").withName("stageline-team-write").get()).isNotNull();
      assertThat(compliant("dev")).isEqualTo("True");
    });

    client().resource(handMade("dev", "shortcut", "cluster-admin", Map.of(), Map.of())).create();

    await().untilAsserted(() -> {
      assertThat(findingTypes("dev")).containsExactlyInAnyOrder(
          EnvironmentConditions.Reason.FOREIGN_CLUSTER_ROLE, EnvironmentConditions.Reason.UNMANAGED_ROLE_BINDING);
      assertThat(env("dev").getStatus().getCompliance()).allSatisfy(f ->
          assertThat(f.getObject()).isEqualTo("rolebinding/shortcut"));
      assertThat(compliant("dev")).isEqualTo("False");
      assertThat(findingsMetric("dev")).isEqualTo(2.0);
    });

    Edits.edit(client().rbac().roleBindings().inNamespace("dev").withName("shortcut"), rb -> {
      rb.getMetadata().setLabels(Map.of(Labels.ALLOWED, "true"));
      return rb;
    });
    await().untilAsserted(() -> {
      assertThat(findingTypes("dev")).isEmpty();
      assertThat(compliant("dev")).isEqualTo("True");
      assertThat(findingsMetric("dev")).isZero();
    });
  }

  @Test
  void anEmergencyBindingLongerThanTheStageAllowsIsAFinding() {
    createEnvironment(client(), "prod", Stage.production, Map.of());
    await().until(() -> client().namespaces().withName("prod").get() != null);
    Instant granted = Instant.now();
    client().resource(handMade("prod", "all-weekend", "stageline-admin",
        Map.of(Labels.EMERGENCY, "true"),
        Map.of(Labels.GRANTED_AT, granted.toString(),
            Labels.EXPIRES_AT, granted.plus(Duration.ofHours(60)).toString()))).create();

    await().untilAsserted(() -> assertThat(findingTypes("prod"))
        .contains(EnvironmentConditions.Reason.EMERGENCY_TOO_LONG, EnvironmentConditions.Reason.UNMANAGED_ROLE_BINDING)
        .doesNotContain(EnvironmentConditions.Reason.FOREIGN_CLUSTER_ROLE));
  }
}
