package io.stageline.realserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.embedded.EmbeddedApiServer;
import io.stageline.reliability.BadInputs;
import io.stageline.testing.RealControlPlane;
import io.stageline.testing.RealControlPlaneExtension;
import io.stageline.testing.RealStageline;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The embedded API measured against a real kube-apiserver: the same requests (the invalid-input
 * catalogue, every example, patches of each type, watch sequences, authorization per access level) go to
 * both, and what comes back is compared: status code, reason, field paths and the stored object.
 *
 * <p>Disagreements are printed (and written to target/embedded-api-agreement.txt); the real server is
 * right, and docs/embedded-api.md lists them. The test fails only when a case that agreed when the
 * baseline was recorded (src/test/resources/embedded-api-agreement-baseline.txt) disagrees now, or the
 * agreement rate falls below the recorded rate, so the embedded API cannot silently drift away.
 */
@ExtendWith(RealControlPlaneExtension.class)
class EmbeddedApiAgreementTest {
  private static final String NS = "stageline-diff";
  private static final Path BASELINE = Path.of("src/test/resources/embedded-api-agreement-baseline.txt");
  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final List<String> LEVELS = List.of("read", "write", "deploy", "approve", "admin");

  private static EmbeddedApiServer embedded;
  private static Ground real;
  private static Ground emb;

  @BeforeAll
  static void start(RealControlPlane plane) throws IOException {
    RealStageline.require(plane);
    embedded = EmbeddedApiServer.start(0).requireExistingNamespaces();
    // The embedded API starts with the CRDs; give it the rest of deploy/ as the real server has it.
    try (KubernetesClient client = embedded.newClient()) {
      for (String file : List.of("namespace.yaml", "serviceaccount.yaml", "operator-rbac.yaml",
          "access-clusterroles.yaml", "approval-policy.yaml")) {
        try (InputStream in = Files.newInputStream(Path.of("deploy", file))) {
          for (HasMetadata item : client.load(in).items()) {
            client.resource(item).createOr(existing -> existing.update());
          }
        }
      }
    }
    real = new Ground("real", plane.url(), plane.adminToken());
    emb = new Ground("embedded", embedded.url(), embedded.clientConfig().getOauthToken());
    for (Ground g : List.of(real, emb)) {
      g.send(Req.as("admin").post("/api/v1/namespaces", "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\","
          + "\"metadata\":{\"name\":\"" + NS + "\"}}"));
    }
  }

  @AfterAll
  static void stop() {
    if (embedded != null) {
      embedded.close();
    }
  }

  @Test
  void embeddedApiAgreesWithTheRealServerAtLeastAsOftenAsTheBaseline() throws IOException {
    List<Case> cases = new ArrayList<>();
    cases.addAll(invalidInputCatalogue());
    cases.addAll(examples());
    cases.addAll(patches());
    cases.addAll(watches());
    cases.addAll(authorization());
    cases.addAll(kubectlWrites());
    cases.addAll(writesPerAccessLevel());

    Map<String, String> disagreements = new LinkedHashMap<>();
    Map<String, String> answers = new LinkedHashMap<>();
    Set<String> agreed = new TreeSet<>();
    for (Case c : cases) {
      String onReal = c.run(real);
      String onEmbedded = c.run(emb);
      if (onReal.equals(onEmbedded)) {
        agreed.add(c.id());
        answers.put(c.id(), onReal);
      } else {
        disagreements.put(c.id(), "real:     " + onReal + "\n    embedded: " + onEmbedded);
      }
    }

    double rate = 100.0 * agreed.size() / cases.size();
    StringBuilder report = new StringBuilder(String.format(
        "Embedded API agreement with kube-apiserver: %d of %d cases (%.1f%%)%n", agreed.size(), cases.size(), rate));
    disagreements.forEach((id, diff) -> report.append("  DIFFERS ").append(id).append("\n    ").append(diff).append('\n'));
    System.out.println(report);
    Files.createDirectories(Path.of("target"));
    // The file also shows what both answered where they agree, so a case that proves nothing stands out.
    StringBuilder all = new StringBuilder(report);
    answers.forEach((id, answer) -> all.append("  agrees  ").append(id).append(": ").append(answer).append('\n'));
    Files.writeString(Path.of("target/embedded-api-agreement.txt"), all.toString());
    if (System.getProperty("stageline.recordAgreementBaseline") != null) {
      Files.writeString(BASELINE, "# Cases on which the embedded API agreed with kube-apiserver when recorded.\n"
          + "# rate " + String.format("%.1f", rate) + "\n" + String.join("\n", agreed) + "\n");
    }

    List<String> baseline = Files.exists(BASELINE) ? Files.readAllLines(BASELINE) : List.of();
    double baselineRate = baseline.stream().filter(l -> l.startsWith("# rate ")).findFirst()
        .map(l -> Double.parseDouble(l.substring("# rate ".length()))).orElse(0.0);
    Set<String> ids = cases.stream().map(Case::id).collect(Collectors.toSet());
    List<String> regressed = baseline.stream().filter(l -> !l.isBlank() && !l.startsWith("#"))
        .filter(ids::contains).filter(id -> !agreed.contains(id)).toList();
    assertThat(regressed).as("cases that agreed with kube-apiserver in the baseline and no longer do:\n%s", report)
        .isEmpty();
    assertThat(rate).as("agreement rate against the recorded %.1f%%:\n%s", baselineRate, report)
        .isGreaterThanOrEqualTo(baselineRate - 0.05);
  }

