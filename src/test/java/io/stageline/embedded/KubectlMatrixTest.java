package io.stageline.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.stageline.testing.Awaits;
import io.stageline.testing.EmbeddedApi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Drives the real kubectl binary against one embedded API (shared by the class to keep it fast)
 * and checks what a user sees. Each test works in its own namespace or with its own names.
 */
class KubectlMatrixTest {
  @RegisterExtension static final EmbeddedApi api = EmbeddedApi.started();
  static Kubectl kubectl;

  @BeforeAll
  static void start() {
    assumeTrue(Kubectl.installed(), "kubectl is not installed");
    kubectl = new Kubectl(api.kubeconfig());
  }

  private static String namespace(String name) {
    kubectl.okWithInput("""
        apiVersion: v1
        kind: Namespace
        metadata:
          name: %s
        """.formatted(name), "apply", "-f", "-");
    return name;
  }

  @Test
  void versionAndDiscoveryListTheStagelineKindsWithShortNames() {
    assertThat(kubectl.ok("version")).contains("Server Version: v1.32");
    String resources = kubectl.ok("api-resources");
    assertThat(resources).containsPattern("environments\\s+env\\s+stageline.io/v1alpha1\\s+false\\s+Environment");
    assertThat(resources).containsPattern("promotions\\s+promo\\s+stageline.io/v1alpha1\\s+true\\s+Promotion");
    assertThat(resources).containsPattern("accesspolicies\\s+ap\\s+stageline.io/v1alpha1\\s+false\\s+AccessPolicy");
    assertThat(resources).contains("networkpolicies", "resourcequotas", "limitranges", "leases", "clusterroles");
  }

  @Test
  void applyCreatesThenUpdatesAndPrinterColumnsShowStatus() {
    String manifest = """
        apiVersion: stageline.io/v1alpha1
        kind: Environment
        metadata:
          name: columns
        spec:
          stage: development
        """;
    assertThat(kubectl.okWithInput(manifest, "apply", "-f", "-")).contains("environment.stageline.io/columns created");
    assertThat(kubectl.okWithInput(manifest, "apply", "-f", "-")).contains("environment.stageline.io/columns unchanged");
    assertThat(kubectl.okWithInput(manifest + "  deletionPolicy: Retain\n", "apply", "-f", "-"))
        .contains("environment.stageline.io/columns configured");
    kubectl.ok("patch", "env", "columns", "--subresource=status", "--type", "merge", "-p",
        "{\"status\":{\"namespace\":\"columns-ns\",\"conditions\":[{\"type\":\"Ready\",\"status\":\"False\","
            + "\"reason\":\"UpstreamMissing\"}]}}");
    String table = kubectl.ok("get", "env", "columns");
    assertThat(table).containsPattern("NAME\\s+STAGE\\s+NAMESPACE\\s+RELEASE\\s+READY\\s+REASON\\s+.*AGE");
    assertThat(table).containsPattern("columns\\s+development\\s+columns-ns\\s+False\\s+UpstreamMissing\\s+.*\\d+s");
  }

  @ParameterizedTest(name = "kubectl get {0}")
  @CsvSource({
      "ns, STATUS",
      "cm, DATA",
      "secret, TYPE",
      "quota, AGE",
      "limits, AGE",
      "netpol, POD-SELECTOR",
      "deploy, READY",
      "jobs, COMPLETIONS",
      "leases, HOLDER",
      "roles, AGE",
      "clusterroles, AGE",
      "rolebindings, ROLE",
      "clusterrolebindings, ROLE",
      "env, STAGE",
      "promo, WAITING-ON",
      "ap, BINDINGS",
      "events, REASON",
      "validatingadmissionpolicies, AGE"})
  void everyKindIsListedWithItsColumns(String resource, String column) {
    String ns = namespace("kinds");
    kubectl.okWithInput((BuiltInManifests.ALL + BuiltInManifests.CLUSTER).replace("NS", ns), "apply", "-f", "-");
    String out = kubectl.ok("get", resource, "-A");
    assertThat(out).contains(column);
    assertThat(kubectl.run("get", resource, "-A", "-o", "name").exitCode()).isZero();
  }

