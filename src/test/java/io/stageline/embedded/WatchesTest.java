package io.stageline.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.stageline.testing.EmbeddedApi;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Watches as clients use them against the embedded API: kubectl's {@code get -w} and
 * {@code wait}, plain HTTP streams (chunked, as kube-apiserver sends them) and the fabric8
 * client's WebSocket watches.
 */
class WatchesTest {
  private static final Duration PATIENCE = Duration.ofSeconds(90);
  @RegisterExtension static final EmbeddedApi api = EmbeddedApi.started();
  static Kubectl kubectl;

  @BeforeAll
  static void start() {
    kubectl = new Kubectl(api.kubeconfig());
  }

  private static String namespace(String name) {
    api.admin().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
    return name;
  }

  private static ConfigMap configMap(String ns, String name, Map<String, String> labels) {
    return api.admin().configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName(name)
        .withLabels(labels).endMetadata().addToData("k", "v").build()).create();
  }

  @Test
  void kubectlGetWatchShowsAdditionsChangesAndDeletionsAsTheyHappen() {
    assumeTrue(Kubectl.installed(), "kubectl is not installed");
    String ns = namespace("get-watch");
    configMap(ns, "before", Map.of());
    try (Kubectl.Running watch = kubectl.start("get", "cm", "-n", ns, "-w", "--output-watch-events")) {
      await().atMost(PATIENCE).until(() -> watch.outSoFar().matches("(?s).*ADDED\\s+before.*"));
      configMap(ns, "after", Map.of());
      await().atMost(PATIENCE).until(() -> watch.outSoFar().matches("(?s).*ADDED\\s+after.*"));
      api.admin().configMaps().inNamespace(ns).withName("after").edit(cm -> {
        cm.getData().put("k", "changed");
        return cm;
      });
      await().atMost(PATIENCE).until(() -> watch.outSoFar().matches("(?s).*MODIFIED\\s+after.*"));
      api.admin().configMaps().inNamespace(ns).withName("after").delete();
      await().atMost(PATIENCE).until(() -> watch.outSoFar().matches("(?s).*DELETED\\s+after.*"));
      assertThat(watch.process().isAlive()).as("the watch stays open").isTrue();
      assertThat(watch.errSoFar()).isEmpty();
    }
  }

  @Test
  void kubectlWaitForAConditionReturnsWhenItBecomesTrueWithoutFallingBackToPolling() {
    assumeTrue(Kubectl.installed(), "kubectl is not installed");
    kubectl.okWithInput("""
        apiVersion: stageline.io/v1alpha1
        kind: Environment
        metadata:
          name: watched-ready
        spec:
          stage: development
        """, "apply", "-f", "-");
    int watchesBefore = api.server().objects().openWatches();
    try (Kubectl.Running wait = kubectl.start("wait", "env/watched-ready", "--for=condition=Ready", "--timeout=120s")) {
      await().atMost(PATIENCE).until(() -> api.server().objects().openWatches() > watchesBefore);
      kubectl.ok("patch", "env", "watched-ready", "--subresource=status", "--type", "merge", "-p",
          "{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\",\"reason\":\"Provisioned\"}]}}");
      Kubectl.Result result = wait.finish();
      assertThat(result.exitCode()).as(result.all()).isZero();
      assertThat(result.out()).contains("environment.stageline.io/watched-ready condition met");
      assertThat(result.err()).as("no warnings such as 'very short watch'").isEmpty();
    }
  }

  @Test
  void kubectlWaitForDeleteReturnsWhenTheLastFinalizerGoes() {
    assumeTrue(Kubectl.installed(), "kubectl is not installed");
    String ns = namespace("wait-delete");
    api.admin().configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("held")
        .withFinalizers("example.com/hold").endMetadata().build()).create();
    kubectl.ok("delete", "cm", "held", "-n", ns, "--wait=false");
    int watchesBefore = api.server().objects().openWatches();
    try (Kubectl.Running wait = kubectl.start("wait", "cm/held", "-n", ns, "--for=delete", "--timeout=120s")) {
      await().atMost(PATIENCE).until(() -> api.server().objects().openWatches() > watchesBefore);
      api.admin().configMaps().inNamespace(ns).withName("held").edit(cm -> {
        cm.getMetadata().setFinalizers(null);
        return cm;
      });
      Kubectl.Result result = wait.finish();
      assertThat(result.exitCode()).as(result.all()).isZero();
      assertThat(result.out()).contains("configmap/held condition met");
      assertThat(result.err()).isEmpty();
    }
  }

  @Test
  void anHttpWatchStreamsEventsInOrderWithGrowingVersionsFilteredBySetBasedSelectors() throws Exception {
    String ns = namespace("http-watch");
    String listVersion = api.admin().configMaps().inNamespace(ns).list().getMetadata().getResourceVersion();
    String selector = URLEncoder.encode("tier in (web,api),!legacy", StandardCharsets.UTF_8);
    try (Stream stream = Stream.open("/api/v1/namespaces/" + ns + "/configmaps?watch=1&labelSelector=" + selector
        + "&resourceVersion=" + listVersion)) {
      configMap(ns, "web", Map.of("tier", "web"));
      configMap(ns, "db", Map.of("tier", "db"));
      api.admin().configMaps().inNamespace(ns).withName("web").edit(cm -> {
        cm.getMetadata().getLabels().put("legacy", "true");
        return cm;
      });
      api.admin().configMaps().inNamespace(ns).withName("db").edit(cm -> {
        cm.getMetadata().getLabels().put("tier", "api");
        return cm;
      });
      api.admin().configMaps().inNamespace(ns).withName("db").delete();

      List<JsonNode> events = stream.next(4);
      assertThat(events).extracting(e -> e.path("type").asText() + " " + e.at("/object/metadata/name").asText())
          .containsExactly("ADDED web", "DELETED web", "ADDED db", "DELETED db");
      List<Long> versions = events.stream().map(e -> e.at("/object/metadata/resourceVersion").asLong()).toList();
      assertThat(versions).isSorted().doesNotHaveDuplicates();
      assertThat(versions.get(0)).isGreaterThan(Long.parseLong(listVersion));
    }
  }

  @Test
  void aWatchWithoutAVersionStartsWithTheCurrentObjectsAndEndsAfterItsTimeout() throws Exception {
    String ns = namespace("timed-watch");
    configMap(ns, "present", Map.of());
    try (Stream stream = Stream.open("/api/v1/namespaces/" + ns + "/configmaps?watch=true&timeoutSeconds=1")) {
      assertThat(stream.next(1)).extracting(e -> e.path("type").asText() + " " + e.at("/object/metadata/name")
          .asText()).containsExactly("ADDED present");
      stream.awaitEnd();
    }
  }

  @Test
  void aWatchWithoutAVersionSendsEveryObjectOfALargeCollection() throws Exception {
    String ns = namespace("large-watch");
    String kilobyte = "x".repeat(1024);
    for (int i = 0; i < 400; i++) {
      api.admin().configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("cm-" + i)
          .endMetadata().addToData("payload", kilobyte).build()).create();
    }
    try (Stream stream = Stream.open("/api/v1/namespaces/" + ns + "/configmaps?watch=true")) {
      assertThat(stream.next(400)).extracting(e -> e.path("type").asText()).containsOnly("ADDED");
    }
    List<String> seen = new CopyOnWriteArrayList<>();
    Watch watch = api.admin().configMaps().inNamespace(ns).watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, ConfigMap resource) {
        seen.add(resource.getMetadata().getName());
      }

      @Override
      public void onClose(WatcherException cause) {
        // closed by the test
      }
    });
    try {
      await().atMost(PATIENCE).until(() -> seen.size() >= 400);
      assertThat(seen).doesNotHaveDuplicates().hasSize(400);
    } finally {
      watch.close();
    }
  }

  @Test
  void initialEventsEndWithABookmarkWhenTheClientAsksForThem() throws Exception {
    String ns = namespace("watch-list");
    configMap(ns, "one", Map.of());
    configMap(ns, "two", Map.of());
    try (Stream stream = Stream.open("/api/v1/namespaces/" + ns + "/configmaps?watch=true&allowWatchBookmarks=true"
        + "&sendInitialEvents=true&resourceVersionMatch=NotOlderThan")) {
      List<JsonNode> events = stream.next(3);
      assertThat(events).extracting(e -> e.path("type").asText())
          .containsExactly("ADDED", "ADDED", "BOOKMARK");
      assertThat(events.get(2).at("/object/metadata/annotations/k8s.io~1initial-events-end").asText())
          .isEqualTo("true");
      assertThat(events.get(2).at("/object/metadata/resourceVersion").asLong())
          .isGreaterThanOrEqualTo(events.get(1).at("/object/metadata/resourceVersion").asLong());
    }
  }

  @Test
  void aListAtAnExactPastVersionShowsTheObjectsAsTheyWereThen() throws Exception {
    String ns = namespace("exact-list");
    configMap(ns, "early", Map.of());
    String then = api.admin().configMaps().inNamespace(ns).list().getMetadata().getResourceVersion();
    configMap(ns, "late", Map.of());
    api.admin().configMaps().inNamespace(ns).withName("early").delete();

    JsonNode past = get("/api/v1/namespaces/" + ns + "/configmaps?resourceVersion=" + then
        + "&resourceVersionMatch=Exact");
    assertThat(past.findValuesAsText("name")).containsExactly("early");
    assertThat(past.at("/metadata/resourceVersion").asText()).isEqualTo(then);
    JsonNode now = get("/api/v1/namespaces/" + ns + "/configmaps?resourceVersion=" + then
        + "&resourceVersionMatch=NotOlderThan");
    assertThat(now.findValuesAsText("name")).containsExactly("late");
    JsonNode future = get("/api/v1/namespaces/" + ns + "/configmaps?resourceVersion=999999999");
    assertThat(future.path("code").asInt()).isEqualTo(504);
  }

  @Test
  void fabric8WatchesSeeAdditionsChangesAndDeletionsOfTheirSelectionOnce() {
    String ns = namespace("fabric8-watch");
    List<String> seen = new CopyOnWriteArrayList<>();
    Watch watch = api.admin().configMaps().inNamespace(ns).withLabel("app", "shop").watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, ConfigMap resource) {
        seen.add(action + " " + resource.getMetadata().getName());
      }

      @Override
      public void onClose(WatcherException cause) {
        // closed by the test
      }
    });
    try {
      configMap(ns, "cart", Map.of("app", "shop"));
      configMap(ns, "other", Map.of("app", "blog"));
      api.admin().configMaps().inNamespace(ns).withName("cart").edit(cm -> {
        cm.getData().put("k", "w");
        return cm;
      });
      api.admin().configMaps().inNamespace(ns).withName("cart").delete();
      await().atMost(PATIENCE).until(() -> seen.size() >= 3);
      assertThat(seen).containsExactly("ADDED cart", "MODIFIED cart", "DELETED cart");
    } finally {
      watch.close();
    }
  }

  private static JsonNode get(String path) throws Exception {
    HttpResponse<String> response = ApiHttp.client(api.server()).send(ApiHttp.asAdmin(api.server(), path).build(),
        HttpResponse.BodyHandlers.ofString());
    return Json.MAPPER.readTree(response.body());
  }

  /** A plain HTTP watch read line by line on its own thread. */
  private static final class Stream implements AutoCloseable {
    private static final JsonNode END = Json.object();
    private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    private final Thread reader;

    private Stream(HttpResponse<java.util.stream.Stream<String>> response) {
      assertThat(response.statusCode()).isEqualTo(200);
      reader = new Thread(() -> {
        try {
          response.body().forEach(line -> {
            try {
              events.add(Json.MAPPER.readTree(line));
            } catch (Exception e) {
              throw new IllegalStateException(line, e);
            }
          });
        } catch (RuntimeException closed) {
          // the test closed the stream
        }
        events.add(END);
      });
      reader.setDaemon(true);
      reader.start();
    }

    static Stream open(String path) throws Exception {
      return new Stream(ApiHttp.client(api.server()).send(ApiHttp.asAdmin(api.server(), path).build(),
          HttpResponse.BodyHandlers.ofLines()));
    }

    List<JsonNode> next(int count) throws InterruptedException {
      List<JsonNode> received = new ArrayList<>();
      while (received.size() < count) {
        JsonNode event = events.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertThat(event).as("event %d of %d (got %s)", received.size() + 1, count, received).isNotNull()
            .isNotSameAs(END);
        received.add(event);
      }
      return received;
    }

    void awaitEnd() throws InterruptedException {
      JsonNode event = events.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS);
      assertThat(event).as("the stream ends").isSameAs(END);
    }

    @Override
    public void close() {
      reader.interrupt();
    }
  }
}
