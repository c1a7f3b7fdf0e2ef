package io.stageline.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

/**
 * The Argo CD health checks in docs/argocd/argocd-cm-stageline.yaml, run with luaj the way Argo
 * CD runs them (the object as the global {@code obj}, a table {status, message} returned), against
 * sample objects in each state the operator writes.
 */
class ArgoCdHealthTest {
  private static final YAMLMapper YAML = new YAMLMapper();
  private static JsonNode configMap;

  record Health(String status, String message) {}

  @BeforeAll
  static void load() throws IOException {
    configMap = YAML.readTree(Path.of("docs/argocd/argocd-cm-stageline.yaml").toFile());
  }

  @Test
  void environmentIsHealthyWhenReadyAndShowsItsRelease() {
    Health health = health("Environment", """
        metadata: {name: production, generation: 3}
        status:
          observedGeneration: 3
          phase: Ready
          release: {version: "1.4.2", revision: 7}
          conditions:
          - {type: Ready, status: "True", reason: Ready, message: all parts ready}
        """);
    assertThat(health).isEqualTo(new Health("Healthy", "Running 1.4.2"));
  }

  @Test
  void environmentIsProgressingUntilTheOperatorCatchesUp() {
    assertThat(health("Environment", "metadata: {name: test, generation: 1}\n").status()).isEqualTo("Progressing");
    Health stale = health("Environment", """
        metadata: {name: test, generation: 4}
        status:
          observedGeneration: 3
          conditions: [{type: Ready, status: "True"}]
        """);
    assertThat(stale.status()).isEqualTo("Progressing");
    assertThat(stale.message()).contains("latest spec");
  }

  @Test
  void environmentWithBadInputIsDegradedWithTheReason() {
    Health health = health("Environment", """
        metadata: {name: staging, generation: 1}
        status:
          observedGeneration: 1
          phase: Failed
          conditions:
          - {type: Ready, status: "False", reason: UpstreamMissing, message: upstream test does not exist}
        """);
    assertThat(health).isEqualTo(new Health("Degraded", "UpstreamMissing: upstream test does not exist"));
  }

  @Test
  void promotionWaitingOnlyForApprovalsIsSuspended() {
    Health health = health("Promotion", """
        metadata: {name: shop-1-4-2, namespace: shop-prod}
        status:
          phase: WaitingForGates
          waitingOn: "approval: 1 of 2 approvals (ops)"
          gates:
          - {name: soak, kind: soak, state: Passed}
          - {name: approval-2, kind: approval, state: Waiting}
        """);
    assertThat(health).isEqualTo(new Health("Suspended", "Waiting on approval: 1 of 2 approvals (ops)"));
  }

  @Test
  void promotionWaitingForAutomatedGatesIsProgressing() {
    Health health = health("Promotion", """
        metadata: {name: shop-1-4-2, namespace: shop-prod}
        status:
          phase: WaitingForGates
          waitingOn: "soak: 2h of 24h in staging"
          gates:
          - {name: soak, kind: soak, state: Waiting}
          - {name: approval-2, kind: approval, state: Waiting}
        """);
    assertThat(health.status()).isEqualTo("Progressing");
  }

  @Test
  void promotionOutcomesMapToHealth() {
    assertThat(health("Promotion", "status: {phase: Succeeded, release: {version: '1.4.2'}}"))
        .isEqualTo(new Health("Healthy", "Promoted 1.4.2"));
    assertThat(health("Promotion", "status: {phase: Promoting}").status()).isEqualTo("Progressing");
    assertThat(health("Promotion", "status: {phase: Verifying}").status()).isEqualTo("Progressing");
    assertThat(health("Promotion", "metadata: {name: new}").status()).isEqualTo("Progressing");
    Health rolledBack = health("Promotion", """
        status:
          phase: RolledBack
          conditions: [{type: Ready, status: "False", reason: VerificationFailed, message: smoke test failed}]
        """);
    assertThat(rolledBack).isEqualTo(new Health("Degraded", "RolledBack: smoke test failed"));
    assertThat(health("Promotion", "status: {phase: Rejected}").status()).isEqualTo("Degraded");
    assertThat(health("Promotion", "status: {phase: Failed}").status()).isEqualTo("Degraded");
  }