  // ---- the cases ---------------------------------------------------------------------------------

  /** Each catalogued bad input, created as the administrator, then removed. */
  private static List<Case> invalidInputCatalogue() {
    List<Case> cases = new ArrayList<>();
    for (BadInputs.BadInput bad : BadInputs.catalogue()) {
      String yaml = bad.yaml().replace("namespace: dev-ok", "namespace: " + NS);
      String path = collection(bad.kind(), bad.kind().equals("Promotion") ? NS : null);
      cases.add(new Case("invalid " + bad.kind() + ": " + bad.why(), g -> {
        Resp r = g.send(Req.as("admin").post(path, toJson(yaml)));
        g.send(Req.as("admin").delete(path + "/" + bad.name()));
        return r.signature();
      }));
    }
    return cases;
  }

  /** Every object of examples/, created (then removed) as the administrator, whose name the promotions carry. */
  private static List<Case> examples() throws IOException {
    List<Case> cases = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> all = Stream.concat(Files.list(Path.of("examples")), Files.list(Path.of("examples/promotions")))) {
      files = all.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    for (Path file : files) {
      for (JsonNode doc : YAML.readerFor(JsonNode.class).<JsonNode>readValues(Files.readString(file)).readAll()) {
        if (doc == null || doc.isNull() || doc.path("kind").asText().equals("Namespace")) {
          continue;
        }
        String kind = doc.path("kind").asText();
        String name = doc.path("metadata").path("name").asText();
        boolean promotion = kind.equals("Promotion");
        // Promotions go to the stand-in namespace (their own is made by the operator).
        String namespace = promotion ? NS : doc.path("metadata").path("namespace").asText(null);
        ((ObjectNode) doc.path("metadata")).put("name", "diff-" + name);
        if (namespace != null) {
          ((ObjectNode) doc.path("metadata")).put("namespace", namespace);
        }
        String path = collection(kind, namespace);
        String body = doc.toString();
        cases.add(new Case("example " + file.getFileName() + " " + kind + "/" + name, g -> {
          Resp r = g.send(Req.as("admin").post(path, body));
          g.send(Req.as("admin").delete(path + "/diff-" + name));
          return r.signature();
        }));
      }
    }
    return cases;
  }

