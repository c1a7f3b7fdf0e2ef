package io.stageline.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.stageline.api.v1alpha1.AccessPolicy;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.Promotion;
import io.stageline.cli.plugin.PluginCommand;
import io.stageline.testing.OperatorExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kubectl stageline} against the embedded API, through the current kubeconfig as a user runs
 * it. The objects carry the status the operator writes, set directly so that each command's
 * reading of it is tested on its own.
 */
class KubectlPluginTest {
  @RegisterExtension
  final OperatorExtension op = OperatorExtension.apiOnly();

  @TempDir
  Path tmp;

  private Path kubeconfig;

  record Run(int exitCode, String out, String err) {}

  @BeforeEach
  void deliveryPath() {
    kubeconfig = tmp.resolve("kubeconfig");
    op.api().writeKubeconfig(kubeconfig);
    KubernetesClient client = op.client();
    withStatus(client, Environment.class, """
        apiVersion: stageline.io/v1alpha1
        kind: Environment
        metadata: {name: development}
        spec: {stage: development, namespace: shop-dev}
        status:
          phase: Ready
          namespace: shop-dev
          release: {revision: 3, version: "1.5.0", at: "2026-11-24T09:00:00Z", promotion: dev-1-5-0}
          conditions: [{type: Ready, status: "True", reason: Ready, lastTransitionTime: "2026-11-24T09:00:00Z"}]
        """);
    withStatus(client, Environment.class, """
        apiVersion: stageline.io/v1alpha1
        kind: Environment
        metadata: {name: production}
        spec: {stage: production, upstream: staging, namespace: shop-prod}
        status:
          phase: Degraded
          namespace: shop-prod
          release: {revision: 2, version: "1.4.2", promotion: prod-1-4-2, at: "2026-11-20T10:00:00Z", verified: true,
                    images: {shop: "shop:1.4.2"}}
          releaseHistory:
          - {revision: 1, version: "1.4.1", promotion: prod-1-4-1, at: "2026-11-10T10:00:00Z", verified: true}
          - {revision: 2, version: "1.4.2", promotion: prod-1-4-2, at: "2026-11-20T10:00:00Z", verified: true}
          parity:
            upstream: staging
            version: "1.4.2"
            upstreamVersion: "1.5.0"
            missingKeys: [FEATURE_CHECKOUT_V2]
            extraKeys: []
            imagesDiffer: ["shop=shop:1.5.0"]
            skewSince: "2026-11-22T08:00:00Z"
          conditions:
          - {type: Ready, status: "False", reason: SecretsMissing, message: vault secret db missing, lastTransitionTime: "2026-11-24T09:00:00Z"}
          - {type: InParity, status: "False", reason: VersionSkew, message: "1.4.2 runs here, 1.5.0 upstream", lastTransitionTime: "2026-11-24T09:00:00Z"}
        """);
    withStatus(client, Environment.class, """
        apiVersion: stageline.io/v1alpha1
        kind: Environment
        metadata: {name: staging}
        spec: {stage: staging, upstream: development, namespace: shop-staging}
        status:
          namespace: shop-staging
          release: {revision: 5, version: "1.5.0"}
          conditions: [{type: Ready, status: "True", reason: Ready, lastTransitionTime: "2026-11-24T09:00:00Z"}]
        """);
    withStatus(client, Promotion.class, """
        apiVersion: stageline.io/v1alpha1
        kind: Promotion
        metadata: {name: prod-1-5-0, namespace: shop-prod}
        spec:
          environment: production
          release: {version: "1.5.0"}
          gates:
          - {name: soak, soak: {duration: 24h}}
          - {name: two-approvers, approval: {count: 2, groups: [ops]}}
        status:
          phase: WaitingForGates
          waitingOn: "two-approvers: 0 of 2 approvals"
          gates:
          - {name: soak, kind: soak, state: Passed, since: "2026-11-24T08:00:00Z", message: "ran 26h in staging"}
          - {name: two-approvers, kind: approval, state: Waiting, since: "2026-11-24T08:00:00Z", message: "0 of 2 approvals from group ops"}
        """);
    withStatus(client, Promotion.class, """
        apiVersion: stageline.io/v1alpha1
        kind: Promotion
        metadata: {name: prod-1-4-2, namespace: shop-prod}
        spec: {environment: production, release: {version: "1.4.2"}}
        status: {phase: Succeeded}
        """);
    withStatus(client, AccessPolicy.class, """
        apiVersion: stageline.io/v1alpha1
        kind: AccessPolicy
        metadata: {name: operations}
        spec:
          environments: {stages: [production]}
          grants: [{access: deploy, subjects: [{kind: Group, name: ops}]}]
        status:
          phase: Active
          bindingCount: 1
          bindings:
          - {namespace: shop-prod, roleBinding: stageline-operations-deploy, subject: Group/ops, access: deploy}
          - {namespace: shop-staging, roleBinding: stageline-operations-deploy, subject: Group/ops, access: deploy}
        """);
    withStatus(client, AccessPolicy.class, """
        apiVersion: stageline.io/v1alpha1
        kind: AccessPolicy
        metadata: {name: incident-4711}
        spec:
          environments: {stages: [production]}
          grants: [{access: admin, subjects: [{kind: Group, name: oncall}]}]
        status:
          phase: Active
          expiresAt: "2026-11-24T18:00:00Z"
          bindings:
          - {namespace: shop-prod, roleBinding: stageline-incident-4711-admin, subject: Group/oncall, access: admin,
             expiresAt: "2026-11-24T18:00:00Z"}
          emergencyGrants:
          - {grant: abc123, access: admin, subjects: [Group/oncall], reason: "database failover", ticket: INC-4711,
             grantedAt: "2026-11-24T14:00:00Z", expiresAt: "2026-11-24T18:00:00Z", state: Active}
        """);
  }

