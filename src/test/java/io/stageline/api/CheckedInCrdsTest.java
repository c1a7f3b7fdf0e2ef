package io.stageline.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The CRDs in crds/ are what the build generates from the model, so users install the real API. */
class CheckedInCrdsTest {

  @ParameterizedTest
  @ValueSource(strings = {"environments", "promotions", "accesspolicies"})
  void checkedInCrdMatchesTheModel(String plural) throws IOException {
    String file = plural + ".stageline.io-v1.yml";
    String generated = Files.readString(Path.of("target/classes/META-INF/fabric8", file));
    String checkedIn = Files.readString(Path.of("crds", file));
    assertThat(checkedIn)
        .as("crds/%s is out of date: run `mvn process-classes && cp target/classes/META-INF/fabric8/*.yml crds/`", file)
        .isEqualTo(generated);
  }
}
