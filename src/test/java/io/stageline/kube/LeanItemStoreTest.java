package io.stageline.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.FieldsV1;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeanItemStoreTest {
  private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  private static ConfigMap asTheServerSendsIt(String resourceVersion, String value) {
    FieldsV1 fields = new FieldsV1();
    fields.setAdditionalProperty("f:data", Map.of("f:key", Map.of()));
    return new ConfigMapBuilder()
        .withNewMetadata().withName("settings").withNamespace("team-a").withResourceVersion(resourceVersion)
        .withLabels(Map.of("app.kubernetes.io/managed-by", "stageline"))
        .withAnnotations(Map.of(LAST_APPLIED, "{\"data\":{\"key\":\"" + value + "\"}}"))
        .withManagedFields(new ManagedFieldsEntryBuilder().withManager("kubectl").withOperation("Update")
            .withApiVersion("v1").withFieldsType("FieldsV1").withFieldsV1(fields).build())
        .endMetadata()
        .withData(Map.of("key", value))
        .build();
  }

  @Test
  void keepsEachObjectWithoutManagedFieldsAndWithEverythingElseTheServerSent() {
    LeanItemStore<ConfigMap> store = new LeanItemStore<>();
    ConfigMap sent = asTheServerSendsIt("41", "one");
    ConfigMap expected = asTheServerSendsIt("41", "one");
    expected.getMetadata().setManagedFields(null);

    String key = store.getKey(sent);
    store.put(key, sent);

    assertThat(key).isEqualTo("team-a/settings");
    ConfigMap kept = store.get(key);
    assertThat(kept.getMetadata().getManagedFields()).isNull();
    assertThat(kept).as("resourceVersion, labels, last-applied annotation and data as sent").isEqualTo(expected);
  }

  @Test
  void anUpdateReplacesTheObjectAndAnswersThePreviousOneBothWithoutManagedFields() {
    LeanItemStore<ConfigMap> store = new LeanItemStore<>();
    ConfigMap first = asTheServerSendsIt("41", "one");
    store.put(store.getKey(first), first);

    ConfigMap second = asTheServerSendsIt("42", "two");
    ConfigMap previous = store.put(store.getKey(second), second);

    // fabric8 hands these two to the event handlers as the update's old and new object
    assertThat(previous.getMetadata().getResourceVersion()).isEqualTo("41");
    assertThat(previous.getMetadata().getManagedFields()).isNull();
    assertThat(second.getMetadata().getManagedFields()).isNull();
    assertThat(store.get("team-a/settings").getData()).containsEntry("key", "two");
    assertThat(store.size()).isEqualTo(1);
  }
}
