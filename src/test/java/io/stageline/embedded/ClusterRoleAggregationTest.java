package io.stageline.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.stageline.testing.EmbeddedApi;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The clusterrole-aggregation controller: an aggregated ClusterRole's rules are those of the roles its
 * selectors pick, kept up to date as they come, change and go.
 */
class ClusterRoleAggregationTest {
  @RegisterExtension static final EmbeddedApi api = EmbeddedApi.started();

  private static PolicyRule read(String group, String resource) {
    return new PolicyRuleBuilder().withApiGroups(group).withResources(resource).withVerbs("get").build();
  }

  private static List<PolicyRule> rulesOf(String name) {
    ClusterRole role = api.admin().rbac().clusterRoles().withName(name).get();
    return role == null ? null : role.getRules();
  }

  @Test
  void anAggregatedRoleGathersTheRulesOfTheRolesItSelects() {
    api.admin().rbac().clusterRoles().resource(new ClusterRoleBuilder().withNewMetadata().withName("readers").endMetadata()
        .withNewAggregationRule().addNewClusterRoleSelector().addToMatchLabels("example.com/aggregate-to-readers", "true")
        .endClusterRoleSelector().endAggregationRule().build()).create();
    api.admin().rbac().clusterRoles().resource(new ClusterRoleBuilder().withNewMetadata().withName("ci-runs")
        .addToLabels("example.com/aggregate-to-readers", "true").endMetadata()
        .withRules(read("tekton.dev", "pipelineruns")).build()).create();
    api.admin().rbac().clusterRoles().resource(new ClusterRoleBuilder().withNewMetadata().withName("unrelated").endMetadata()
        .withRules(read("", "secrets")).build()).create();

    var await = Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100));
    await.untilAsserted(() -> assertThat(rulesOf("readers")).containsExactly(read("tekton.dev", "pipelineruns")));

    api.admin().rbac().clusterRoles().resource(new ClusterRoleBuilder().withNewMetadata().withName("analysis")
        .addToLabels("example.com/aggregate-to-readers", "true").endMetadata()
        .withRules(read("argoproj.io", "analysisruns"), read("tekton.dev", "pipelineruns")).build()).create();
    await.untilAsserted(() -> assertThat(rulesOf("readers"))
        .containsExactly(read("argoproj.io", "analysisruns"), read("tekton.dev", "pipelineruns")));

    api.admin().rbac().clusterRoles().withName("analysis").delete();
    api.admin().rbac().clusterRoles().withName("ci-runs").delete();
    await.untilAsserted(() -> assertThat(rulesOf("readers")).isEmpty());
  }
}
