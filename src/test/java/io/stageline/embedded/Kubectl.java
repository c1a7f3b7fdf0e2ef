package io.stageline.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code kubectl} binary against an embedded API through its kubeconfig. */
final class Kubectl {
  record Result(int exitCode, String out, String err) {
    String all() {
      return out + err;
    }
  }

  private final Path kubeconfig;

  Kubectl(Path kubeconfig) {
    this.kubeconfig = kubeconfig;
  }

  static boolean installed() {
    return Files.isExecutable(Path.of("/usr/bin/kubectl")) || onPath();
  }

  private static boolean onPath() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir, "kubectl"))) {
        return true;
      }
    }
    return false;
  }

  Result run(String... args) {
    return runWithInput(null, args);
  }

  /** Starts kubectl without waiting for it (a watch, a wait); its output goes to files. */
  Running start(String... args) {
    List<String> command = new ArrayList<>();
    command.add("kubectl");
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    builder.environment().put("HOME", kubeconfig.getParent().toString());
    try {
      Path out = Files.createTempFile(kubeconfig.getParent(), "out", ".txt");
      Path err = Files.createTempFile(kubeconfig.getParent(), "err", ".txt");
      builder.redirectOutput(out.toFile()).redirectError(err.toFile());
      Process process = builder.start();
      process.getOutputStream().close();
      return new Running(process, out, err);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A kubectl process that runs on: its output so far, its end. */
  record Running(Process process, Path out, Path err) implements AutoCloseable {
    String outSoFar() {
      return read(out);
    }

    String errSoFar() {
      return read(err);
    }

    /** Waits for kubectl to end (generously: the machine is shared) and returns its result. */
    Result finish() {
      try {
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new AssertionError("kubectl did not finish in 120s: " + outSoFar() + errSoFar());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      return new Result(process.exitValue(), outSoFar(), errSoFar());
    }

    private static String read(Path file) {
      try {
        return Files.readString(file);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void close() {
      process.destroyForcibly();
    }
  }

  /** Runs kubectl with {@code stdin} as its standard input (for {@code -f -}). */
  Result runWithInput(String stdin, String... args) {
    List<String> command = new ArrayList<>();
    command.add("kubectl");
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    builder.environment().put("HOME", kubeconfig.getParent().toString());
    try {
      Path out = Files.createTempFile(kubeconfig.getParent(), "out", ".txt");
      Path err = Files.createTempFile(kubeconfig.getParent(), "err", ".txt");
      builder.redirectOutput(out.toFile()).redirectError(err.toFile());
      Process process = builder.start();
      try (var in = process.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish in 60s");
      }
      return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Runs kubectl and fails the test unless it succeeds; returns its standard output. */
  String ok(String... args) {
    Result result = run(args);
    if (result.exitCode() != 0) {
      throw new AssertionError("kubectl " + String.join(" ", args) + " failed (" + result.exitCode() + "):\n"
          + result.all());
    }
    return result.out();
  }

  String okWithInput(String stdin, String... args) {
    Result result = runWithInput(stdin, args);
    if (result.exitCode() != 0) {
      throw new AssertionError("kubectl " + String.join(" ", args) + " failed (" + result.exitCode() + "):\n"
          + result.all());
    }
    return result.out();
  }
}