  /** Patches of each content type, on a core object and on a custom resource, valid and invalid. */
  private static List<Case> patches() {
    List<Case> cases = new ArrayList<>();
    String cms = "/api/v1/namespaces/" + NS + "/configmaps";
    String envs = "/apis/stageline.io/v1alpha1/environments";
    record P(String id, String base, String name, String create, String type, String patch) {}
    String cm = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"%s\",\"labels\":{\"a\":\"1\"}},"
        + "\"data\":{\"x\":\"1\",\"y\":\"2\"}}";
    String env = "{\"apiVersion\":\"stageline.io/v1alpha1\",\"kind\":\"Environment\",\"metadata\":{\"name\":\"%s\"},"
        + "\"spec\":{\"stage\":\"development\",\"quota\":{\"pods\":\"10\"}}}";
    List<P> list = List.of(
        new P("json patch add/replace/remove", cms, "diff-p1", cm, "application/json-patch+json",
            "[{\"op\":\"add\",\"path\":\"/data/z\",\"value\":\"3\"},{\"op\":\"replace\",\"path\":\"/data/x\",\"value\":\"9\"},"
                + "{\"op\":\"remove\",\"path\":\"/data/y\"}]"),
        new P("json patch failing test op", cms, "diff-p2", cm, "application/json-patch+json",
            "[{\"op\":\"test\",\"path\":\"/data/x\",\"value\":\"nope\"}]"),
        new P("json patch removing a missing path", cms, "diff-p3", cm, "application/json-patch+json",
            "[{\"op\":\"remove\",\"path\":\"/data/missing\"}]"),
        new P("merge patch with null deleting a key", cms, "diff-p4", cm, "application/merge-patch+json",
            "{\"data\":{\"y\":null,\"w\":\"4\"},\"metadata\":{\"labels\":{\"b\":\"2\"}}}"),
        new P("strategic merge patch", cms, "diff-p5", cm, "application/strategic-merge-patch+json",
            "{\"data\":{\"x\":\"5\"}}"),
        new P("malformed merge patch", cms, "diff-p6", cm, "application/merge-patch+json", "{\"data\":"),
        new P("server-side apply", cms, "diff-p7", cm, "application/apply-patch+yaml",
            "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"diff-p7\"},\"data\":{\"x\":\"7\"}}"),
        new P("merge patch on a custom resource", envs, "diff-p8", env, "application/merge-patch+json",
            "{\"spec\":{\"quota\":{\"pods\":\"20\"}}}"),
        new P("strategic merge patch on a custom resource", envs, "diff-p9", env,
            "application/strategic-merge-patch+json", "{\"spec\":{\"quota\":{\"pods\":\"20\"}}}"),
        new P("merge patch making a custom resource invalid", envs, "diff-p10", env, "application/merge-patch+json",
            "{\"spec\":{\"stage\":\"moon\"}}"),
        new P("json patch on a custom resource", envs, "diff-p11", env, "application/json-patch+json",
            "[{\"op\":\"replace\",\"path\":\"/spec/stage\",\"value\":\"test\"}]"),
        new P("server-side apply of a custom resource", envs, "diff-p12", env, "application/apply-patch+yaml",
            "{\"apiVersion\":\"stageline.io/v1alpha1\",\"kind\":\"Environment\",\"metadata\":{\"name\":\"diff-p12\"},"
                + "\"spec\":{\"stage\":\"test\"}}"),
        new P("patch of a missing object", cms, "diff-p13", null, "application/merge-patch+json",
            "{\"data\":{\"x\":\"1\"}}"));
    for (P p : list) {
      cases.add(new Case("patch " + p.id(), g -> {
        if (p.create() != null) {
          g.send(Req.as("admin").post(p.base(), p.create().formatted(p.name())));
        }
        String query = p.type().startsWith("application/apply-patch") ? "?fieldManager=diff&force=true" : "";
        Resp r = g.send(Req.as("admin").patch(p.base() + "/" + p.name() + query, p.type(), p.patch()));
        g.send(Req.as("admin").delete(p.base() + "/" + p.name()));
        return r.signature();
      }));
    }
    return cases;
  }

