package io.stageline.delivery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code kubectl} binary against a kubeconfig, as a user would. */
final class Kubectl {
  static final Path BINARY = Path.of("/usr/bin/kubectl");

  private final Path kubeconfig;

  Kubectl(Path kubeconfig) {
    this.kubeconfig = kubeconfig;
  }

  static boolean installed() {
    return Files.isExecutable(BINARY);
  }

  Result run(String... args) {
    List<String> command = new ArrayList<>();
    command.add(BINARY.toString());
    command.addAll(List.of(args));
    return Exec.run(command, kubeconfig);
  }

  /** What a finished command printed and returned. */
  record Result(int exitCode, String stdout, String stderr) {
    boolean ok() {
      return exitCode == 0;
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
    }
  }

  /** Runs a process with KUBECONFIG set, a timeout, and both streams captured. */
  static final class Exec {
    private Exec() {}

    static Result run(List<String> command, Path kubeconfig) {
      try {
        Path out = Files.createTempFile("exec", ".out");
        Path err = Files.createTempFile("exec", ".err");
        ProcessBuilder pb = new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
        if (kubeconfig != null) {
          pb.environment().put("KUBECONFIG", kubeconfig.toAbsolutePath().toString());
        }
        pb.environment().put("HOME", Files.createTempDirectory("home").toString());
        Process process = pb.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new IllegalStateException("timed out: " + command);
        }
        Result result = new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        return result;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