  @Test
  void accessPolicyShowsActiveEmergencyAccessAndItsExpiry() {
    Health health = health("AccessPolicy", """
        status: {phase: Active, bindingCount: 2, expiresAt: "2026-11-24T18:00:00Z"}
        """);
    assertThat(health).isEqualTo(new Health("Healthy", "Emergency access active until 2026-11-24T18:00:00Z"));
    assertThat(health("AccessPolicy", "status: {phase: Active, bindingCount: 8}"))
        .isEqualTo(new Health("Healthy", "8 binding(s)"));
    assertThat(health("AccessPolicy", "status: {phase: Expired}").status()).isEqualTo("Healthy");
  }

  @Test
  void accessPolicyThatRefusesSubjectsOrIsInvalidIsDegraded() {
    Health refused = health("AccessPolicy", """
        status:
          phase: Active
          refused:
          - {subject: "User/alice", environment: production, reason: SubjectKindNotAllowed,
             message: production allows only groups and service accounts}
        """);
    assertThat(refused.status()).isEqualTo("Degraded");
    assertThat(refused.message()).contains("User/alice", "production allows only groups");
    Health invalid = health("AccessPolicy", """
        status:
          phase: Invalid
          conditions: [{type: Ready, status: "False", message: emergency grant needs expiresAt}]
        """);
    assertThat(invalid).isEqualTo(new Health("Degraded", "Invalid: emergency grant needs expiresAt"));
    assertThat(health("AccessPolicy", "metadata: {name: x}").status()).isEqualTo("Progressing");
  }

  @Test
  void argocdDocShowsTheSameScripts() throws IOException {
    String doc = Files.readString(Path.of("docs/argocd.md"));
    for (Iterator<Map.Entry<String, JsonNode>> it = configMap.path("data").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      assertThat(doc).as("docs/argocd.md shows %s", entry.getKey()).contains(entry.getKey());
    }
    assertThat(doc).contains("argocd/argocd-cm-stageline.yaml");
  }

  private static Health health(String kind, String objectYaml) {
    String script = configMap.path("data").path("resource.customizations.health.stageline.io_" + kind).asText();
    assertThat(script).as("health check for %s", kind).isNotBlank();
    try {
      Globals globals = JsePlatform.standardGlobals();
      globals.set("obj", toLua(YAML.readTree(objectYaml)));
      LuaValue result = globals.load(script, kind).call();
      LuaTable table = result.checktable();
      return new Health(table.get("status").tojstring(), table.get("message").optjstring(null));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** JSON as Argo CD hands it to Lua: objects and arrays as tables (arrays from 1), scalars as values. */
  private static LuaValue toLua(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return LuaValue.NIL;
    }
    if (node.isObject()) {
      LuaTable table = new LuaTable();
      node.fields().forEachRemaining(e -> table.set(e.getKey(), toLua(e.getValue())));
      return table;
    }
    if (node.isArray()) {
      LuaTable table = new LuaTable();
      for (int i = 0; i < node.size(); i++) {
        table.set(i + 1, toLua(node.get(i)));
      }
      return table;
    }
    if (node.isBoolean()) {
      return LuaValue.valueOf(node.booleanValue());
    }
    if (node.isIntegralNumber()) {
      return node.canConvertToInt() ? LuaValue.valueOf(node.intValue()) : LuaValue.valueOf(node.doubleValue());
    }
    if (node.isNumber()) {
      return LuaValue.valueOf(node.doubleValue());
    }
    return LuaValue.valueOf(node.asText());
  }
}
