package io.stageline.masking.db;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster for tests: initdb in a temporary directory, started by pg_ctl on a
 * free loopback port, trust authentication for one user, stopped and deleted by {@link #close()}.
 * PostgreSQL refuses to run as root, so under root (as in CI) every command runs as the
 * {@code postgres} user the Debian package creates. A server that cannot start fails the test with
 * the server's log: the tests need the real thing and must not pass without it.
 */
public final class PostgresServer implements AutoCloseable {
  public static final String USER = "stageline";
  private final Path bin;
  private final Path dir;
  private final int port;
  private final boolean asPostgresUser;

  private PostgresServer(Path bin, Path dir, int port, boolean asPostgresUser) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
    this.asPostgresUser = asPostgresUser;
  }

  public static PostgresServer start() throws IOException, InterruptedException {
    Path bin = findBin();
    boolean root = "root".equals(System.getProperty("user.name"));
    Path dir = Files.createTempDirectory("stageline-pg");
    if (root) {
      run(List.of("chown", "postgres:", dir.toString()), false, dir);
    }
    int port = freePort();
    PostgresServer server = new PostgresServer(bin, dir, port, root);
    Path data = dir.resolve("data");
    server.pg(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "--auth=trust",
        "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"));
    try {
      server.pg(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("log").toString(),
          "-w", "-t", "120", "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start"));
    } catch (IllegalStateException e) {
      String log = Files.exists(dir.resolve("log")) ? Files.readString(dir.resolve("log")) : "(no log)";
      throw new IllegalStateException(e.getMessage() + "\nserver log:\n" + log, e);
    }
    return server;
  }

  public String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=" + USER;
  }

  public Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(url(database));
  }

  public void createDatabase(String name) throws SQLException {
    try (Connection c = connect("postgres"); Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    try {
      pg(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "-w",
          "stop"));
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private void pg(List<String> command) throws IOException, InterruptedException {
    run(command, asPostgresUser, dir);
  }

  private static void run(List<String> command, boolean asPostgres, Path dir) throws IOException, InterruptedException {
    List<String> full = new ArrayList<>();
    if (asPostgres) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(command);
    Process p = new ProcessBuilder(full).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException("PostgreSQL command failed: " + String.join(" ", full) + "\n" + output);
    }
  }

  /** The newest PostgreSQL server binaries under /usr/lib/postgresql; fails saying what is missing. */
  public static Path findBin() throws IOException {
    Path root = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(root)) {
      throw new IllegalStateException("PostgreSQL is not installed (no /usr/lib/postgresql): install the Debian "
          + "package postgresql, as .ci/run does");
    }
    try (Stream<Path> versions = Files.list(root)) {
      return versions.map(v -> v.resolve("bin"))
          .filter(b -> Files.isExecutable(b.resolve("initdb")))
          .max(Comparator.comparingInt(b -> Integer.parseInt(b.getParent().getFileName().toString().replaceAll("\\D", "0"))))
          .orElseThrow(() -> new IllegalStateException("no initdb under /usr/lib/postgresql/*/bin"));
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