  @Test
  void statusShowsStagesInDeliveryOrderAndOpenPromotions() {
    Run run = plugin("status");

    assertThat(run.exitCode()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines.get(0)).startsWith("STAGE").contains("ENVIRONMENT", "RELEASE", "READY", "REASON");
    assertThat(lines.get(1)).startsWith("development").contains("1.5.0", "True");
    assertThat(lines.get(2)).startsWith("staging");
    assertThat(lines.get(3)).startsWith("production").contains("1.4.2", "False", "SecretsMissing");
    assertThat(run.out()).contains("prod-1-5-0").contains("two-approvers: 0 of 2 approvals")
        .doesNotContain("prod-1-4-2   ");
  }

  @Test
  void statusAsJsonIsMachineReadable() throws Exception {
    Run run = plugin("status", "-o", "json");

    JsonNode json = new ObjectMapper().readTree(run.out());
    assertThat(json.at("/environments/0/name").asText()).isEqualTo("development");
    assertThat(json.at("/environments/2/reason").asText()).isEqualTo("SecretsMissing");
    assertThat(json.at("/promotions").size()).isEqualTo(1);
    assertThat(json.at("/promotions/0/phase").asText()).isEqualTo("WaitingForGates");
  }

  @Test
  void whyListsEachGateAndWhatItWaitsFor() {
    Run run = plugin("why", "prod-1-5-0");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("Promotion shop-prod/prod-1-5-0 to production: WaitingForGates")
        .contains("Waiting on: two-approvers: 0 of 2 approvals");
    assertThat(run.out().lines()).anySatisfy(l -> assertThat(l).startsWith("soak").contains("Passed", "ran 26h"))
        .anySatisfy(l -> assertThat(l).startsWith("two-approvers").contains("approval", "Waiting", "0 of 2"));
  }

