package io.stageline.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official Kubernetes Python client (Debian's python3-kubernetes, installed by .ci/run) lists,
 * creates, patches and watches through the embedded API, with the typed and the dynamic client.
 */
class PythonClientTest {

  @Test
  void thePythonClientListsCreatesPatchesAndWatchesEveryChangeOnceInOrder(@TempDir Path dir) throws Exception {
    String python = python();
    assumeTrue(python != null, "python3-kubernetes is not installed");
    Path script = dir.resolve("client_check.py");
    try (InputStream in = PythonClientTest.class.getResourceAsStream("/python/client_check.py")) {
      Files.copy(in, script);
    }
    try (EmbeddedApiServer api = EmbeddedApiServer.start(0)) {
      Path kubeconfig = dir.resolve("kubeconfig");
      api.writeKubeconfig(kubeconfig);
      JsonNode result = Json.MAPPER.readTree(run(dir, python, script.toString(), kubeconfig.toString(), "py"));

      assertThat(result.path("namespaces").toString()).contains("\"py\"");
      assertThat(result.path("patched").asText()).isEqualTo("fast");
      List<String> events = new ArrayList<>();
      List<Long> versions = new ArrayList<>();
      result.path("watch").forEach(e -> {
        events.add(e.get(0).asText() + " " + e.get(1).asText());
        versions.add(e.get(2).asLong());
      });
      assertThat(events).containsExactly("ADDED watched", "MODIFIED watched", "DELETED watched");
      assertThat(versions).isSorted().doesNotHaveDuplicates();
      List<String> dynamicEvents = new ArrayList<>();
      result.path("dynamic_watch").forEach(e -> dynamicEvents.add(e.get(0).asText() + " " + e.get(1).asText()));
      assertThat(dynamicEvents).containsExactly("ADDED py-env", "DELETED py-env");
    }
  }

  /** The Python that has the client: Debian's (another python3 may come first on the PATH). */
  private static String python() {
    for (String candidate : List.of("/usr/bin/python3", "python3")) {
      try {
        if (new ProcessBuilder(candidate, "-c", "import kubernetes").start().waitFor() == 0) {
          return candidate;
        }
      } catch (Exception e) {
        // not this one
      }
    }
    return null;
  }

  private static String run(Path dir, String... command) throws Exception {
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process process = new ProcessBuilder(command).directory(dir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!process.waitFor(180, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the Python client did not finish in 180s: " + Files.readString(err));
    }
    assertThat(process.exitValue()).as(Files.readString(err)).isZero();
    return Files.readString(out);
  }
}
