package io.stageline.access;

import static io.stageline.access.AccessFixtures.binding;
import static io.stageline.access.AccessFixtures.bindingsOf;
import static io.stageline.access.AccessFixtures.createEnvironment;
import static io.stageline.access.AccessFixtures.emergency;
import static io.stageline.access.AccessFixtures.get;
import static io.stageline.access.AccessFixtures.withStatus;
import static io.stageline.access.AccessFixtures.status;
import static io.stageline.access.AccessFixtures.grant;
import static io.stageline.access.AccessFixtures.group;
import static io.stageline.access.AccessFixtures.policy;
import static io.stageline.access.AccessFixtures.stages;
import static io.stageline.access.AccessFixtures.subjects;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.stageline.api.v1alpha1.AccessPolicy;
import io.stageline.api.v1alpha1.AccessPolicySpec.Level;
import io.stageline.api.v1alpha1.AccessPolicyStatus.Phase;
import io.stageline.api.v1alpha1.Stage;
import io.stageline.testing.OperatorExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bad policies through the API: refused at admission (the embedded API enforces the CRD's schema and
 * CEL rules) or, where an API server lets one through, reported Invalid in status with a Warning
 * event. Either way nothing else is touched. (Rules that need the clock or the Environment, such as
 * an expiry in the past or a user in production, are always the operator's: see the other ITs.)
 */
class AccessPolicyBadInputIT {
  @RegisterExtension OperatorExtension op = OperatorExtension.running();

  private KubernetesClient client() {
    return op.client();
  }

  @BeforeEach
  void aWorkingPolicyAlreadyBindsSomething() {
    createEnvironment(client(), "dev", Stage.development, Map.of());
    client().resource(policy("good", stages(Stage.development), grant(Level.read, group("developers")))).create();
    await().untilAsserted(() -> assertThat(bindingsOf(client(), "good")).hasSize(1));
  }

  /**
   * Submits a bad policy: rejected at admission (once the embedded API enforces the CRD schema) or,
   * where admission lets it through, reported Invalid by the operator. Either way nothing else changes.
   */
  private void submitAndExpectRejectedOrInvalid(io.fabric8.kubernetes.api.model.HasMetadata bad, String messagePart) {
    String name = bad.getMetadata().getName();
    try {
      client().resource(bad).create();
    } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
      assertThat(e.getCode()).isEqualTo(422);
      assertThat(get(client(), name)).isNull();
      assertThat(subjects(binding(client(), "dev", "stageline-good-read"))).containsExactly("Group:developers");
      return;
    }
    assertInvalidAndNothingTouched(name, messagePart);
  }

  private void assertInvalidAndNothingTouched(String name, String messagePart) {
    await().untilAsserted(() -> {
      AccessPolicy p = withStatus(client(), name);
      assertThat(p.getStatus().getPhase()).isEqualTo(Phase.Invalid);
      assertThat(p.getStatus().findCondition("Ready")).hasValueSatisfying(c -> {
        assertThat(c.getStatus()).isEqualTo("False");
        assertThat(c.getReason()).isEqualTo("Invalid");
        assertThat(c.getMessage()).contains(messagePart);
      });
      assertThat(client().v1().events().inNamespace("default").list().getItems()).anySatisfy(e -> {
        assertThat(e.getInvolvedObject().getName()).isEqualTo(name);
        assertThat(e.getType()).isEqualTo("Warning");
        assertThat(e.getReason()).isEqualTo("InvalidPolicy");
      });
    });
    assertThat(bindingsOf(client(), name)).isEmpty();
    assertThat(subjects(binding(client(), "dev", "stageline-good-read"))).containsExactly("Group:developers");
  }

  @Test
  void unknownLevelIsReportedInvalid() {
    GenericKubernetesResource bad = Serialization.unmarshal("""
        apiVersion: stageline.io/v1alpha1
        kind: AccessPolicy
        metadata:
          name: superusers
        spec:
          environments:
            stages: [development]
          grants:
          - access: superuser
            subjects:
            - kind: Group
              name: everyone
        """, GenericKubernetesResource.class);
    submitAndExpectRejectedOrInvalid(bad, "access must be one of read, write, deploy, admin");
  }

  @Test
  void emptySubjectsAreReportedInvalid() {
    AccessPolicy p = policy("nobody", stages(Stage.development), grant(Level.write));
    p.getSpec().getGrants().get(0).setSubjects(new ArrayList<>());
    submitAndExpectRejectedOrInvalid(p, "subjects is empty");
  }

  @Test
  void emergencyWithoutReasonIsReportedInvalid() {
    submitAndExpectRejectedOrInvalid(policy("silent", stages(Stage.development),
        emergency(Level.admin, Instant.now().plus(Duration.ofHours(1)), null, null, group("oncall"))),
        "an emergency grant needs a reason");
  }

  @Test
  void anEditThatMakesAPolicyInvalidLeavesItsBindingsAsTheyWere() {
    try {
      client().resources(AccessPolicy.class).withName("good").edit(p -> {
        p.getSpec().getGrants().get(0).setSubjects(new ArrayList<>());
        return p;
      });
      await().untilAsserted(() -> assertThat(status(client(), "good").getPhase()).isEqualTo(Phase.Invalid));
    } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
      // rejected at admission: the stored policy keeps its last valid spec
      assertThat(e.getCode()).isEqualTo(422);
      assertThat(get(client(), "good").getSpec().getGrants().get(0).getSubjects()).isNotEmpty();
    }
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).untilAsserted(() ->
        assertThat(subjects(binding(client(), "dev", "stageline-good-read"))).containsExactly("Group:developers"));
    assertThat(status(client(), "good").getBindingCount()).isEqualTo(1);
  }

}
