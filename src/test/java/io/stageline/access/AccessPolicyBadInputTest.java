package io.stageline.access;

import static io.stageline.access.AccessFixtures.binding;
import static io.stageline.access.AccessFixtures.bindingsOf;
import static io.stageline.access.AccessFixtures.createEnvironment;
import static io.stageline.access.AccessFixtures.emergency;
import static io.stageline.access.AccessFixtures.get;
import static io.stageline.access.AccessFixtures.grant;
import static io.stageline.access.AccessFixtures.group;
import static io.stageline.access.AccessFixtures.policy;
import static io.stageline.access.AccessFixtures.stages;
import static io.stageline.access.AccessFixtures.status;
import static io.stageline.access.AccessFixtures.subjects;
import static io.stageline.access.AccessFixtures.withStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.stageline.api.v1alpha1.AccessPolicy;
import io.stageline.api.v1alpha1.AccessPolicySpec.Level;
import io.stageline.api.v1alpha1.AccessPolicyStatus.Phase;
import io.stageline.api.v1alpha1.Stage;
import io.stageline.testing.Awaits;
import io.stageline.testing.Edits;
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
 * CEL rules), and, where an API server lets one through (an old CRD without the schema, installed here
 * by hand), reported Invalid in status with a Warning event; each test takes one of the two paths.
 * Either way nothing else is touched. (Rules that need the clock or the Environment, such as an expiry in
 * the past or a user in production, are always the operator's: see EmergencyAccessTest and
 * AccessPolicyReconcilerTest.)
 */
class AccessPolicyBadInputTest {
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

  /** Submits a bad policy: admission refuses it (the CRD's schema and CEL rules), nothing is stored or changed. */
  private void submitAndExpectRefused(io.fabric8.kubernetes.api.model.HasMetadata bad, String messagePart) {
    String name = bad.getMetadata().getName();
    assertThatThrownBy(() -> client().resource(bad).create())
        .isInstanceOfSatisfying(io.fabric8.kubernetes.client.KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(422);
          assertThat(e.getStatus().getMessage()).contains(messagePart);
        });
    assertThat(get(client(), name)).isNull();
    assertThat(subjects(binding(client(), "dev", "stageline-good-read"))).containsExactly("Group:developers");
  }

  /**
   * Submits a bad policy where admission lets it through (an API server with an old CRD that has no schema):
   * the operator reports it Invalid and changes nothing else.
   */
  private void submitPastAdmissionAndExpectInvalid(io.fabric8.kubernetes.api.model.HasMetadata bad, String messagePart) {
    admissionWithoutSchema();
    client().resource(bad).create();
    assertInvalidAndNothingTouched(bad.getMetadata().getName(), messagePart);
  }

  /** The CRD as an API server with an old CRD has it: no schema, so no schema or CEL rule refuses anything. */
  private void admissionWithoutSchema() {
    Edits.edit(client().apiextensions().v1().customResourceDefinitions().withName("accesspolicies.stageline.io"), crd -> {
      crd.getSpec().getVersions().forEach(v -> v.setSchema(new io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceValidationBuilder()
          .withNewOpenAPIV3Schema().withType("object").withXKubernetesPreserveUnknownFields(true).endOpenAPIV3Schema()
          .build()));
      return crd;
    });
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
  void unknownLevelIsRefusedAtAdmission() {
    submitAndExpectRefused(unknownLevel(), "superuser");
  }

  @Test
  void unknownLevelIsReportedInvalidWhereAdmissionLetsItThrough() {
    submitPastAdmissionAndExpectInvalid(unknownLevel(), "access must be one of read, write, deploy, approve, admin");
  }

  @Test
  void emptySubjectsAreRefusedAtAdmission() {
    submitAndExpectRefused(emptySubjects(), "subjects");
  }

  @Test
  void emptySubjectsAreReportedInvalidWhereAdmissionLetsThemThrough() {
    submitPastAdmissionAndExpectInvalid(emptySubjects(), "subjects is empty");
  }

  @Test
  void emergencyWithoutReasonIsRefusedAtAdmission() {
    submitAndExpectRefused(emergencyWithoutReason(), "reason");
  }

  @Test
  void emergencyWithoutReasonIsReportedInvalidWhereAdmissionLetsItThrough() {
    submitPastAdmissionAndExpectInvalid(emergencyWithoutReason(), "an emergency grant needs a reason");
  }

  private static GenericKubernetesResource unknownLevel() {
    return Serialization.unmarshal("""
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
  }

  private static AccessPolicy emptySubjects() {
    AccessPolicy p = policy("nobody", stages(Stage.development), grant(Level.write));
    p.getSpec().getGrants().get(0).setSubjects(new ArrayList<>());
    return p;
  }

  private static AccessPolicy emergencyWithoutReason() {
    return policy("silent", stages(Stage.development),
        emergency(Level.admin, Instant.now().plus(Duration.ofHours(1)), null, null, group("oncall")));
  }

  @Test
  void anEditThatMakesAPolicyInvalidIsRefusedAtAdmissionAndItsBindingsStay() {
    assertThatThrownBy(() -> Edits.edit(client().resources(AccessPolicy.class).withName("good"), p -> {
      p.getSpec().getGrants().get(0).setSubjects(new ArrayList<>());
      return p;
    })).isInstanceOfSatisfying(io.fabric8.kubernetes.client.KubernetesClientException.class,
        e -> assertThat(e.getCode()).isEqualTo(422));

    assertThat(get(client(), "good").getSpec().getGrants().get(0).getSubjects()).as("the stored spec").isNotEmpty();
    await().during(Duration.ofSeconds(1)).atMost(Awaits.TIMEOUT).untilAsserted(() ->
        assertThat(subjects(binding(client(), "dev", "stageline-good-read"))).containsExactly("Group:developers"));
    assertThat(status(client(), "good").getBindingCount()).isEqualTo(1);
  }

  @Test
  void anEditThatMakesAPolicyInvalidPastAdmissionIsReportedInvalidAndLeavesItsBindingsAsTheyWere() {
    admissionWithoutSchema();
    Edits.edit(client().resources(AccessPolicy.class).withName("good"), p -> {
      p.getSpec().getGrants().get(0).setSubjects(new ArrayList<>());
      return p;
    });

    await().untilAsserted(() -> assertThat(status(client(), "good").getPhase()).isEqualTo(Phase.Invalid));
    await().during(Duration.ofSeconds(1)).atMost(Awaits.TIMEOUT).untilAsserted(() ->
        assertThat(subjects(binding(client(), "dev", "stageline-good-read"))).containsExactly("Group:developers"));
  }
}
