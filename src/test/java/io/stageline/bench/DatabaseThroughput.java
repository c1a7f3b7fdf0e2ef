package io.stageline.bench;

import io.stageline.masking.MaskingKey;
import io.stageline.masking.db.DatabaseMasker;
import io.stageline.masking.db.PostgresServer;
import io.stageline.masking.db.ShopDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyOut;

/**
 * The database path: {@code mask-db}'s {@link DatabaseMasker} with a production refresh's rules
 * (detectors forced on), beside the unmasked pipe it is measured against, in the same run on the
 * same throwaway PostgreSQL server and the same tables: {@code COPY ... TO STDOUT} of each table
 * streamed into {@code COPY ... FROM STDIN} of a second database through PgJDBC's CopyManager, in
 * foreign-key order, in one transaction after one TRUNCATE (what mask-db does, without masking).
 * Rounds alternate between the two so that both see the same machine.
 */
final class DatabaseThroughput {
  record Result(int customers, long rows, long bytes, double pipeRowsPerSecond, double pipeMbPerSecond,
      double maskedRowsPerSecond, double maskedMbPerSecond, double ratio, double bestRatio, int rounds) {}

  private DatabaseThroughput() {}

  static Result run(PostgresServer pg, int customers, int rounds) throws SQLException {
    ShopDatabase.create(pg, "bench_source");
    ShopDatabase.create(pg, "bench_pipe");
    ShopDatabase.create(pg, "bench_masked");
    try (Connection c = pg.connect("bench_source")) {
      ShopDatabase.fill(c, customers);
    }
    MaskingKey key = MaskingKey.generate();
    // warm-up: the JIT, the detectors' patterns, the server's caches
    long[] counts = pipe(pg);
    masked(pg, key);
    List<Double> pipeSeconds = new ArrayList<>();
    List<Double> maskedSeconds = new ArrayList<>();
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      long start = System.nanoTime();
      long[] piped = pipe(pg);
      double p = (System.nanoTime() - start) / 1e9;
      start = System.nanoTime();
      DatabaseMasker.Report report = masked(pg, key);
      double m = (System.nanoTime() - start) / 1e9;
      if (piped[0] != counts[0] || report.rows() != counts[0] || report.bytes() != counts[1]) {
        throw new IllegalStateException("the pipe and mask-db copied different rows or bytes: pipe " + piped[0] + " rows, "
            + piped[1] + " bytes; mask-db " + report.rows() + " rows, " + report.bytes() + " bytes");
      }
      pipeSeconds.add(p);
      maskedSeconds.add(m);
      ratios.add(p / m);
      System.out.printf("  round %d: pipe %.2f s, mask-db %.2f s%n", i + 1, p, m);
    }
    double pipe = new Percentiles(pipeSeconds).p(50);
    double masked = new Percentiles(maskedSeconds).p(50);
    long rows = counts[0];
    long bytes = counts[1];
    return new Result(customers, rows, bytes, rows / pipe, bytes / 1e6 / pipe, rows / masked, bytes / 1e6 / masked,
        new Percentiles(ratios).p(50), new Percentiles(ratios).p(100), rounds);
  }

  /** mask-db as the refresh Job runs it for production data: all rules, detectors forced on, one transaction. */
  private static DatabaseMasker.Report masked(PostgresServer pg, MaskingKey key) throws SQLException {
    try (Connection source = pg.connect("bench_source"); Connection target = pg.connect("bench_masked")) {
      return new DatabaseMasker(Clock.systemUTC()).run(source, target,
          new DatabaseMasker.Options(ShopDatabase.rules(), true, true, key), p -> { });
    }
  }

  /** The unmasked pipe: rows and COPY text bytes copied. */
  private static long[] pipe(PostgresServer pg) throws SQLException {
    long rows = 0;
    long bytes = 0;
    try (Connection source = pg.connect("bench_source"); Connection target = pg.connect("bench_pipe")) {
      source.setAutoCommit(false);
      source.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      source.setReadOnly(true);
      target.setAutoCommit(false);
      try (Statement st = target.createStatement()) {
        st.execute("TRUNCATE " + String.join(", ", ShopDatabase.COPIED_TABLES));
      }
      var out = source.unwrap(PGConnection.class).getCopyAPI();
      var in = target.unwrap(PGConnection.class).getCopyAPI();
      for (String table : ShopDatabase.COPIED_TABLES) {
        String columns = columns(source, table);
        CopyIn copyIn = in.copyIn("COPY " + table + " (" + columns + ") FROM STDIN");
        CopyOut copyOut = out.copyOut("COPY (SELECT " + columns + " FROM ONLY " + table + ") TO STDOUT");
        byte[] row;
        while ((row = copyOut.readFromCopy()) != null) {
          rows++;
          bytes += row.length;
          copyIn.writeToCopy(row, 0, row.length);
        }
        copyIn.endCopy();
      }
      target.commit();
      source.rollback();
    }
    return new long[] {rows, bytes};
  }

  private static String columns(Connection c, String table) throws SQLException {
    try (var ps = c.prepareStatement("SELECT attname FROM pg_attribute WHERE attrelid = ?::regclass AND attnum > 0 "
        + "AND NOT attisdropped ORDER BY attnum")) {
      ps.setString(1, table);
      try (var rs = ps.executeQuery()) {
        List<String> names = new ArrayList<>();
        while (rs.next()) {
          names.add(rs.getString(1));
        }
        return names.stream().map(n -> '"' + n + '"').collect(Collectors.joining(", "));
      }
    }
  }
}
