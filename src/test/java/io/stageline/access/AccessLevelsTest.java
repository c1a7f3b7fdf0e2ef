package io.stageline.access;

import static io.stageline.access.AccessFixtures.createEnvironment;
import static io.stageline.access.AccessFixtures.grant;
import static io.stageline.access.AccessFixtures.group;
import static io.stageline.access.AccessFixtures.policy;
import static io.stageline.access.AccessFixtures.stages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.stageline.api.v1alpha1.AccessPolicySpec.Level;
import io.stageline.api.v1alpha1.Stage;
import io.stageline.testing.OperatorExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What each level lets its subjects do in a stage, as the API server's RBAC answers it. */
class AccessLevelsTest {
  @RegisterExtension OperatorExtension op = OperatorExtension.running();

  private boolean can(String group, String verb, String apiGroup, String resource) {
    return op.client().authorization().v1().subjectAccessReview().create(new SubjectAccessReviewBuilder()
        .withNewSpec().withUser("someone-in-" + group).withGroups(group)
          .withNewResourceAttributes().withVerb(verb).withGroup(apiGroup).withResource(resource)
            .withNamespace("staging").endResourceAttributes()
        .endSpec().build()).getStatus().getAllowed();
  }

  @Test
  void eachLevelGrantsWhatItsNameSays() {
    createEnvironment(op.client(), "staging", Stage.staging, Map.of());
    op.client().resource(policy("matrix", stages(Stage.staging),
        grant(Level.read, group("readers")), grant(Level.write, group("writers")),
        grant(Level.deploy, group("deployers")), grant(Level.approve, group("approvers")),
        grant(Level.admin, group("admins")))).create();
    await().untilAsserted(() -> assertThat(can("admins", "approve", "stageline.io", "promotions")).isTrue());

    assertThat(can("readers", "list", "apps", "deployments")).isTrue();
    assertThat(can("readers", "get", "", "secrets")).isFalse();

    assertThat(can("writers", "update", "", "configmaps")).isTrue();
    assertThat(can("writers", "create", "stageline.io", "promotions")).isFalse();

    assertThat(can("deployers", "create", "stageline.io", "promotions")).isTrue();
    assertThat(can("deployers", "patch", "apps", "deployments")).isTrue();
    assertThat(can("deployers", "approve", "stageline.io", "promotions")).isFalse();
    assertThat(can("deployers", "delete", "apps", "deployments")).isFalse();

    assertThat(can("approvers", "approve", "stageline.io", "promotions")).isTrue();
    assertThat(can("approvers", "patch", "stageline.io", "promotions")).isTrue();
    assertThat(can("approvers", "list", "apps", "deployments")).isTrue();
    assertThat(can("approvers", "get", "", "secrets")).isFalse();
    assertThat(can("approvers", "create", "stageline.io", "promotions")).isFalse();
    assertThat(can("approvers", "patch", "apps", "deployments")).isFalse();
    assertThat(can("approvers", "delete", "stageline.io", "promotions")).isFalse();

    assertThat(can("admins", "get", "", "secrets")).isTrue();
    assertThat(can("admins", "create", "rbac.authorization.k8s.io", "rolebindings")).isFalse();
  }
}
