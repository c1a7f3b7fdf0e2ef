package io.stageline.embedded.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The store's resource versions and retained history, as a watch or an exact list sees them. */
class ObjectStoreTest {
  private static final String CONFIGMAPS = "/configmaps";

  private static ObjectNode configMap(String name, String value) {
    ObjectNode object = JsonNodeFactory.instance.objectNode().put("apiVersion", "v1").put("kind", "ConfigMap");
    object.putObject("metadata").put("name", name).put("namespace", "ns");
    object.putObject("data").put("k", value);
    return object;
  }

  private static ObjectKey key(String name) {
    return new ObjectKey(CONFIGMAPS, "ns", name);
  }

  @Test
  void versionsOlderThanTheRetainedHistoryExpireForWatchesAndExactLists() {
    ObjectStore store = ObjectStore.withHistory(3);
    store.create(key("a"), configMap("a", "1"));
    long afterFirst = store.resourceVersion();
    for (int i = 2; i <= 5; i++) {
      store.update(key("a"), configMap("a", Integer.toString(i)));
    }

    assertThatThrownBy(() -> store.watch(CONFIGMAPS, "ns", o -> true, afterFirst, (type, object) -> true))
        .isInstanceOf(TooOldResourceVersion.class);
    assertThatThrownBy(() -> store.listAt(CONFIGMAPS, "ns", afterFirst)).isInstanceOf(TooOldResourceVersion.class);

    long recent = store.resourceVersion() - 2;
    List<String> seen = new ArrayList<>();
    store.watch(CONFIGMAPS, "ns", o -> true, recent, (type, object) -> seen.add(type + " " + object.at("/data/k")
        .asText()));
    assertThat(seen).containsExactly("MODIFIED 4", "MODIFIED 5");
    assertThat(store.listAt(CONFIGMAPS, "ns", recent).items()).extracting(o -> o.at("/data/k").asText())
        .containsExactly("3");
  }

  @Test
  void anUnchangedUpdateKeepsItsVersionAndAStaleOneIsRefused() {
    ObjectStore store = ObjectStore.inMemory();
    ObjectNode created = store.create(key("a"), configMap("a", "1"));
    long version = store.resourceVersion();

    ObjectNode same = store.update(key("a"), created);
    assertThat(same.at("/metadata/resourceVersion").asText()).isEqualTo(Long.toString(version));
    assertThat(store.resourceVersion()).isEqualTo(version);

    store.update(key("a"), configMap("a", "2"));
    assertThatThrownBy(() -> store.update(key("a"), created)).isInstanceOfSatisfying(StoreConflict.class,
        e -> assertThat(e.kind()).isEqualTo(StoreConflict.Kind.STALE));
  }
}
