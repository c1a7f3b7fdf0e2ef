package io.stageline.embedded.defaults;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Canonical forms as apimachinery's resource.Quantity writes them (values checked against kube-apiserver). */
class QuantitiesTest {
  @ParameterizedTest(name = "{0} is stored as {1}")
  @CsvSource({
      "1000m, 1", "1024Mi, 1Gi", "0.5, 500m", "1.5Gi, 1536Mi", "100m, 100m", "128Mi, 128Mi", "4, 4",
      "1000, 1k", "1500, 1500", "1.5k, 1500", "1e3, 1e3", "1E3, 1e3", "2Ki, 2Ki", "1000Ki, 1000Ki",
      "0.5Ki, 512", "0, 0", "0Gi, 0", "+2, 2", "-1500m, -1500m", "0.0000000001, 1n", "1.1m, 1100u",
      "2048, 2048", "1G, 1G", "1000M, 1G", "0.1Gi, 107374182400m", ".5, 500m", "1E, 1E", "12e-1, 1200e-3"})
  void canonicalFormIsWhatTheServerStores(String input, String stored) {
    assertThat(Quantities.canonical(input)).contains(stored);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "abc", "1.2.3", "1Qi", "1 Gi", "Mi", ".", "1e"})
  void notAQuantityIsRefused(String input) {
    assertThat(Quantities.canonical(input)).isEmpty();
  }
}
