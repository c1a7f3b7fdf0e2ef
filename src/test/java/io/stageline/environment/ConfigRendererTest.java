package io.stageline.environment;

import io.stageline.api.v1alpha1.EnvironmentConditions;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.stageline.api.v1alpha1.ConfigSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The renderer alone: layering, collisions, keys, size and the content hash, no cluster. */
class ConfigRendererTest {
  private final ConfigRenderer renderer = new ConfigRenderer();

  private static ConfigMap source(String name, String resourceVersion, Map<String, String> data) {
    return new ConfigMapBuilder().withNewMetadata().withName(name).withResourceVersion(resourceVersion).endMetadata()
        .withData(data).build();
  }

  private static ConfigSpec spec(List<String> sources, Map<String, String> inline, ConfigSpec.CollisionPolicy policy) {
    ConfigSpec spec = new ConfigSpec();
    List<ConfigSpec.Source> list = new ArrayList<>();
    for (String name : sources) {
      ConfigSpec.Source s = new ConfigSpec.Source();
      s.setName(name);
      list.add(s);
    }
    spec.setSources(list);
    spec.setData(inline);
    spec.setOnCollision(policy);
    return spec;
  }

  private static final Map<String, ConfigMap> SOURCES = Map.of(
      "base", source("base", "7", Map.of("LOG_LEVEL", "info", "DB_HOST", "db")),
      "stage", source("stage", "9", Map.of("LOG_LEVEL", "debug")));

  @Test
  void laterLayersWinAndInlineDataWinsLast() {
    ConfigRenderer.Rendered r = renderer.render(spec(List.of("base", "stage"), Map.of("DB_HOST", "db-test"), null), SOURCES::get);
    assertThat(r.problem()).isNull();
    assertThat(r.data()).containsExactlyInAnyOrderEntriesOf(Map.of("LOG_LEVEL", "debug", "DB_HOST", "db-test"));
    assertThat(r.sources()).containsExactly("base@7", "stage@9");
  }

  @Test
  void rejectRefusesAKeySetTwiceNamingBothPlaces() {
    ConfigRenderer.Rendered r = renderer.render(spec(List.of("base", "stage"), Map.of(), ConfigSpec.CollisionPolicy.Reject), SOURCES::get);
    assertThat(r.problem().reason()).isEqualTo("KeyCollision");
    assertThat(r.problem().message()).contains("LOG_LEVEL", "ConfigMap base", "ConfigMap stage");
  }

  @Test
  void aMissingSourceIsReported() {
    ConfigRenderer.Rendered r = renderer.render(spec(List.of("absent"), Map.of(), null), SOURCES::get);
    assertThat(r.problem().reason()).isEqualTo("SourceNotFound");
    assertThat(r.problem().conditionType()).isEqualTo(EnvironmentConditions.Type.CONFIG_READY);
  }

  @Test
  void anInvalidKeyAndAnOversizedRenderingAreRefused() {
    assertThat(renderer.render(spec(List.of(), Map.of("not a key", "x"), null), SOURCES::get).problem().reason())
        .isEqualTo("InvalidKey");
    assertThat(renderer.render(spec(List.of(), Map.of("BIG", "x".repeat(ConfigRenderer.MAX_BYTES)), null), SOURCES::get)
        .problem().reason()).isEqualTo("ConfigTooLarge");
  }

  @Test
  void theHashFollowsContentOnlyAndSeparatesKeysFromValues() {
    assertThat(ConfigRenderer.hash(Map.of("a", "1", "b", "2"))).isEqualTo(ConfigRenderer.hash(Map.of("b", "2", "a", "1")));
    assertThat(ConfigRenderer.hash(Map.of("ab", "c"))).isNotEqualTo(ConfigRenderer.hash(Map.of("a", "bc")));
    assertThat(ConfigRenderer.hash(Map.of("a", "1"))).isNotEqualTo(ConfigRenderer.hash(Map.of("a", "2")));
  }
}