  @Test
  void whyOfAMissingPromotionFailsLikeKubectl() {
    Run run = plugin("why", "nope");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).startsWith("error: ").contains("promotions.stageline.io \"nope\" not found");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void approveAddsTheCurrentUsersApprovalWithComment() {
    Run run = plugin("approve", "prod-1-5-0", "--comment", "checked the changelog");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("promotion.stageline.io/prod-1-5-0 approved by");
    Promotion promotion = op.client().resources(Promotion.class).inNamespace("shop-prod").withName("prod-1-5-0").get();
    assertThat(promotion.getSpec().getApprovals()).singleElement().satisfies(a -> {
      assertThat(a.getBy()).isNotBlank();
      assertThat(a.getComment()).isEqualTo("checked the changelog");
      assertThat(a.getAt()).isNotBlank();
    });

    Run again = plugin("approve", "prod-1-5-0");
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err()).contains("has already approved");
  }

  @Test
  void approveRefusesAFinishedPromotion() {
    Run run = plugin("approve", "prod-1-4-2", "-n", "shop-prod");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("Succeeded");
  }

  @Test
  void historyListsRevisionsNewestFirstAndMarksTheCurrentOne() {
    Run run = plugin("history", "production");

    List<String> lines = run.out().lines().toList();
    assertThat(lines.get(0)).startsWith("REVISION").contains("VERSION", "PROMOTION", "CURRENT");
    assertThat(lines.get(1)).startsWith("2 ").contains("1.4.2", "prod-1-4-2").endsWith("*");
    assertThat(lines.get(2)).startsWith("1 ").contains("1.4.1").doesNotEndWith("*");
  }

  @Test
  void historyAsYaml() throws Exception {
    JsonNode yaml = new YAMLMapper().readTree(plugin("history", "production", "-o", "yaml").out());
    assertThat(yaml.size()).isEqualTo(2);
    assertThat(yaml.at("/0/version").asText()).isEqualTo("1.4.2");
  }

  @Test
  void rollbackCreatesAPromotionToTheRevision() {
    Run run = plugin("rollback", "production", "--to", "1");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("created in namespace shop-prod");
    List<Promotion> rollbacks = op.client().resources(Promotion.class).inNamespace("shop-prod").list().getItems()
        .stream().filter(p -> p.getSpec().getRollbackTo() != null).toList();
    assertThat(rollbacks).singleElement().satisfies(p -> {
      assertThat(p.getSpec().getEnvironment()).isEqualTo("production");
      assertThat(p.getSpec().getRollbackTo()).isEqualTo(1);
    });
  }

  @Test
  void rollbackToAnUnknownRevisionChangesNothing() {
    Run run = plugin("rollback", "production", "--to", "9");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("has no revision 9");
    assertThat(op.client().resources(Promotion.class).inNamespace("shop-prod").list().getItems()).hasSize(2);
  }

  @Test
  void rollbackWithoutRevisionIsAUsageError() {
    Run run = plugin("rollback", "production");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--to");
  }

  @Test
  void parityShowsVersionSkewAndMissingKeys() {
    Run run = plugin("parity", "production");

    assertThat(run.out()).contains("production against upstream staging: not in parity")
        .contains("1.4.2 runs here, 1.5.0 upstream");
    List<String> lines = run.out().lines().toList();
    String header = lines.stream().filter(l -> l.startsWith("WHAT")).findFirst().orElseThrow();
    assertThat(header).contains("PRODUCTION (HERE)", "STAGING (UPSTREAM)");
    assertThat(header.indexOf("PRODUCTION (HERE)")).isLessThan(header.indexOf("STAGING (UPSTREAM)"));
    assertThat(lines).anySatisfy(l -> assertThat(l).matches("version\\s+1\\.4\\.2\\s+1\\.5\\.0\\s*"))
        .anySatisfy(l -> assertThat(l).matches("config key FEATURE_CHECKOUT_V2\\s+missing\\s+set\\s*"))
        .anySatisfy(l -> assertThat(l).matches("image of shop\\s+shop:1\\.4\\.2\\s+shop:1\\.5\\.0\\s*"));
    assertThat(plugin("parity", "development").out()).contains("no upstream");
  }

  @Test
  void accessShowsLevelsAndActiveEmergencyGrants() {
    Run run = plugin("access", "production");

    assertThat(run.exitCode()).isZero();
    List<String> lines = run.out().lines().toList();
    int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("SUBJECT")).findFirst().orElseThrow());
    assertThat(lines.get(header + 1)).startsWith("Group/oncall").contains("admin", "incident-4711",
        "2026-11-24T18:00:00Z");
    assertThat(lines.get(header + 2)).startsWith("Group/ops").contains("deploy", "operations", "never");
    assertThat(run.out()).contains("Emergency (break-glass) grants:").contains("database failover", "INC-4711");
  }

  @Test
  void approveAsAnotherUserTakesKubectlsImpersonationFlagsAfterThePluginName() {
    grantPromotionApproval("erin");

    Run run = plugin("approve", "prod-1-5-0", "-n", "shop-prod", "--as", "erin", "--as-group", "release-approvers",
        "--comment", "ok");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("approved by erin");
    Promotion promotion = op.client().resources(Promotion.class).inNamespace("shop-prod").withName("prod-1-5-0").get();
    assertThat(promotion.getSpec().getApprovals()).singleElement().satisfies(a -> {
      assertThat(a.getBy()).isEqualTo("erin");
      assertThat(a.getGroups()).containsExactly("release-approvers");
    });
  }

  @Test
  void groupImpersonationWithoutAUserIsRefusedBeforeAnyRequest() {
    Run run = plugin("approve", "prod-1-5-0", "--as-group", "release-approvers");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("error: --as-group requires --as: impersonating groups needs a user" + System.lineSeparator());
    assertThat(op.client().resources(Promotion.class).inNamespace("shop-prod").withName("prod-1-5-0").get()
        .getSpec().getApprovals()).isEmpty();
  }

  @Test
  void anUnreachableApiIsOneLineNamingItsAddress() throws Exception {
    int port;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path dead = tmp.resolve("dead-kubeconfig");
    java.nio.file.Files.writeString(dead, """
        apiVersion: v1
        kind: Config
        clusters: [{name: gone, cluster: {server: "https://127.0.0.1:%d", insecure-skip-tls-verify: true}}]
        users: [{name: me, user: {token: t}}]
        contexts: [{name: gone, context: {cluster: gone, user: me}}]
        current-context: gone
        """.formatted(port));

    Run run = pluginWith(dead, "status", "--request-timeout", "5s");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err().lines()).singleElement().asString()
        .startsWith("error: cannot reach the Kubernetes API at https://127.0.0.1:" + port)
        .contains("connection refused").doesNotContain("Operation: [list]");
  }

  @Test
  void aMalformedRequestTimeoutIsAClearError() {
    Run run = plugin("status", "--request-timeout", "soon");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("invalid --request-timeout \"soon\"");
  }

  @Test
  void whyOfARejectedPromotionListsItsGatesAsNeverEvaluatedAndSaysWhy() {
    withStatus(op.client(), Promotion.class, """
        apiVersion: stageline.io/v1alpha1
        kind: Promotion
        metadata: {name: prod-0-9-0, namespace: shop-prod}
        spec:
          environment: production
          release: {version: "0.9.0"}
          gates:
          - {name: soak, soak: {duration: 24h}}
        status:
          phase: Rejected
          conditions:
          - {type: Ready, status: "False", reason: NothingToPromote, message: "staging does not run 0.9.0",
             lastTransitionTime: "2026-11-24T09:00:00Z"}
        """);

    Run run = plugin("why", "prod-0-9-0", "-n", "shop-prod");

    assertThat(run.out()).contains("staging does not run 0.9.0 (NothingToPromote)").doesNotContain("No gates.");
    assertThat(run.out().lines()).anySatisfy(l -> assertThat(l).startsWith("soak").contains("soak", "NotEvaluated",
        "the promotion ended before this gate ran"));
  }

  @Test
  void whyShowsTheVerdictOfEachApprovalNotAnEarlierOneOfTheSamePerson() {
    withStatus(op.client(), Promotion.class, """
        apiVersion: stageline.io/v1alpha1
        kind: Promotion
        metadata: {name: prod-1-6-0, namespace: shop-prod}
        spec:
          environment: production
          release: {version: "1.6.0"}
          gates: [{name: approvers, approval: {count: 1, groups: [ops]}}]
          approvals:
          - {by: erin, at: "2026-11-24T08:00:00Z"}
          - {by: erin, at: "2026-11-24T09:00:00Z", groups: [ops]}
        status:
          phase: WaitingForGates
          approvals:
          - {gate: approvers, by: erin, at: "2026-11-24T08:00:00Z", accepted: false, reason: "not a member of ops"}
          - {gate: approvers, by: erin, at: "2026-11-24T09:00:00Z", accepted: true}
        """);

    Run run = plugin("why", "prod-1-6-0", "-n", "shop-prod");

    assertThat(run.out().lines()).anySatisfy(l -> assertThat(l).startsWith("erin").contains("2026-11-24T08:00:00Z",
            "no: not a member of ops"))
        .anySatisfy(l -> assertThat(l).startsWith("erin").contains("2026-11-24T09:00:00Z", "yes")
            .doesNotContain("no:"));
  }

  @Test
  void kubectlGetShowsWhyAFinishedPromotionStopped() {
    assumeTrue(Kubectl.installed(), "kubectl is not installed at " + Kubectl.BINARY);
    withStatus(op.client(), Promotion.class, """
        apiVersion: stageline.io/v1alpha1
        kind: Promotion
        metadata: {name: prod-0-9-0, namespace: shop-prod}
        spec: {environment: production, release: {version: "0.9.0"}}
        status:
          phase: Rejected
          conditions:
          - {type: Admitted, status: "False", reason: NothingToPromote, message: "staging does not run 0.9.0",
             lastTransitionTime: "2026-11-24T09:00:00Z"}
        """);

    Kubectl.Result result = Kubectl.Exec.run(List.of(Kubectl.BINARY.toString(), "get", "promo", "-n", "shop-prod"),
        kubeconfig);

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.stdout().lines().findFirst().orElseThrow()).contains("WAITING-ON", "REASON");
    assertThat(result.stdout().lines()).anySatisfy(l -> assertThat(l).startsWith("prod-0-9-0")
        .contains("Rejected", "NothingToPromote"));
  }

  @Test
  void unknownCommandIsAUsageError() {
    Run run = plugin("promote-everything");

    assertThat(run.exitCode()).isEqualTo(2);
  }

  @Test
  void kubectlFindsThePluginOnPath() {
    assumeTrue(Kubectl.installed(), "kubectl is not installed at " + Kubectl.BINARY);
    List<String> command = new ArrayList<>(List.of("/usr/bin/env",
        "PATH=" + Path.of("bin").toAbsolutePath() + ":/usr/bin:/bin",
        "STAGELINE_CLASSPATH=" + System.getProperty("java.class.path"),
        Kubectl.BINARY.toString(), "stageline", "history", "production"));

    Kubectl.Result result = Kubectl.Exec.run(command, kubeconfig);

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.stdout()).startsWith("REVISION").contains("1.4.2");
  }

  private Run plugin(String... args) {
    return pluginWith(kubeconfig, args);
  }

  /** Lets {@code user} approve promotions as a release approver may: get and patch them. */
  private void grantPromotionApproval(String user) {
    op.client().resource(new io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder()
        .withNewMetadata().withName("test-approver").endMetadata()
        .addNewRule().withApiGroups("stageline.io").withResources("promotions")
        .withVerbs("get", "list", "watch", "patch", "update", "approve").endRule()
        .addNewRule().withApiGroups("authentication.k8s.io").withResources("selfsubjectreviews")
        .withVerbs("create").endRule()
        .build()).create();
    op.client().resource(new io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder()
        .withNewMetadata().withName("test-approver-" + user).endMetadata()
        .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName("test-approver")
        .endRoleRef()
        .addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("User").withName(user).endSubject()
        .build()).create();
  }

  private Run pluginWith(Path config, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--kubeconfig=" + config);
    int exit = PluginCommand.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
        .execute(all.toArray(String[]::new));
    return new Run(exit, out.toString(), err.toString());
  }

  private static <T extends HasMetadata> void withStatus(KubernetesClient client, Class<T> type, String yaml) {
    T object = Serialization.unmarshal(yaml, type);
    T created = client.resource(object).create();
    setStatus(object, created);
    client.resource(created).updateStatus();
  }

  private static <T extends HasMetadata> void setStatus(T from, T to) {
    try {
      Object status = from.getClass().getMethod("getStatus").invoke(from);
      Class<?> statusType = from.getClass().getMethod("getStatus").getReturnType();
      to.getClass().getMethod("setStatus", statusType).invoke(to, status);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