  @Test
  void builtInKindsApplyTwiceAndChange() {
    String ns = namespace("builtins");
    String manifests = BuiltInManifests.ALL.replace("NS", ns);
    kubectl.okWithInput(manifests, "apply", "-f", "-");
    assertThat(kubectl.okWithInput(manifests, "apply", "-f", "-")).contains("deployment.apps/web unchanged");
    String changed = manifests.replace("image: nginx:1.27", "image: nginx:1.28");
    assertThat(kubectl.okWithInput(changed, "apply", "-f", "-")).contains("deployment.apps/web configured");
    assertThat(kubectl.ok("get", "deploy", "web", "-n", ns, "-o",
        "jsonpath={.spec.template.spec.containers[0].image}")).isEqualTo("nginx:1.28");
    assertThat(kubectl.ok("get", "netpol,quota,limits,lease,role,rolebinding,job,cm,secret", "-n", ns, "-o", "name"))
        .contains("networkpolicy.networking.k8s.io/deny-other-namespaces", "resourcequota/quota",
            "limitrange/limits", "lease.coordination.k8s.io/leader", "role.rbac.authorization.k8s.io/reader",
            "rolebinding.rbac.authorization.k8s.io/readers", "job.batch/migrate", "configmap/settings",
            "secret/token");
  }

  @Test
  void labelSelectorsUseTheFullGrammar() {
    String ns = namespace("selectors");
    for (String[] cm : new String[][] {{"a", "tier=web"}, {"b", "tier=db"}, {"c", "other=x"}}) {
      kubectl.okWithInput("""
          apiVersion: v1
          kind: ConfigMap
          metadata:
            name: %s
            labels: {%s}
          """.formatted(cm[0], cm[1].replace("=", ": ")), "apply", "-n", ns, "-f", "-");
    }
    assertThat(names(ns, "tier in (web,db)")).isEqualTo("a b");
    assertThat(names(ns, "tier notin (web)")).isEqualTo("b c");
    assertThat(names(ns, "tier")).isEqualTo("a b");
    assertThat(names(ns, "!tier")).isEqualTo("c");
    assertThat(names(ns, "tier!=web")).isEqualTo("b c");
    assertThat(names(ns, "tier=web")).isEqualTo("a");
  }

  private static String names(String ns, String selector) {
    return kubectl.ok("get", "cm", "-n", ns, "-l", selector, "-o", "jsonpath={.items[*].metadata.name}").trim();
  }

  @Test
  void labelAnnotateAndPatchEditObjectsAndRemoveKeys() {
    String ns = namespace("edits");
    kubectl.ok("label", "ns", ns, "team=blue");
    kubectl.ok("annotate", "ns", ns, "note=hello");
    assertThat(kubectl.ok("get", "ns", ns, "--show-labels")).contains("team=blue").contains("Active");
    kubectl.ok("label", "ns", ns, "team-");
    assertThat(kubectl.ok("get", "ns", ns, "-o", "jsonpath={.metadata.labels}")).doesNotContain("team");
    kubectl.okWithInput("""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: patched
        data: {a: "1", b: "2"}
        """, "apply", "-n", ns, "-f", "-");
    kubectl.ok("patch", "cm", "patched", "-n", ns, "--type", "merge", "-p", "{\"data\":{\"a\":null,\"c\":\"3\"}}");
    kubectl.ok("patch", "cm", "patched", "-n", ns, "--type", "json", "-p",
        "[{\"op\":\"replace\",\"path\":\"/data/b\",\"value\":\"20\"}]");
    assertThat(kubectl.ok("get", "cm", "patched", "-n", ns, "-o", "jsonpath={.data}"))
        .isEqualTo("{\"b\":\"20\",\"c\":\"3\"}");
  }

  @Test
  void outputFormatsYamlJsonAndName() {
    String ns = namespace("formats");
    kubectl.okWithInput("""
        apiVersion: stageline.io/v1alpha1
        kind: Promotion
        metadata:
          name: p1
        spec:
          environment: staging
        """, "create", "-n", ns, "-f", "-");
    assertThat(kubectl.ok("get", "promo", "p1", "-n", ns, "-o", "yaml")).contains("kind: Promotion", "environment: staging");
    assertThat(kubectl.ok("get", "promo", "-n", ns, "-o", "json")).contains("\"kind\": \"List\"", "\"kind\": \"Promotion\"");
    assertThat(kubectl.ok("get", "promo", "-n", ns, "-o", "name").trim()).isEqualTo("promotion.stageline.io/p1");
    assertThat(kubectl.ok("get", "promo", "-n", ns)).containsPattern("p1\\s+staging");
  }