  /** Watch streams (the HTTP form kubectl and client-go use): the sequence of event types each sees. */
  private static List<Case> watches() {
    String cms = "/api/v1/namespaces/" + NS + "/configmaps";
    String cm = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"%s\",\"labels\":{\"sel\":\"yes\"}},"
        + "\"data\":{\"x\":\"1\"}}";
    return List.of(
        new Case("watch create, update, delete", g -> g.watch(cms + "?watch=true&fieldSelector=metadata.name%3Ddiff-w1",
            3, () -> {
              g.send(Req.as("admin").post(cms, cm.formatted("diff-w1")));
              g.send(Req.as("admin").patch(cms + "/diff-w1", "application/merge-patch+json", "{\"data\":{\"x\":\"2\"}}"));
              g.send(Req.as("admin").delete(cms + "/diff-w1"));
            })),
        new Case("watch by label: leaving and re-entering the selection", g -> g.watch(
            cms + "?watch=true&labelSelector=sel%3Dyes", 4, () -> {
              g.send(Req.as("admin").post(cms, cm.formatted("diff-w2")));
              g.send(Req.as("admin").patch(cms + "/diff-w2", "application/merge-patch+json",
                  "{\"metadata\":{\"labels\":{\"sel\":\"no\"}}}"));
              g.send(Req.as("admin").patch(cms + "/diff-w2", "application/merge-patch+json",
                  "{\"metadata\":{\"labels\":{\"sel\":\"yes\"}}}"));
              g.send(Req.as("admin").delete(cms + "/diff-w2"));
            })));
  }

  /** What each access level lets a user do, asked with SubjectAccessReviews and tried directly. */
  private static List<Case> authorization() {
    List<Case> cases = new ArrayList<>();
    List<String> levels = LEVELS;
    String bindings = "/apis/rbac.authorization.k8s.io/v1/namespaces/" + NS + "/rolebindings";
    cases.add(new Case("authorization setup: bind one user per access level", g -> {
      StringBuilder codes = new StringBuilder();
      for (String level : levels) {
        codes.append(g.send(Req.as("admin").post(bindings, ("{\"apiVersion\":\"rbac.authorization.k8s.io/v1\","
            + "\"kind\":\"RoleBinding\",\"metadata\":{\"name\":\"diff-%s\"},\"roleRef\":{\"apiGroup\":"
            + "\"rbac.authorization.k8s.io\",\"kind\":\"ClusterRole\",\"name\":\"stageline-%s\"},\"subjects\":[{"
            + "\"apiGroup\":\"rbac.authorization.k8s.io\",\"kind\":\"User\",\"name\":\"diff-%s\"}]}")
            .formatted(level, level, level))).code()).append(' ');
      }
      return codes.toString().strip();
    }));
    List<String[]> questions = List.of(
        new String[] {"get", "", "pods", ""}, new String[] {"list", "", "secrets", ""},
        new String[] {"get", "", "configmaps", ""}, new String[] {"create", "apps", "deployments", ""},
        new String[] {"patch", "apps", "deployments", ""}, new String[] {"delete", "apps", "deployments", ""},
        new String[] {"create", "", "pods", "exec"}, new String[] {"create", "stageline.io", "promotions", ""},
        new String[] {"update", "stageline.io", "promotions", ""}, new String[] {"approve", "stageline.io", "promotions", ""},
        new String[] {"create", "rbac.authorization.k8s.io", "rolebindings", ""},
        new String[] {"delete", "", "namespaces", ""});
    for (String level : levels) {
      for (String[] q : questions) {
        String id = "authorization " + level + " " + q[0] + " " + (q[1].isEmpty() ? "" : q[1] + "/") + q[2]
            + (q[3].isEmpty() ? "" : "/" + q[3]);
        String review = ("{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"SubjectAccessReview\",\"spec\":{"
            + "\"user\":\"diff-%s\",\"groups\":[\"system:authenticated\"],\"resourceAttributes\":{\"namespace\":\"%s\","
            + "\"verb\":\"%s\",\"group\":\"%s\",\"resource\":\"%s\",\"subresource\":\"%s\"}}}")
            .formatted(level, q[2].equals("namespaces") ? "" : NS, q[0], q[1], q[2], q[3]);
        cases.add(new Case(id, g -> {
          Resp r = g.send(Req.as("admin").post("/apis/authorization.k8s.io/v1/subjectaccessreviews", review));
          return r.code() + " allowed=" + r.json().path("status").path("allowed").asBoolean(false);
        }));
      }
      cases.add(new Case("authorization " + level + " lists secrets directly", g ->
          g.send(Req.as("diff-" + level).get("/api/v1/namespaces/" + NS + "/secrets")).signature()));
      cases.add(new Case("authorization " + level + " reads configmaps directly", g ->
          g.send(Req.as("diff-" + level).get("/api/v1/namespaces/" + NS + "/configmaps")).code() + ""));
    }
    return cases;
  }

