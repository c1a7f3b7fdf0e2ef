package io.stageline.access;

import static io.stageline.access.AccessFixtures.binding;
import static io.stageline.access.AccessFixtures.bindingsOf;
import static io.stageline.access.AccessFixtures.createEnvironment;
import static io.stageline.access.AccessFixtures.get;
import static io.stageline.access.AccessFixtures.grant;
import static io.stageline.access.AccessFixtures.group;
import static io.stageline.access.AccessFixtures.labels;
import static io.stageline.access.AccessFixtures.policy;
import static io.stageline.access.AccessFixtures.stages;
import static io.stageline.access.AccessFixtures.status;
import static io.stageline.access.AccessFixtures.subjects;
import static io.stageline.access.AccessFixtures.user;
import static io.stageline.access.AccessFixtures.withStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.api.Labels;
import io.stageline.api.v1alpha1.AccessPolicy;
import io.stageline.api.v1alpha1.AccessPolicySpec.Level;
import io.stageline.api.v1alpha1.AccessPolicyStatus.Phase;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.Stage;
import io.stageline.testing.Awaits;
import io.stageline.testing.Edits;
import io.stageline.testing.OperatorExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AccessPolicyReconcilerTest {
  @RegisterExtension OperatorExtension op = OperatorExtension.running();

  private KubernetesClient client() {
    return op.client();
  }

  @Test
  void bindsEachLevelInEverySelectedNamespace() {
    createEnvironment(client(), "dev", Stage.development, Map.of());
    createEnvironment(client(), "qa", Stage.test, Map.of());
    createEnvironment(client(), "prod", Stage.production, Map.of());
    client().resource(policy("team", stages(Stage.development, Stage.test),
        grant(Level.write, group("developers")), grant(Level.read, group("qa"), group("observers")))).create();

    await().untilAsserted(() -> {
      RoleBinding write = binding(client(), "dev", "stageline-team-write");
      assertThat(subjects(write)).containsExactly("Group:developers");
      assertThat(write.getRoleRef().getName()).isEqualTo("stageline-write");
      assertThat(write.getRoleRef().getKind()).isEqualTo("ClusterRole");
      assertThat(write.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "stageline")
          .containsEntry("stageline.io/environment", "dev").containsEntry("stageline.io/access-policy", "team");
      assertThat(write.getMetadata().getOwnerReferences()).extracting("kind", "name")
          .containsExactly(org.assertj.core.groups.Tuple.tuple("AccessPolicy", "team"));
      assertThat(subjects(binding(client(), "qa", "stageline-team-read"))).containsExactly("Group:qa", "Group:observers");
      assertThat(bindingsOf(client(), "team")).extracting(rb -> rb.getMetadata().getNamespace())
          .containsOnly("dev", "qa").hasSize(4);
      AccessPolicy status = withStatus(client(), "team");
      assertThat(status.getStatus().getPhase()).isEqualTo(Phase.Active);
      assertThat(status.getStatus().getBindingCount()).isEqualTo(4);
      assertThat(status.getStatus().getBindings()).hasSize(6);
      assertThat(status.getStatus().isReady()).isTrue();
    });
  }

  @Test
  void environmentsCreatedOrRelabelledLaterGainAndLoseBindings() {
    client().resource(policy("shop", labels(Map.of("team", "shop")), grant(Level.read, group("shop-devs")))).create();
    createEnvironment(client(), "shop-dev", Stage.development, Map.of("team", "shop"));
    createEnvironment(client(), "other", Stage.development, Map.of("team", "other"));

    await().untilAsserted(() ->
        assertThat(bindingsOf(client(), "shop")).extracting(rb -> rb.getMetadata().getNamespace()).containsExactly("shop-dev"));

    Edits.edit(client().resources(Environment.class).withName("other"), e -> {
      e.getMetadata().setLabels(Map.of("team", "shop"));
      return e;
    });
    await().untilAsserted(() -> assertThat(bindingsOf(client(), "shop")).hasSize(2));

    Edits.edit(client().resources(Environment.class).withName("shop-dev"), e -> {
      e.getMetadata().setLabels(Map.of("team", "elsewhere"));
      return e;
    });
    await().untilAsserted(() ->
        assertThat(bindingsOf(client(), "shop")).extracting(rb -> rb.getMetadata().getNamespace()).containsExactly("other"));
  }

  @Test
  void subjectChangesUpdateAndRemovedGrantsDeleteTheirBindings() {
    createEnvironment(client(), "dev", Stage.development, Map.of());
    client().resource(policy("team", stages(Stage.development),
        grant(Level.write, group("developers")), grant(Level.deploy, group("release")))).create();
    await().untilAsserted(() -> assertThat(bindingsOf(client(), "team")).hasSize(2));

    Edits.edit(client().resources(AccessPolicy.class).withName("team"), p -> {
      p.getSpec().getGrants().get(0).getSubjects().add(group("contractors"));
      p.getSpec().getGrants().remove(1);
      return p;
    });

    await().untilAsserted(() -> {
      assertThat(subjects(binding(client(), "dev", "stageline-team-write")))
          .containsExactly("Group:developers", "Group:contractors");
      assertThat(binding(client(), "dev", "stageline-team-deploy")).isNull();
    });
  }

  @Test
  void editsAndDeletesByOthersAreReverted() {
    createEnvironment(client(), "dev", Stage.development, Map.of());
    client().resource(policy("team", stages(Stage.development), grant(Level.read, group("developers")))).create();
    await().untilAsserted(() -> assertThat(binding(client(), "dev", "stageline-team-read")).isNotNull());

    Edits.edit(client().rbac().roleBindings().inNamespace("dev").withName("stageline-team-read"), rb -> {
      rb.getSubjects().add(RoleBindings.subject(user("mallory")));
      return rb;
    });
    await().untilAsserted(() ->
        assertThat(subjects(binding(client(), "dev", "stageline-team-read"))).containsExactly("Group:developers"));

    client().rbac().roleBindings().inNamespace("dev").withName("stageline-team-read").delete();
    await().untilAsserted(() ->
        assertThat(subjects(binding(client(), "dev", "stageline-team-read"))).containsExactly("Group:developers"));
  }

  @Test
  void deletingThePolicyRemovesItsBindings() {
    createEnvironment(client(), "dev", Stage.development, Map.of());
    createEnvironment(client(), "qa", Stage.test, Map.of());
    client().resource(policy("team", stages(Stage.development, Stage.test), grant(Level.read, group("all")))).create();
    await().untilAsserted(() -> assertThat(bindingsOf(client(), "team")).hasSize(2));

    client().resources(AccessPolicy.class).withName("team").delete();

    await().untilAsserted(() -> {
      assertThat(bindingsOf(client(), "team")).isEmpty();
      assertThat(get(client(), "team")).isNull();
    });
  }

  @Test
  void productionRefusesIndividualUsersAndSaysWhy() {
    createEnvironment(client(), "prod", Stage.production, Map.of());
    createEnvironment(client(), "dev", Stage.development, Map.of());
    client().resource(policy("ops", stages(Stage.development, Stage.production),
        grant(Level.admin, user("alice"), group("operations")))).create();

    await().untilAsserted(() -> {
      assertThat(subjects(binding(client(), "prod", "stageline-ops-admin"))).containsExactly("Group:operations");
      assertThat(subjects(binding(client(), "dev", "stageline-ops-admin"))).containsExactly("User:alice", "Group:operations");
      AccessPolicy p = withStatus(client(), "ops");
      assertThat(p.getStatus().getRefused()).singleElement().satisfies(r -> {
        assertThat(r.getSubject()).isEqualTo("User:alice");
        assertThat(r.getEnvironment()).isEqualTo("prod");
        assertThat(r.getReason()).isEqualTo("SubjectKindNotAllowed");
        assertThat(r.getMessage()).contains("allows only Group, ServiceAccount");
      });
      assertThat(p.getStatus().isReady()).isFalse();
      assertThat(client().v1().events().inNamespace("default").list().getItems())
          .anySatisfy(e -> {
            assertThat(e.getType()).isEqualTo("Warning");
            assertThat(e.getReason()).isEqualTo("SubjectKindNotAllowed");
            assertThat(e.getInvolvedObject().getName()).isEqualTo("ops");
          });
    });
  }

  @Test
  void aReconcileWithNothingToChangeWritesNothing() {
    createEnvironment(client(), "dev", Stage.development, Map.of());
    createEnvironment(client(), "prod", Stage.production, Map.of());
    client().resource(policy("team", stages(Stage.development, Stage.production),
        grant(Level.read, group("developers"), user("bob")))).create();
    await().untilAsserted(() -> assertThat(status(client(), "team")).isNotNull()
        .satisfies(s -> assertThat(s.getBindingCount()).isEqualTo(2)));
    op.awaitOperatorIdle();

    op.stopOperator();
    long before = op.writeRequests();
    op.startOperator();

    // the restart reconciles every policy again (a forced resync); nothing is different, so nothing is written
    await().during(Duration.ofSeconds(2)).atMost(Awaits.TIMEOUT)
        .untilAsserted(() -> assertThat(op.writeRequests()).isEqualTo(before));
    assertThat(bindingsOf(client(), "team")).hasSize(2);
  }

  @Test
  void theFiveAccessClusterRolesAreKeptPresentAndUnmodified() {
    await().untilAsserted(() -> assertThat(client().rbac().clusterRoles().withLabel(Labels.ACCESS_LEVEL).list()
        .getItems()).extracting(r -> r.getMetadata().getName())
        .containsExactlyInAnyOrder("stageline-read", "stageline-write", "stageline-deploy", "stageline-approve",
            "stageline-admin"));

    Edits.edit(client().rbac().clusterRoles().withName("stageline-read"), r -> {
      r.getRules().get(0).setResources(List.of("secrets"));
      return r;
    });
    client().rbac().clusterRoles().withName("stageline-admin").delete();

    await().untilAsserted(() -> {
      assertThat(client().rbac().clusterRoles().withName("stageline-read").get().getRules())
          .isEqualTo(AccessRoles.clusterRole(Level.read).getRules());
      assertThat(client().rbac().clusterRoles().withName("stageline-admin").get()).isNotNull();
    });
  }
}
