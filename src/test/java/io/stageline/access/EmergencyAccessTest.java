package io.stageline.access;

import io.stageline.api.v1alpha1.AccessPolicyConditions;
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
import static io.stageline.access.AccessFixtures.user;
import static io.stageline.access.AccessFixtures.withStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.api.Labels;
import io.stageline.api.v1alpha1.AccessPolicy;
import io.stageline.api.v1alpha1.AccessPolicySpec.Level;
import io.stageline.api.v1alpha1.AccessPolicyStatus.EmergencyGrant.State;
import io.stageline.api.v1alpha1.AccessPolicyStatus.Phase;
import io.stageline.api.v1alpha1.Stage;
import io.stageline.testing.Awaits;
import io.stageline.testing.Edits;
import io.stageline.testing.MutableClock;
import io.stageline.testing.OperatorExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmergencyAccessTest {
  final MutableClock clock = MutableClock.systemUtc();
  @RegisterExtension OperatorExtension op = OperatorExtension.running().withClock(clock);

  private KubernetesClient client() {
    return op.client();
  }

  private void provisioned(String name, Stage stage) {
    createEnvironment(client(), name, stage, Map.of());
    await().untilAsserted(() -> assertThat(client().namespaces().withName(name).get()).isNotNull());
  }

  /**
   * The restarts below must come after the grant's record in status (the binding is written first): a
   * stop in between grants it anew on the next start, at the moved clock.
   */
  private void grantRecordedInStatus(AccessPolicy policy) {
    await().untilAsserted(() -> assertThat(withStatus(client(), policy.getMetadata().getName()).getStatus()
        .getEmergencyGrants()).anySatisfy(g -> assertThat(g.getState()).isEqualTo(State.Active)));
  }

  private double activeGauge(Stage stage) {
    return op.operator().context().metrics().registry().find(EmergencyGauge.NAME).tag("stage", stage.name())
        .gauge().value();
  }

  private static String emergencyBindingName(AccessPolicy policy) {
    return BindingPlanner.bindingName(policy.getMetadata().getName(),
        policy.getSpec().getGrants().get(0).getAccess().name() + "-emergency-"
            + BindingPlanner.grantKey(policy.getSpec().getGrants().get(0)));
  }

  @Test
  void emergencyAccessIsBoundAtOnceAndRemovedAtItsExpiry() {
    provisioned("dev", Stage.development);
    // far enough ahead that a loaded machine binds it before it ends
    Instant expiry = clock.instant().plusSeconds(15);
    AccessPolicy policy = policy("break-glass", stages(Stage.development),
        emergency(Level.admin, expiry, "checkout is down", "INC-42", user("oncall")));
    client().resource(policy).create();
    String name = emergencyBindingName(policy);

    await().untilAsserted(() -> {
      RoleBinding rb = binding(client(), "dev", name);
      assertThat(rb).isNotNull();
      assertThat(rb.getMetadata().getLabels()).containsEntry(Labels.EMERGENCY, "true");
      assertThat(rb.getMetadata().getAnnotations()).containsEntry(Labels.EMERGENCY_REASON, "checkout is down")
          .containsEntry(Labels.EMERGENCY_TICKET, "INC-42").containsEntry(Labels.EXPIRES_AT, expiry.toString());
      assertThat(status(client(), "break-glass").getExpiresAt()).isEqualTo(expiry.toString());
      assertThat(activeGauge(Stage.development)).isEqualTo(1.0);
    });

    // revoked by the operator's timer at the expiry: the next resync is hours away, far beyond this wait
    await().atMost(Awaits.TIMEOUT).until(() -> binding(client(), "dev", name) == null);
    await().untilAsserted(() -> {
      AccessPolicy p = withStatus(client(), "break-glass");
      assertThat(p.getStatus().getPhase()).isEqualTo(Phase.Expired);
      assertThat(p.getStatus().getEmergencyGrants()).singleElement()
          .satisfies(g -> assertThat(g.getState()).isEqualTo(State.Expired));
      assertThat(activeGauge(Stage.development)).isZero();
      assertThat(client().v1().events().inNamespace("default").list().getItems())
          .filteredOn(e -> "break-glass".equals(e.getInvolvedObject().getName()) && "Warning".equals(e.getType()))
          .extracting(e -> e.getReason())
          .contains("EmergencyAccessGranted", "EmergencyAccessExpired");
    });
  }

  @Test
  void emergencyAccessIsCappedByTheStageMaximum() {
    provisioned("prod", Stage.production);
    Instant asked = clock.instant().plus(Duration.ofHours(10));
    AccessPolicy policy = policy("long", stages(Stage.production),
        emergency(Level.write, asked, "database migration", null, group("dba")));
    client().resource(policy).create();

    await().untilAsserted(() -> {
      RoleBinding rb = binding(client(), "prod", emergencyBindingName(policy));
      assertThat(rb).isNotNull();
      Instant granted = Instant.parse(rb.getMetadata().getAnnotations().get(Labels.GRANTED_AT));
      Instant expires = Instant.parse(rb.getMetadata().getAnnotations().get(Labels.EXPIRES_AT));
      assertThat(Duration.between(granted, expires)).isEqualTo(Duration.ofHours(4));
      assertThat(status(client(), "long").getExpiresAt()).isEqualTo(expires.toString());
    });
  }

  @Test
  void aDevelopmentGrantUntilTheYear9999EndsAtTheStagesDefaultMaximum() {
    provisioned("dev", Stage.development);
    AccessPolicy policy = policy("forever", stages(Stage.development),
        emergency(Level.admin, Instant.parse("9999-12-31T00:00:00Z"), "debugging", null, user("mallory")));
    client().resource(policy).create();

    await().untilAsserted(() -> {
      RoleBinding rb = binding(client(), "dev", emergencyBindingName(policy));
      assertThat(rb).isNotNull();
      Instant granted = Instant.parse(rb.getMetadata().getAnnotations().get(Labels.GRANTED_AT));
      Instant expires = Instant.parse(rb.getMetadata().getAnnotations().get(Labels.EXPIRES_AT));
      assertThat(Duration.between(granted, expires)).isEqualTo(Duration.ofHours(72));
    });
    grantRecordedInStatus(policy);
    clock.advance(Duration.ofHours(73));
    // the operator's timer waits 72 real hours; a restart reconciles now, at the moved clock
    op.stopOperator();
    op.startOperator();
    await().untilAsserted(() -> assertThat(binding(client(), "dev", emergencyBindingName(policy))).isNull());
  }

  @Test
  void anExpiredGrantIsNotRevivedByDeletingAndRecreatingItsPolicy() {
    provisioned("dev", Stage.development);
    Instant asked = clock.instant().plus(Duration.ofHours(200));
    AccessPolicy policy = policy("again", stages(Stage.development),
        emergency(Level.admin, asked, "debugging", "INC-7", user("mallory")));
    client().resource(policy).create();
    await().untilAsserted(() -> assertThat(binding(client(), "dev", emergencyBindingName(policy))).isNotNull());
    grantRecordedInStatus(policy);
    clock.advance(Duration.ofHours(73));
    // the operator's timer waits 72 real hours; a restart reconciles now, at the moved clock
    op.stopOperator();
    op.startOperator();
    await().untilAsserted(() -> assertThat(withStatus(client(), "again").getStatus().getPhase()).isEqualTo(Phase.Expired));

    client().resources(AccessPolicy.class).withName("again").delete();
    await().until(() -> client().resources(AccessPolicy.class).withName("again").get() == null);
    client().resource(policy("again", stages(Stage.development),
        emergency(Level.admin, asked, "debugging", "INC-7", user("mallory")))).create();

    await().untilAsserted(() -> {
      AccessPolicy p = withStatus(client(), "again");
      assertThat(p.getStatus()).isNotNull();
      assertThat(p.getStatus().getPhase()).isEqualTo(Phase.Expired);
      assertThat(p.getStatus().getEmergencyGrants()).singleElement()
          .satisfies(g -> assertThat(g.getState()).isEqualTo(State.Expired));
    });
    assertThat(binding(client(), "dev", emergencyBindingName(policy))).as("not bound again").isNull();
  }

  @Test
  void grantsToEveryAuthenticatedUserAnonymousUsersOrEveryServiceAccountAreRefusedAtAdmission() {
    for (String everyone : List.of("system:authenticated", "system:unauthenticated", "system:serviceaccounts")) {
      AccessPolicy policy = policy("everyone", stages(Stage.production), grant(Level.admin, group(everyone)));
      assertThatThrownBy(() -> client().resource(policy).create())
          .isInstanceOfSatisfying(io.fabric8.kubernetes.client.KubernetesClientException.class, e -> {
            assertThat(e.getCode()).isEqualTo(422);
            assertThat(e.getMessage()).contains("access is never granted to every authenticated user");
          });
    }
    assertThat(client().resources(AccessPolicy.class).list().getItems()).isEmpty();
    // the install's own binding (the operator's leader-election Role) is there; no access was bound
    assertThat(client().rbac().roleBindings().inAnyNamespace().withLabel("app.kubernetes.io/managed-by", "stageline")
        .list().getItems()).isEmpty();
  }

  @Test
  void aPolicyThatSelectsNothingIsFlaggedWithAWarning() {
    provisioned("dev", Stage.development);
    client().resource(policy("typo", stages(Stage.staging), grant(Level.read, group("qa")))).create();
    await().untilAsserted(() -> {
      assertThat(status(client(), "typo").findCondition("Ready")).hasValueSatisfying(c -> {
        assertThat(c.getStatus()).isEqualTo("False");
        assertThat(c.getReason()).isEqualTo("SelectsNothing");
      });
      assertThat(client().v1().events().inAnyNamespace().list().getItems()).anyMatch(e ->
          "typo".equals(e.getInvolvedObject().getName()) && "Warning".equals(e.getType())
              && "SelectsNothing".equals(e.getReason()));
    });
  }

  @Test
  void expiryIsEnforcedAfterARestartAndAnExpiredGrantNeverReactivates() {
    provisioned("dev", Stage.development);
    AccessPolicy policy = policy("incident", stages(Stage.development),
        emergency(Level.write, clock.instant().plus(Duration.ofHours(1)), "hotfix", "INC-7", group("oncall")));
    client().resource(policy).create();
    // granted and recorded: the record in status is what a restarted operator expires
    await().untilAsserted(() -> {
      assertThat(bindingsOf(client(), "incident")).hasSize(1);
      assertThat(status(client(), "incident").getEmergencyGrants()).singleElement()
          .satisfies(g -> assertThat(g.getState()).isEqualTo(State.Active));
    });

    op.stopOperator();
    clock.advance(Duration.ofHours(2));
    op.startOperator();

    await().untilAsserted(() -> {
      assertThat(bindingsOf(client(), "incident")).isEmpty();
      assertThat(status(client(), "incident").getEmergencyGrants())
          .singleElement().satisfies(g -> assertThat(g.getState()).isEqualTo(State.Expired));
    });

    Edits.edit(client().resources(AccessPolicy.class).withName("incident"), p -> {
      p.getSpec().getGrants().get(0).getEmergency().setExpiresAt(clock.instant().plus(Duration.ofHours(3)).toString());
      return p;
    });
    await().during(Duration.ofSeconds(2)).atMost(Awaits.TIMEOUT).untilAsserted(() -> {
      assertThat(bindingsOf(client(), "incident")).isEmpty();
      assertThat(status(client(), "incident").getPhase()).isEqualTo(Phase.Expired);
    });
  }

  @Test
  void anEmergencyGrantThatExpiredBeforeItWasMadeIsRefused() {
    provisioned("dev", Stage.development);
    client().resource(policy("late", stages(Stage.development),
        emergency(Level.admin, clock.instant().minus(Duration.ofMinutes(5)), "too late", null, group("oncall"))))
        .create();

    await().untilAsserted(() -> {
      AccessPolicy p = withStatus(client(), "late");
      assertThat(p.getStatus().getRefused()).singleElement()
          .satisfies(r -> assertThat(r.getReason()).isEqualTo(AccessPolicyConditions.Reason.EMERGENCY_EXPIRY_IN_PAST));
      assertThat(p.getStatus().isReady()).isFalse();
    });
    assertThat(bindingsOf(client(), "late")).isEmpty();
  }

  @Test
  void manyConcurrentEmergencyGrantsAreEachRevokedAtTheirOwnExpiry() {
    provisioned("dev", Stage.development);
    // far enough ahead that a loaded machine binds all twenty before the first ends
    Instant expiry = clock.instant().plusSeconds(20);
    for (int i = 0; i < 20; i++) {
      client().resource(policy("bg-" + i, stages(Stage.development),
          emergency(Level.read, expiry.plusMillis(50L * i), "drill " + i, null, group("team-" + i)))).create();
    }
    await().untilAsserted(() -> assertThat(client().rbac().roleBindings().inNamespace("dev")
        .withLabel(Labels.EMERGENCY, "true").list().getItems()).hasSize(20));
    // each revoked by its own timer: the next resync is hours away, far beyond this wait
    await().atMost(Awaits.TIMEOUT).until(() -> client().rbac().roleBindings().inNamespace("dev")
        .withLabel(Labels.EMERGENCY, "true").list().getItems().isEmpty());
    await().untilAsserted(() -> assertThat(client().resources(AccessPolicy.class).list().getItems())
        .allSatisfy(p -> assertThat(p.getStatus()).isNotNull()
            .satisfies(s -> assertThat(s.getPhase()).isEqualTo(Phase.Expired))));
  }
}
