package io.stageline.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.embedded.store.SqlitePersistence;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import io.stageline.testing.Awaits;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lists are served in chunks with {@code limit} and {@code continue}, as kubectl and client-go page them. */
class ListPaginationTest {
  @TempDir
  Path state;

  private static void configMaps(KubernetesClient client, String ns, int count) {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
    for (int i = 0; i < count; i++) {
      client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata()
          .withName(String.format("cm-%02d", i)).withLabels(Map.of("parity", i % 2 == 0 ? "even" : "odd"))
          .endMetadata().build()).create();
    }
  }

  private static ConfigMapList page(KubernetesClient client, String ns, long limit, String token, String selector) {
    return client.configMaps().inNamespace(ns).list(new ListOptionsBuilder().withLimit(limit).withContinue(token)
        .withLabelSelector(selector).build());
  }

  private static List<String> names(List<ConfigMap> items) {
    return items.stream().map(cm -> cm.getMetadata().getName()).toList();
  }

  @Test
  void chunksFollowEachOtherInNameOrderWithRemainingCountsAndShowTheStateOfTheFirstChunk() {
    try (EmbeddedApiServer api = EmbeddedApiServer.start(0); KubernetesClient client = api.newClient()) {
      configMaps(client, "paged", 5);
      ConfigMapList first = page(client, "paged", 2, null, null);
      assertThat(names(first.getItems())).containsExactly("cm-00", "cm-01");
      assertThat(first.getMetadata().getRemainingItemCount()).isEqualTo(3L);
      assertThat(first.getMetadata().getContinue()).isNotEmpty();

      // changes after the first chunk are not seen by the rest of the list: one consistent state
      client.configMaps().inNamespace("paged").withName("cm-03").delete();
      client.configMaps().inNamespace("paged").resource(new ConfigMapBuilder().withNewMetadata().withName("cm-99")
          .endMetadata().build()).create();

      ConfigMapList second = page(client, "paged", 2, first.getMetadata().getContinue(), null);
      assertThat(names(second.getItems())).containsExactly("cm-02", "cm-03");
      assertThat(second.getMetadata().getResourceVersion()).isEqualTo(first.getMetadata().getResourceVersion());
      assertThat(second.getMetadata().getRemainingItemCount()).isEqualTo(1L);
      ConfigMapList last = page(client, "paged", 2, second.getMetadata().getContinue(), null);
      assertThat(names(last.getItems())).containsExactly("cm-04");
      assertThat(last.getMetadata().getContinue()).isNullOrEmpty();
      assertThat(last.getMetadata().getRemainingItemCount()).isNull();

      assertThat(names(client.configMaps().inNamespace("paged").list().getItems()))
          .as("a list without a limit is whole and current").containsExactly("cm-00", "cm-01", "cm-02", "cm-04",
              "cm-99");
    }
  }

  @Test
  void aSelectiveListFillsEachChunkWithMatchesAndGivesNoRemainingCount() {
    try (EmbeddedApiServer api = EmbeddedApiServer.start(0); KubernetesClient client = api.newClient()) {
      configMaps(client, "selected", 7);
      List<String> seen = new ArrayList<>();
      String token = null;
      int chunks = 0;
      do {
        ConfigMapList chunk = page(client, "selected", 2, token, "parity=even");
        assertThat(chunk.getMetadata().getRemainingItemCount()).isNull();
        seen.addAll(names(chunk.getItems()));
        token = chunk.getMetadata().getContinue();
        chunks++;
      } while (token != null && !token.isEmpty());
      assertThat(seen).containsExactly("cm-00", "cm-02", "cm-04", "cm-06");
      assertThat(chunks).isEqualTo(2);
    }
  }

  @Test
  void theFabric8ClientsPagedListAndKubectlsChunkedGetSeeEveryObjectOnce() {
    try (EmbeddedApiServer api = EmbeddedApiServer.start(0); KubernetesClient client = api.newClient()) {
      configMaps(client, "walked", 11);
      // the informer lists in chunks of three before it watches
      try (var informer = client.configMaps().inNamespace("walked").withLimit(3L).inform()) {
        await().atMost(Awaits.TIMEOUT).until(() -> informer.getStore().list().size() == 11);
        assertThat(informer.getStore().listKeys()).hasSize(11).doesNotHaveDuplicates();
      }

      assumeTrue(Kubectl.installed(), "kubectl is not installed");
      Path kubeconfig = state.resolve("kubeconfig");
      api.writeKubeconfig(kubeconfig);
      Kubectl.Result result = new Kubectl(kubeconfig).run("get", "cm", "-n", "walked", "--chunk-size=4",
          "-o", "name", "-v=6");
      assertThat(result.exitCode()).as(result.all()).isZero();
      assertThat(result.out().lines().filter(l -> l.startsWith("configmap/cm-"))).hasSize(11).doesNotHaveDuplicates();
      assertThat(result.err()).as("kubectl fetched the list in chunks").contains("configmaps?continue=");
    }
  }

  @Test
  void aContinueTokenOlderThanTheHistoryIsExpiredWithATokenToContinueInconsistently() throws Exception {
    String token;
    try (EmbeddedApiServer api = EmbeddedApiServer.start(0, SqlitePersistence.open(state, false));
        KubernetesClient client = api.newClient()) {
      configMaps(client, "expiring", 4);
      token = page(client, "expiring", 2, null, null).getMetadata().getContinue();
      client.configMaps().inNamespace("expiring").withName("cm-03").edit(cm -> {
        cm.setData(Map.of("changed", "after the first chunk"));
        return cm;
      });
    }
    // a restart starts a new history, as an etcd compaction does
    try (EmbeddedApiServer api = EmbeddedApiServer.start(0, SqlitePersistence.open(state, false))) {
      HttpResponse<String> expired = get(api, "/api/v1/namespaces/expiring/configmaps?limit=2&continue="
          + URLEncoder.encode(token, StandardCharsets.UTF_8));
      assertThat(expired.statusCode()).isEqualTo(410);
      JsonNode status = Json.parse(expired.body());
      assertThat(status.path("reason").asText()).isEqualTo("Expired");
      assertThat(status.path("message").asText()).startsWith("The provided continue parameter is too old");
      String inconsistent = status.path("metadata").path("continue").asText();
      assertThat(inconsistent).isNotEmpty();

      JsonNode rest = Json.parse(get(api, "/api/v1/namespaces/expiring/configmaps?limit=2&continue="
          + URLEncoder.encode(inconsistent, StandardCharsets.UTF_8)).body());
      assertThat(rest.path("items").findValuesAsText("name")).containsExactly("cm-02", "cm-03");
      assertThat(rest.path("items").get(1).path("data").path("changed").asText())
          .as("continued from the newest state").isEqualTo("after the first chunk");
    }
  }

  @Test
  void aBrokenTokenOrATokenWithAResourceVersionIsABadRequest() throws Exception {
    try (EmbeddedApiServer api = EmbeddedApiServer.start(0); KubernetesClient client = api.newClient()) {
      configMaps(client, "bad", 3);
      String token = page(client, "bad", 1, null, null).getMetadata().getContinue();
      HttpResponse<String> broken = get(api, "/api/v1/namespaces/bad/configmaps?limit=1&continue=not-a-token");
      assertThat(broken.statusCode()).isEqualTo(400);
      assertThat(Json.parse(broken.body()).path("message").asText()).startsWith("invalid continue token");
      HttpResponse<String> withVersion = get(api, "/api/v1/namespaces/bad/configmaps?limit=1&resourceVersion=5&continue="
          + URLEncoder.encode(token, StandardCharsets.UTF_8));
      assertThat(withVersion.statusCode()).isEqualTo(400);
      assertThat(Json.parse(withVersion.body()).path("message").asText())
          .isEqualTo("specifying resource version is not allowed when using continue");
    }
  }

  private static HttpResponse<String> get(EmbeddedApiServer api, String path) throws Exception {
    return ApiHttp.client(api).send(ApiHttp.asAdmin(api, path).GET().build(), HttpResponse.BodyHandlers.ofString());
  }
}