  @Test
  void deleteWithAFinalizerMarksThenRemovesAndReturnsTheObject() {
    String ns = namespace("finalizers");
    kubectl.okWithInput("""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: held
          finalizers: [example.com/hold]
        """, "create", "-n", ns, "-f", "-");
    assertThat(kubectl.ok("delete", "cm", "held", "-n", ns, "--wait=false")).contains("configmap \"held\" deleted");
    assertThat(kubectl.ok("get", "cm", "held", "-n", ns, "-o", "jsonpath={.metadata.deletionTimestamp}")).isNotBlank();
    assertThat(kubectl.ok("patch", "cm", "held", "-n", ns, "--type", "json", "-p",
        "[{\"op\":\"remove\",\"path\":\"/metadata/finalizers\"}]")).contains("configmap/held patched");
    assertThat(kubectl.run("get", "cm", "held", "-n", ns).err()).contains("NotFound");
  }

  @Test
  void deleteWaitsForAFinalizerToGo() {
    String ns = namespace("waiting");
    kubectl.okWithInput("""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: slow
          finalizers: [example.com/hold]
        """, "create", "-n", ns, "-f", "-");
    Thread release = new Thread(() -> {
      org.awaitility.Awaitility.await().until(() -> api.admin().configMaps().inNamespace(ns).withName("slow").get()
          .getMetadata().getDeletionTimestamp() != null);
      api.admin().configMaps().inNamespace(ns).withName("slow").edit(cm -> {
        cm.getMetadata().setFinalizers(null);
        return cm;
      });
    });
    release.start();
    assertThat(kubectl.ok("delete", "cm", "slow", "-n", ns, "--timeout=30s")).contains("deleted");
  }

  @Test
  void describeShowsEventsAndGetEventsListsThemAcrossNamespaces() {
    String ns = namespace("described");
    kubectl.okWithInput("""
        apiVersion: stageline.io/v1alpha1
        kind: Promotion
        metadata:
          name: shown
        spec:
          environment: production
        """, "create", "-n", ns, "-f", "-");
    String uid = kubectl.ok("get", "promo", "shown", "-n", ns, "-o", "jsonpath={.metadata.uid}");
    api.admin().v1().events().inNamespace(ns).resource(new EventBuilder().withNewMetadata().withName("shown.1").endMetadata()
        .withNewInvolvedObject().withApiVersion("stageline.io/v1alpha1").withKind("Promotion").withName("shown")
        .withNamespace(ns).withUid(uid).endInvolvedObject().withReason("WaitingForGates").withType("Normal")
        .withMessage("waiting for approval").withLastTimestamp(java.time.Instant.now().toString())
        .withNewSource("stageline", null).build()).create();
    assertThat(kubectl.ok("describe", "promo", "shown", "-n", ns))
        .contains("Environment:  production").containsPattern("Normal\\s+WaitingForGates\\s+\\S+\\s+stageline\\s+waiting for approval");
    assertThat(kubectl.ok("get", "events", "-A"))
        .containsPattern("NAMESPACE\\s+LAST SEEN\\s+TYPE\\s+REASON\\s+OBJECT\\s+MESSAGE")
        .containsPattern(ns + "\\s+\\S+\\s+Normal\\s+WaitingForGates\\s+promotion/shown\\s+waiting for approval");
  }

  @Test
  void generatorCommandsThatSendProtobufWork() {
    assertThat(kubectl.ok("create", "namespace", "from-cli")).contains("namespace/from-cli created");
    kubectl.ok("create", "configmap", "settings", "-n", "from-cli", "--from-literal=mode=fast");
    kubectl.ok("create", "secret", "generic", "token", "-n", "from-cli", "--from-literal=token=abc");
    assertThat(kubectl.ok("get", "cm", "settings", "-n", "from-cli", "-o", "jsonpath={.data.mode}")).isEqualTo("fast");
    assertThat(kubectl.ok("get", "secret", "token", "-n", "from-cli", "-o", "jsonpath={.data.token}"))
        .isEqualTo("YWJj");
    assertThat(kubectl.ok("get", "ns", "from-cli")).containsPattern("from-cli\\s+Active");
    assertThat(kubectl.ok("auth", "can-i", "delete", "environments").trim()).isEqualTo("yes");
  }

  @Test
  void explainDescribesStagelineFields() {
    assertThat(kubectl.ok("explain", "environment.spec")).contains("KIND:       Environment", "stage");
    assertThat(kubectl.ok("explain", "promotion.spec.approvals")).contains("approvals");
  }

  @Test
  void unsupportedRequestsFailAtOnceWithAClearMessage() {
    assertThat(kubectl.run("create", "deployment", "web", "--image=nginx").err())
        .contains("decodes protobuf bodies of Namespace, ConfigMap, Secret and access reviews only");
    String ns = namespace("ssa");
    assertThat(kubectl.runWithInput("""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: ssa
        """, "apply", "--server-side", "-n", ns, "-f", "-").err()).contains("server-side apply is not supported");
  }

