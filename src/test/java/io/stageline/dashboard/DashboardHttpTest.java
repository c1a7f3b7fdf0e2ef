package io.stageline.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.Stage;
import io.stageline.audit.Auditor;
import io.stageline.server.OperatorHttpServer;
import io.stageline.testing.Awaits;
import io.stageline.testing.OperatorExtension;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DashboardHttpTest {
  @RegisterExtension
  final OperatorExtension op = OperatorExtension.apiOnly();

  private final HttpClient http = HttpClient.newHttpClient();
  private OperatorHttpServer server;
  private Dashboard dashboard;
  private Auditor auditor;

  @BeforeEach
  void start() {
    server = OperatorHttpServer.start("127.0.0.1", 0, () -> "up 1\n", () -> true, () -> true);
    auditor = new Auditor(op.client(), Clock.systemUTC());
    dashboard = Dashboard.start(op.api().newClient(), auditor, Clock.systemUTC()).routeOn(server);
    await().atMost(Awaits.TIMEOUT).until(dashboard::synced);
  }

  @AfterEach
  void stop() {
    dashboard.close();
    server.close();
  }

  @Test
  void servesThePageWithAStrictContentSecurityPolicyNextToMetrics() throws Exception {
    HttpResponse<String> page = get("/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<h1>Stageline</h1>").contains("dashboard.js");
    assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
        csp -> assertThat(csp).contains("default-src 'none'").contains("script-src 'self'"));
    assertThat(get("/dashboard.js").headers().firstValue("Content-Type")).hasValueSatisfying(
        ct -> assertThat(ct).startsWith("text/javascript"));
    assertThat(get("/metrics").body()).isEqualTo("up 1\n");
    assertThat(get("/no-such-page").statusCode()).isEqualTo(404);
  }

  @Test
  void isReadOnly() throws Exception {
    for (String path : List.of("/", "/api/dashboard", "/api/events")) {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(path))
          .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(path).isEqualTo(405);
      assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }
  }

  @Test
  void snapshotComesFromTheCacheAndCostsNoApiRequestPerViewer() throws Exception {
    op.client().resource(DashboardFixtures.environment("development", Stage.development, null)).create();
    await().atMost(Awaits.TIMEOUT).until(() -> get("/api/dashboard").body().contains("\"development\""));

    long before = op.api().requestCount();
    for (int i = 0; i < 20; i++) {
      assertThat(get("/api/dashboard").body()).contains("\"synced\":true");
    }
    assertThat(op.api().requestCount()).isEqualTo(before);
  }

  @Test
  void pushesANewSnapshotWhenAnEnvironmentChangesOrADecisionIsAudited() throws Exception {
    List<String> events = new CopyOnWriteArrayList<>();
    HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(uri("/api/events")).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(
        ct -> assertThat(ct).startsWith("text/event-stream"));
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          if (line.startsWith("data: ")) {
            events.add(line);
          }
        }
      } catch (Exception e) {
        // stream closed at the end of the test
      }
    });
    reader.setDaemon(true);
    reader.start();
    await().atMost(Awaits.TIMEOUT).until(() -> events.size() == 1);

    Environment env = op.client().resource(DashboardFixtures.environment("staging", Stage.staging, null)).create();
    await().atMost(Awaits.TIMEOUT).until(() -> events.stream().anyMatch(e -> e.contains("\"staging\"")));

    auditor.success(env, "Provision", "Provisioned", "namespace shop-staging provisioned");
    await().atMost(Awaits.TIMEOUT).until(() -> events.stream().anyMatch(e -> e.contains("Provisioned")));
    stream.body().close();
  }

  @Test
  void aPromotionWithNoGatesIntoAProductionThatRequiresApprovalsShowsThemMissing() throws Exception {
    Environment production = DashboardFixtures.environment("production", Stage.production, null);
    production.getSpec().getPromotionPolicy().getRequiredGates().add(DashboardFixtures.approvalGate("final-approval", 2, "release-managers"));
    op.client().resource(production).create();
    op.client().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata().withName("shop-production").endMetadata().build()).create();
    var hotfix = DashboardFixtures.promotion("hotfix", "production", "1.5.1");
    hotfix.setStatus(null);
    op.client().resource(hotfix).create();

    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    com.fasterxml.jackson.databind.JsonNode approvals = await().atMost(Awaits.TIMEOUT).until(
        () -> json.readTree(get("/api/dashboard").body()).findPath("activePromotions").path(0).path("approvals"),
        a -> !a.isMissingNode());
    assertThat(approvals.path("required").asInt()).isEqualTo(2);
    assertThat(approvals.path("missing").asInt()).isEqualTo(2);
    assertThat(approvals.path("approvers").get(0).asText()).isEqualTo("Group:release-managers");
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }
}