  /**
   * The writes KubectlMatrixTest makes with kubectl, as the HTTP requests kubectl sends: apply (create, then
   * a merge patch), a status patch, namespaces, labels and annotations, ConfigMaps and Secrets, Promotions,
   * Deployments, a finalizer held through a delete, server dry run and an immutable field. Each compares the
   * codes (and reasons, fields and stored content where the request makes them) of every step.
   */
  private static List<Case> kubectlWrites() {
    String envs = "/apis/stageline.io/v1alpha1/environments";
    String cms = "/api/v1/namespaces/" + NS + "/configmaps";
    String secrets = "/api/v1/namespaces/" + NS + "/secrets";
    String promos = "/apis/stageline.io/v1alpha1/namespaces/" + NS + "/promotions";
    String deploys = "/apis/apps/v1/namespaces/" + NS + "/deployments";
    String namespaces = "/api/v1/namespaces";
    String merge = "application/merge-patch+json";
    String env = "{\"apiVersion\":\"stageline.io/v1alpha1\",\"kind\":\"Environment\",\"metadata\":{\"name\":\"%s\"},"
        + "\"spec\":{\"stage\":\"%s\"}}";
    Req admin = Req.as("admin");
    List<Case> cases = new ArrayList<>();
    cases.add(new Case("kubectl apply creates then configures an Environment", g -> {
      String created = g.send(admin.post(envs, env.formatted("diff-k1", "development"))).signature();
      String configured = g.send(admin.patch(envs + "/diff-k1", merge, "{\"spec\":{\"deletionPolicy\":\"Retain\"}}"))
          .signature();
      String deleted = g.send(admin.delete(envs + "/diff-k1")).code() + "";
      return created + " | " + configured + " | " + deleted;
    }));
    cases.add(new Case("kubectl patch --subresource=status of an Environment", g -> {
      g.send(admin.post(envs, env.formatted("diff-k2", "development")));
      Resp r = g.send(admin.patch(envs + "/diff-k2/status", merge, "{\"status\":{\"namespace\":\"diff-k2-ns\","
          + "\"conditions\":[{\"type\":\"Ready\",\"status\":\"False\",\"reason\":\"UpstreamMissing\"}]}}"));
      g.send(admin.delete(envs + "/diff-k2"));
      return r.code() + " status.namespace=" + r.json().path("status").path("namespace").asText()
          + " spec=" + canonical(r.json().path("spec"));
    }));
    cases.add(new Case("kubectl patch of an immutable stage", g -> {
      g.send(admin.post(envs, env.formatted("diff-k3", "test")));
      Resp r = g.send(admin.patch(envs + "/diff-k3", merge, "{\"spec\":{\"stage\":\"staging\"}}"));
      g.send(admin.delete(envs + "/diff-k3"));
      return r.signature();
    }));
    cases.add(new Case("kubectl apply --dry-run=server stores nothing", g -> {
      String valid = g.send(admin.post(envs + "?dryRun=All", env.formatted("diff-k4", "test"))).signature();
      String invalid = g.send(admin.post(envs + "?dryRun=All", env.formatted("diff-k4", "qa"))).signature();
      String after = g.send(admin.get(envs + "/diff-k4")).code() + "";
      return valid + " | " + invalid + " | " + after;
    }));
    cases.add(new Case("kubectl create namespace, label, annotate, unlabel", g -> {
      String created = g.send(admin.post(namespaces, "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\","
          + "\"metadata\":{\"name\":\"diff-k5\"}}")).code() + "";
      Resp labelled = g.send(admin.patch(namespaces + "/diff-k5", merge,
          "{\"metadata\":{\"labels\":{\"team\":\"blue\"},\"annotations\":{\"note\":\"hello\"}}}"));
      Resp unlabelled = g.send(admin.patch(namespaces + "/diff-k5", merge, "{\"metadata\":{\"labels\":{\"team\":null}}}"));
      String deleted = g.send(admin.delete(namespaces + "/diff-k5")).code() + "";
      return created + " | " + labelled.code() + " " + labelled.json().path("metadata").path("labels").path("team").asText()
          + " " + labelled.json().path("metadata").path("annotations").path("note").asText() + " | " + unlabelled.code()
          + " team=" + unlabelled.json().path("metadata").path("labels").has("team") + " | " + deleted;
    }));
    cases.add(new Case("kubectl create configmap and secret generic", g -> {
      String cm = g.send(admin.post(cms, "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":"
          + "\"diff-k6\"},\"data\":{\"mode\":\"fast\"}}")).signature();
      String secret = g.send(admin.post(secrets, "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":"
          + "\"diff-k6\"},\"type\":\"Opaque\",\"data\":{\"token\":\"YWJj\"}}")).signature();
      String again = g.send(admin.post(cms, "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":"
          + "\"diff-k6\"}}")).signature();
      g.send(admin.delete(cms + "/diff-k6"));
      g.send(admin.delete(secrets + "/diff-k6"));
      return cm + " | " + secret + " | " + again;
    }));
    cases.add(new Case("kubectl create of a Promotion", g -> {
      String r = g.send(admin.post(promos, "{\"apiVersion\":\"stageline.io/v1alpha1\",\"kind\":\"Promotion\","
          + "\"metadata\":{\"name\":\"diff-k7\"},\"spec\":{\"environment\":\"staging\",\"requestedBy\":\"admin\"}}"))
          .signature();
      return r + " | " + g.send(admin.delete(promos + "/diff-k7")).code();
    }));
    cases.add(new Case("kubectl apply of a Deployment, then a changed image", g -> {
      String deployment = "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"diff-k8\"},"
          + "\"spec\":{\"replicas\":1,\"selector\":{\"matchLabels\":{\"app\":\"web\"}},\"template\":{\"metadata\":"
          + "{\"labels\":{\"app\":\"web\"}},\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"nginx:1\"}]}}}}";
      String created = g.send(admin.post(deploys, deployment)).code() + "";
      Resp changed = g.send(admin.patch(deploys + "/diff-k8", "application/strategic-merge-patch+json",
          "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"nginx:2\"}]}}}}"));
      g.send(admin.delete(deploys + "/diff-k8"));
      JsonNode containers = changed.json().path("spec").path("template").path("spec").path("containers");
      return created + " | " + changed.code() + " containers=" + containers.size() + " image="
          + containers.path(0).path("image").asText();
    }));
    cases.add(new Case("kubectl delete of a ConfigMap held by a finalizer", g -> {
      g.send(admin.post(cms, "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"diff-k9\","
          + "\"finalizers\":[\"example.com/hold\"]}}"));
      Resp deleted = g.send(admin.delete(cms + "/diff-k9"));
      Resp held = g.send(admin.get(cms + "/diff-k9"));
      Resp released = g.send(admin.patch(cms + "/diff-k9", "application/json-patch+json",
          "[{\"op\":\"remove\",\"path\":\"/metadata/finalizers\"}]"));
      return deleted.code() + " marked=" + deleted.json().path("metadata").has("deletionTimestamp") + " | " + held.code()
          + " | " + released.code() + " | " + g.send(admin.get(cms + "/diff-k9")).signature();
    }));
    return cases;
  }