  @Test
  void badManifestsAreRejectedWithTheMessagesOfARealApiServer() {
    String manifest = """
        apiVersion: stageline.io/v1alpha1
        kind: Environment
        metadata:
          name: rejected
        spec:
          stage: STAGE
        """;
    assertThat(kubectl.runWithInput(manifest.replace("STAGE", "qa"), "apply", "-f", "-").err())
        .contains("The Environment \"rejected\" is invalid: \n* spec.stage: Unsupported value: \"qa\"");
    assertThat(kubectl.runWithInput(manifest.replace("STAGE", "test\n  colour: blue"), "apply", "-f", "-").err())
        .contains("strict decoding error: unknown field \"spec.colour\"");
    assertThat(kubectl.runWithInput(manifest.replace("STAGE", "test\n  upstream: rejected"), "create", "-f", "-")
        .err()).contains("an Environment cannot be its own upstream");
    assertThat(kubectl.run("get", "env", "rejected").err()).contains("NotFound");
    kubectl.okWithInput(manifest.replace("STAGE", "test"), "apply", "-f", "-");
    assertThat(kubectl.run("patch", "env", "rejected", "--type", "merge", "-p", "{\"spec\":{\"stage\":\"staging\"}}")
        .err()).contains("spec.stage: Invalid value: \"string\": stage is immutable");
  }

  @Test
  void serverDryRunAdmitsWithoutStoring() {
    String manifest = """
        apiVersion: stageline.io/v1alpha1
        kind: Environment
        metadata:
          name: dry
        spec:
          stage: STAGE
        """;
    assertThat(kubectl.okWithInput(manifest.replace("STAGE", "test"), "apply", "--dry-run=server", "-f", "-"))
        .contains("environment.stageline.io/dry created (server dry run)");
    assertThat(kubectl.runWithInput(manifest.replace("STAGE", "qa"), "apply", "--dry-run=server", "-f", "-").err())
        .contains("Unsupported value: \"qa\"");
    assertThat(kubectl.run("get", "env", "dry").err()).contains("NotFound");
  }

  @Test
  void waitSeesAConditionThatBecomesTrueLater() {
    kubectl.okWithInput("""
        apiVersion: stageline.io/v1alpha1
        kind: Environment
        metadata:
          name: awaited
        spec:
          stage: development
        """, "apply", "-f", "-");
    int watchesBefore = api.server().objects().openWatches();
    java.util.concurrent.CompletableFuture<String> waiting = java.util.concurrent.CompletableFuture.supplyAsync(
        () -> kubectl.ok("wait", "env/awaited", "--for=condition=Ready", "--timeout=60s"));

    // the condition turns true only once kubectl watches, so the wait is answered by the watch
    org.awaitility.Awaitility.await().atMost(Awaits.TIMEOUT)
        .until(() -> api.server().objects().openWatches() > watchesBefore);
    kubectl.ok("patch", "env", "awaited", "--subresource=status", "--type", "merge", "-p",
        "{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\",\"reason\":\"Provisioned\"}]}}");

    assertThat(waiting.join())
        .contains("environment.stageline.io/awaited condition met");
  }

  @Test
  void scaleSetImageAndNamespaceDeletionWorkOnDeployments() {
    String ns = namespace("scaled");
    kubectl.okWithInput(BuiltInManifests.ALL.replace("NS", ns), "apply", "-f", "-");
    assertThat(kubectl.ok("scale", "deploy", "web", "-n", ns, "--replicas=3")).contains("deployment.apps/web scaled");
    assertThat(kubectl.ok("get", "deploy", "web", "-n", ns, "-o", "jsonpath={.spec.replicas}")).isEqualTo("3");
    kubectl.ok("set", "image", "deploy/web", "web=nginx:1.29", "-n", ns);
    assertThat(kubectl.ok("get", "deploy", "web", "-n", ns, "-o", "jsonpath={.spec.template.spec.containers[*].image}"))
        .isEqualTo("nginx:1.29");
    assertThat(kubectl.ok("describe", "deploy", "web", "-n", ns)).contains("Replicas:", "3 desired");
    kubectl.ok("delete", "ns", ns);
    assertThat(kubectl.run("get", "deploy,roles", "-n", ns).err()).contains("No resources found");
    assertThat(kubectl.run("get", "cm", "settings", "-n", ns).err()).contains("NotFound");
  }
}
