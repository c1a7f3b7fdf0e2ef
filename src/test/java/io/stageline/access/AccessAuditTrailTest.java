package io.stageline.access;

import static io.stageline.access.AccessFixtures.createEnvironment;
import static io.stageline.access.AccessFixtures.emergency;
import static io.stageline.access.AccessFixtures.grant;
import static io.stageline.access.AccessFixtures.group;
import static io.stageline.access.AccessFixtures.policy;
import static io.stageline.access.AccessFixtures.stages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.api.v1alpha1.AccessPolicy;
import io.stageline.api.v1alpha1.AccessPolicySpec.Level;
import io.stageline.api.v1alpha1.Stage;
import io.stageline.audit.Auditor;
import io.stageline.testing.OperatorExtension;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** The audit trail of access: one JSON line per decision, with who, what, why and when. */
class AccessAuditTrailTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @RegisterExtension OperatorExtension op = OperatorExtension.running();
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

  @BeforeEach
  void captureAuditLines() {
    lines.start();
    ((Logger) LoggerFactory.getLogger(Auditor.AUDIT_LOGGER)).addAppender(lines);
  }

  @AfterEach
  void releaseAuditLines() {
    ((Logger) LoggerFactory.getLogger(Auditor.AUDIT_LOGGER)).detachAppender(lines);
  }

  private KubernetesClient client() {
    return op.client();
  }

  private List<JsonNode> linesOf(String policy) {
    return List.copyOf(lines.list).stream().map(e -> read(e.getFormattedMessage()))
        .filter(j -> "AccessPolicy".equals(j.path("kind").asText()) && policy.equals(j.path("name").asText()))
        .toList();
  }

  private static JsonNode read(String line) {
    try {
      return JSON.readTree(line);
    } catch (Exception e) {
      throw new AssertionError("audit line is not JSON: " + line, e);
    }
  }

  @Test
  void aGrantAndItsRevocationEachLeaveOneAuditLine() {
    createEnvironment(client(), "qa", Stage.test, Map.of());
    client().resource(policy("qa-access", stages(Stage.test), grant(Level.deploy, group("qa")))).create();
    await().untilAsserted(() -> assertThat(linesOf("qa-access")).hasSize(1));

    client().resources(AccessPolicy.class).withName("qa-access").delete();
    await().untilAsserted(() -> assertThat(linesOf("qa-access")).hasSize(2));

    JsonNode granted = linesOf("qa-access").get(0);
    assertThat(granted.path("action").asText()).isEqualTo("Grant");
    assertThat(granted.path("outcome").asText()).isEqualTo("Success");
    assertThat(granted.path("reason").asText()).isEqualTo("AccessGranted");
    assertThat(granted.path("time").asText()).isNotEmpty();
    assertThat(granted.path("details").path("subject").asText()).isEqualTo("Group:qa");
    assertThat(granted.path("details").path("access").asText()).isEqualTo("deploy");
    assertThat(granted.path("details").path("namespace").asText()).isEqualTo("qa");
    assertThat(granted.path("details").path("roleBinding").asText()).isEqualTo("stageline-qa-access-deploy");
    assertThat(granted.path("details").path("policy").asText()).isEqualTo("qa-access");

    JsonNode revoked = linesOf("qa-access").get(1);
    assertThat(revoked.path("action").asText()).isEqualTo("Revoke");
    assertThat(revoked.path("reason").asText()).isEqualTo("PolicyDeleted");
    assertThat(revoked.path("details").path("subject").asText()).isEqualTo("Group:qa");
    assertThat(revoked.path("details").path("roleBinding").asText()).isEqualTo("stageline-qa-access-deploy");
    assertThat(Instant.parse(revoked.path("time").asText())).isAfterOrEqualTo(Instant.parse(granted.path("time").asText()));
  }

  @Test
  void anEmergencyGrantIsAuditedFromGrantToExpiryWithItsReasonAndTicket() {
    createEnvironment(client(), "prod", Stage.production, Map.of());
    await().until(() -> client().namespaces().withName("prod").get() != null);
    client().resource(policy("break-glass", stages(Stage.production),
        emergency(Level.admin, Instant.now().plusSeconds(2), "payments outage", "INC-1234", group("sre")))).create();

    await().untilAsserted(() -> assertThat(linesOf("break-glass")).extracting(j -> j.path("action").asText())
        .containsExactly("Grant", "EmergencyGrant", "Revoke", "EmergencyExpire"));
    List<JsonNode> trail = linesOf("break-glass");
    assertThat(trail).allSatisfy(j -> {
      assertThat(j.path("details").path("ticket").asText()).isEqualTo("INC-1234");
      assertThat(j.path("details").path("emergencyReason").asText()).isEqualTo("payments outage");
    });
    assertThat(trail.get(0).path("reason").asText()).isEqualTo("EmergencyAccessGranted");
    assertThat(trail.get(2).path("reason").asText()).isEqualTo("EmergencyAccessExpired");
  }

  @Test
  void boundSubjectsGetExactlyTheirLevelFromTheApiServer() {
    createEnvironment(client(), "dev", Stage.development, Map.of());
    client().resource(policy("devs", stages(Stage.development), grant(Level.read, group("developers")))).create();
    await().untilAsserted(() -> assertThat(allowed("dana", "developers", "list", "", "pods", "dev")).isTrue());

    assertThat(allowed("dana", "developers", "list", "", "secrets", "dev")).isFalse();
    assertThat(allowed("dana", "developers", "delete", "", "pods", "dev")).isFalse();
    assertThat(allowed("eve", "outsiders", "list", "", "pods", "dev")).isFalse();

    client().resources(AccessPolicy.class).withName("devs").delete();
    await().untilAsserted(() -> assertThat(allowed("dana", "developers", "list", "", "pods", "dev")).isFalse());
  }

  private boolean allowed(String user, String group, String verb, String apiGroup, String resource, String namespace) {
    SubjectAccessReview review = new SubjectAccessReviewBuilder()
        .withNewSpec().withUser(user).withGroups(group)
          .withNewResourceAttributes().withVerb(verb).withGroup(apiGroup).withResource(resource)
            .withNamespace(namespace).endResourceAttributes()
        .endSpec().build();
    return client().authorization().v1().subjectAccessReview().create(review).getStatus().getAllowed();
  }
}