  /**
   * Representative writes tried directly by each access level's user (bound in the authorization setup
   * case): the real server's RBAC answer, including its refusal to let a user grant what it does not hold.
   */
  private static List<Case> writesPerAccessLevel() {
    String cms = "/api/v1/namespaces/" + NS + "/configmaps";
    String deploys = "/apis/apps/v1/namespaces/" + NS + "/deployments";
    String promos = "/apis/stageline.io/v1alpha1/namespaces/" + NS + "/promotions";
    String bindings = "/apis/rbac.authorization.k8s.io/v1/namespaces/" + NS + "/rolebindings";
    Req admin = Req.as("admin");
    List<Case> cases = new ArrayList<>();
    for (String level : LEVELS) {
      Req user = Req.as("diff-" + level, "system:authenticated");
      String name = "diff-lvl-" + level;
      cases.add(new Case("access " + level + " creates and deletes a ConfigMap", g -> {
        String created = g.send(user.post(cms, "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{"
            + "\"name\":\"" + name + "\"},\"data\":{\"x\":\"1\"}}")).signature();
        g.send(admin.post(cms, "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name + "\"}}"));
        String deleted = g.send(user.delete(cms + "/" + name)).signature();
        g.send(admin.delete(cms + "/" + name));
        return created + " | " + deleted;
      }));
      cases.add(new Case("access " + level + " creates a Deployment", g -> {
        String r = g.send(user.post(deploys, "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{"
            + "\"name\":\"" + name + "\"},\"spec\":{\"selector\":{\"matchLabels\":{\"app\":\"web\"}},\"template\":{"
            + "\"metadata\":{\"labels\":{\"app\":\"web\"}},\"spec\":{\"containers\":[{\"name\":\"web\","
            + "\"image\":\"nginx\"}]}}}}")).code() + "";
        g.send(admin.delete(deploys + "/" + name));
        return r;
      }));
      cases.add(new Case("access " + level + " creates a Promotion", g -> {
        String r = g.send(user.post(promos, "{\"apiVersion\":\"stageline.io/v1alpha1\",\"kind\":\"Promotion\","
            + "\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{\"environment\":\"staging\",\"requestedBy\":\"diff-"
            + level + "\"}}")).signature();
        g.send(admin.delete(promos + "/" + name));
        return r;
      }));
      cases.add(new Case("access " + level + " binds itself to stageline-admin", g -> {
        String r = g.send(user.post(bindings, ("{\"apiVersion\":\"rbac.authorization.k8s.io/v1\",\"kind\":\"RoleBinding\","
            + "\"metadata\":{\"name\":\"%s\"},\"roleRef\":{\"apiGroup\":\"rbac.authorization.k8s.io\",\"kind\":"
            + "\"ClusterRole\",\"name\":\"stageline-admin\"},\"subjects\":[{\"apiGroup\":\"rbac.authorization.k8s.io\","
            + "\"kind\":\"User\",\"name\":\"diff-%s\"}]}").formatted(name, level))).signature();
        g.send(admin.delete(bindings + "/" + name));
        return r;
      }));
      cases.add(new Case("access " + level + " deletes the namespace", g ->
          g.send(user.delete("/api/v1/namespaces/" + NS + "?dryRun=All")).code() + ""));
    }
    return cases;
  }

