package io.stageline.delivery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Prometheus' own checker, from the Debian package {@code prometheus} (.ci/run installs it). */
final class Promtool {
  static final Path BINARY = Path.of("/usr/bin/promtool");

  private Promtool() {}

  static boolean installed() {
    return Files.isExecutable(BINARY);
  }

  static Kubectl.Result checkRules(Path file) {
    return Kubectl.Exec.run(List.of(BINARY.toString(), "check", "rules", file.toString()), null);
  }

  static Kubectl.Result testRules(Path file) {
    return Kubectl.Exec.run(List.of(BINARY.toString(), "test", "rules", file.toString()), null);
  }

  /** {@code promtool check metrics} reads the exposition from standard input. */
  static Kubectl.Result checkMetrics(String exposition) {
    try {
      Path file = Files.createTempFile("metrics", ".txt");
      Files.writeString(file, exposition);
      Kubectl.Result result = Kubectl.Exec.run(List.of("/bin/sh", "-c",
          BINARY + " check metrics < '" + file + "'"), null);
      Files.deleteIfExists(file);
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
