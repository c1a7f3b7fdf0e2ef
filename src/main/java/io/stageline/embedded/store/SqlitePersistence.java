package io.stageline.embedded.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * The store's objects in a SQLite database ({@code api-state.db} in the state directory): one row
 * per object, its JSON, plus the last resource version. Every change is one transaction, committed
 * before the API answers; SQLite's write-ahead log makes a committed transaction survive a killed
 * process ({@code kill -9}) at any moment, and a half-written one vanish. The database is opened in
 * exclusive locking mode, so a second embedded API on the same directory fails at start instead
 * of diverging from the first.
 */
public final class SqlitePersistence implements Persistence {
  public static final String FILE = "api-state.db";
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final Path file;
  private final Connection connection;
  private final PreparedStatement upsert;
  private final PreparedStatement delete;
  private final PreparedStatement version;

  private SqlitePersistence(Path file, Connection connection) throws SQLException {
    this.file = file;
    this.connection = connection;
    this.upsert = connection.prepareStatement("INSERT INTO objects(id, body) VALUES(?, ?) "
        + "ON CONFLICT(id) DO UPDATE SET body = excluded.body");
    this.delete = connection.prepareStatement("DELETE FROM objects WHERE id = ?");
    this.version = connection.prepareStatement("INSERT INTO meta(name, value) VALUES('resourceVersion', ?) "
        + "ON CONFLICT(name) DO UPDATE SET value = excluded.value");
  }

  /**
   * Opens (creating if needed) the state in {@code directory}; {@code fresh} first discards what
   * an earlier run left there.
   */
  public static SqlitePersistence open(Path directory, boolean fresh) {
    Path file = directory.resolve(FILE);
    try {
      Files.createDirectories(directory);
      if (fresh) {
        for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
          Files.deleteIfExists(directory.resolve(FILE + suffix));
        }
      }
      Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
      try (Statement statement = connection.createStatement()) {
        statement.execute("PRAGMA locking_mode = EXCLUSIVE");
        statement.execute("PRAGMA journal_mode = WAL");
        // NORMAL: a commit is in the log file before the API answers, which a killed process
        // cannot undo; only a power loss may lose the newest commits (see docs/embedded-api.md)
        statement.execute("PRAGMA synchronous = NORMAL");
        statement.execute("CREATE TABLE IF NOT EXISTS objects (id TEXT PRIMARY KEY, body TEXT NOT NULL)");
        statement.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL)");
      } catch (SQLException e) {
        connection.close();
        throw e;
      }
      connection.setAutoCommit(false);
      return new SqlitePersistence(file, connection);
    } catch (SQLException e) {
      String message = e.getMessage() != null && e.getMessage().contains("locked")
          ? "the embedded API's state " + file + " is in use by another Stageline process"
          : "cannot open the embedded API's state " + file + ": " + e.getMessage();
      throw new IllegalStateException(message, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the state directory " + directory, e);
    }
  }

  @Override
  public synchronized State load() {
    Map<ObjectKey, ObjectNode> objects = new HashMap<>();
    long resourceVersion = 0;
    try (Statement statement = connection.createStatement()) {
      try (ResultSet rows = statement.executeQuery("SELECT id, body FROM objects")) {
        while (rows.next()) {
          JsonNode body = MAPPER.readTree(rows.getString(2));
          objects.put(ObjectKey.fromId(rows.getString(1)), (ObjectNode) body);
        }
      }
      try (ResultSet rows = statement.executeQuery("SELECT value FROM meta WHERE name = 'resourceVersion'")) {
        if (rows.next()) {
          resourceVersion = rows.getLong(1);
        }
      }
      connection.commit();
    } catch (SQLException | IOException e) {
      throw new IllegalStateException("cannot read the embedded API's state " + file + ": " + e.getMessage(), e);
    }
    return new State(resourceVersion, objects);
  }

  @Override
  public synchronized void write(long resourceVersion, ObjectKey key, ObjectNode object) {
    try {
      if (object == null) {
        delete.setString(1, key.id());
        delete.executeUpdate();
      } else {
        upsert.setString(1, key.id());
        upsert.setString(2, MAPPER.writeValueAsString(object));
        upsert.executeUpdate();
      }
      version.setLong(1, resourceVersion);
      version.executeUpdate();
      connection.commit();
    } catch (SQLException | IOException e) {
      try {
        connection.rollback();
      } catch (SQLException ignored) {
        // the write failed already; the store does not apply it
      }
      throw new IllegalStateException("cannot write the embedded API's state " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      // closing: nothing more to keep
    }
  }
}