  private static String collection(String kind, String namespace) {
    String plural = switch (kind) {
      case "Environment" -> "environments";
      case "Promotion" -> "promotions";
      case "AccessPolicy" -> "accesspolicies";
      case "ConfigMap" -> "configmaps";
      case "Secret" -> "secrets";
      default -> throw new IllegalArgumentException("no path for kind " + kind);
    };
    String prefix = kind.equals("ConfigMap") || kind.equals("Secret") ? "/api/v1" : "/apis/stageline.io/v1alpha1";
    return prefix + (namespace == null ? "" : "/namespaces/" + namespace) + "/" + plural;
  }

  private static String toJson(String yaml) {
    try {
      return JSON.writeValueAsString(YAML.readTree(yaml));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- requests, answers and the two grounds ----------------------------------------------------

  interface Probe {
    String run(Ground g);
  }

  record Case(String id, Probe probe) {
    String run(Ground g) {
      try {
        return probe.run(g);
      } catch (RuntimeException e) {
        return "exception " + e.getClass().getSimpleName();
      }
    }
  }

  record Req(String method, String path, String contentType, String body, String user, List<String> groups) {
    static Req as(String user, String... groups) {
      return new Req("GET", "/", null, null, user, List.of(groups));
    }

    Req get(String p) {
      return new Req("GET", p, null, null, user, groups);
    }

    Req post(String p, String b) {
      return new Req("POST", p, "application/json", b, user, groups);
    }

    Req patch(String p, String type, String b) {
      return new Req("PATCH", p, type, b, user, groups);
    }

    Req delete(String p) {
      return new Req("DELETE", p, null, null, user, groups);
    }
  }

  record Resp(int code, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body.isEmpty() ? "{}" : body);
      } catch (IOException e) {
        return JSON.createObjectNode();
      }
    }

    /** Code, reason, field paths, and for a stored object its content (spec, data) in key order. */
    String signature() {
      JsonNode json = json();
      StringBuilder s = new StringBuilder().append(code);
      if ("Status".equals(json.path("kind").asText())) {
        s.append(' ').append(json.path("reason").asText());
        Set<String> fields = new TreeSet<>();
        json.path("details").path("causes").forEach(c -> {
          if (c.hasNonNull("field")) {
            fields.add(c.get("field").asText());
          }
        });
        if (!fields.isEmpty()) {
          s.append(" fields=").append(fields);
        }
      } else {
        for (String part : List.of("spec", "data")) {
          if (json.has(part)) {
            s.append(' ').append(part).append('=').append(canonical(json.get(part)));
          }
        }
      }
      return s.toString();
    }
  }

  static String canonical(JsonNode node) {
    try {
      return JSON.writeValueAsString(JSON.treeToValue(node, Object.class));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static final class Ground {
    private final String name;
    private final String url;
    private final String token;
    private final HttpClient http;

    Ground(String name, String url, String token) {
      this.name = name;
      this.url = url;
      this.token = token;
      this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(trustAll())
          .connectTimeout(Duration.ofSeconds(10)).build();
    }

    private HttpRequest.Builder request(Req r, Duration timeout) {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + r.path())).timeout(timeout)
          .header("Authorization", "Bearer " + token).header("Accept", "application/json");
      if (!"admin".equals(r.user())) {
        b.header("Impersonate-User", r.user());
        for (String group : r.groups()) {
          b.header("Impersonate-Group", group);
        }
      }
      HttpRequest.BodyPublisher body = r.body() == null ? HttpRequest.BodyPublishers.noBody()
          : HttpRequest.BodyPublishers.ofString(r.body(), StandardCharsets.UTF_8);
      if (r.contentType() != null) {
        b.header("Content-Type", r.contentType());
      }
      return b.method(r.method(), body);
    }

    Resp send(Req r) {
      try {
        HttpResponse<String> response = http.send(request(r, Duration.ofSeconds(60)).build(),
            HttpResponse.BodyHandlers.ofString());
        return new Resp(response.statusCode(), response.body());
      } catch (IOException e) {
        throw new UncheckedIOException(name + " " + r.method() + " " + r.path(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    /** Opens a watch from the collection's current version, runs the writes, and returns the event types seen. */
    String watch(String pathWithQuery, int events, Runnable writes) {
      String collection = pathWithQuery.substring(0, pathWithQuery.indexOf('?'));
      String version = send(Req.as("admin").get(collection)).json().path("metadata").path("resourceVersion").asText();
      List<String> types = new CopyOnWriteArrayList<>();
      var future = http.sendAsync(request(Req.as("admin").get(pathWithQuery + "&timeoutSeconds=60&resourceVersion="
          + version), Duration.ofSeconds(90)).build(), HttpResponse.BodyHandlers.ofLines());
      writes.run();
      try {
        HttpResponse<Stream<String>> response = future.get(60, TimeUnit.SECONDS);
        Thread reader = new Thread(() -> {
          try {
            response.body().forEach(line -> {
              if (!line.isBlank()) {
                try {
                  types.add(JSON.readTree(line).path("type").asText());
                } catch (IOException e) {
                  types.add("unparseable");
                }
              }
            });
          } catch (UncheckedIOException e) {
            // the stream ends when the watch is cancelled or the server closes it
          }
        }, "watch-" + name);
        reader.setDaemon(true);
        reader.start();
        try {
          Awaitility.await().atMost(Duration.ofSeconds(45)).until(() -> types.size() >= events);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
          // fewer events than expected: the comparison shows which
        }
        future.cancel(true);
        return response.statusCode() + " " + types;
      } catch (Exception e) {
        return "watch failed " + e.getClass().getSimpleName();
      }
    }
  }

  private static SSLContext trustAll() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
          return new X509Certificate[0];
        }
      }}, new SecureRandom());
      return context;
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
