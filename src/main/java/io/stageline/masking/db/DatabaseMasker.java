package io.stageline.masking.db;

import io.stageline.masking.Glob;

import io.stageline.api.v1alpha1.DatabaseRefresh;
import io.stageline.api.v1alpha1.DatabaseRefresh.ColumnRule;
import io.stageline.masking.FormatPreservingPermutation;
import io.stageline.masking.MaskingKey;
import io.stageline.masking.MaskingStats;
import io.stageline.masking.ValueMasker;
import io.stageline.masking.db.Catalog.Column;
import io.stageline.masking.db.Catalog.Table;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.postgresql.copy.CopyOut;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * {@code stageline mask-db}: copies the selected tables of a PostgreSQL database into another one
 * whose schema already exists, masking row by row. Rows stream from {@code COPY ... TO STDOUT} in one
 * consistent snapshot of the source into {@code COPY ... FROM STDIN} of the target, tables in
 * foreign-key order; the target is emptied and loaded in one transaction, so a failed refresh leaves
 * it as it was. Rules are checked against the catalog before any row is read.
 */
public final class DatabaseMasker {
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);
  private static final int BATCH_ROWS = 512;

  /**
   * @param spec tables to include and exclude, column rules, detectors
   * @param masking false copies unmasked (refused for production data)
   * @param sourceIsProduction the source holds production data: masking and detectors are forced
   */
  public record Options(DatabaseRefresh spec, boolean masking, boolean sourceIsProduction, MaskingKey key) {}

  /** What a refresh did, per table and in total. */
  public record Report(List<TableReport> tables, long rows, long bytes, Duration elapsed, MaskingStats stats) {}

  public record TableReport(String table, long rows, long bytes) {}

  private final Clock clock;
  private final int workers;

  public DatabaseMasker(Clock clock) {
    // masking is the refresh's bottleneck (the servers stream faster): one worker per core, the reading
    // thread (which also writes) stays light
    this(clock, Math.min(4, Runtime.getRuntime().availableProcessors()));
  }

  /** @param workers threads that mask rows; 1 masks on the reading thread */
  public DatabaseMasker(Clock clock, int workers) {
    this.clock = clock;
    this.workers = Math.max(1, workers);
  }

  /** Refuses what policy forbids before anything is read: production data unmasked. */
  public static void checkAllowed(boolean masking, boolean sourceIsProduction) {
    if (!masking && sourceIsProduction) {
      throw new DatabaseRefreshException("refused: production data is always masked; a refresh from production "
          + "with masking off is not allowed");
    }
  }

  public Report run(Connection source, Connection target, Options options, Consumer<RefreshProgress> progress) {
    checkAllowed(options.masking(), options.sourceIsProduction());
    String doing = "reading the catalogs";
    Workers pool = null;
    try {
      source.setAutoCommit(false);
      source.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      source.setReadOnly(true);
      target.setAutoCommit(false);
      Catalog from = Catalog.read(source);
      Catalog to = Catalog.read(target);
      MaskingStats valueStats = new MaskingStats();
      PermutationCache cache = new PermutationCache();
      List<Plan> plans = plan(from, to, options, valueStats, cache);
      doing = "emptying the target tables";
      if (!plans.isEmpty()) {
        try (Statement st = target.createStatement()) {
          st.execute("TRUNCATE " + plans.stream().map(p -> p.target.qualified()).collect(Collectors.joining(", ")));
        }
      }
      pool = workers > 1 ? new Workers(workers, options.key(), cache) : null;
      CopyManager out = source.unwrap(PGConnection.class).getCopyAPI();
      CopyManager in = target.unwrap(PGConnection.class).getCopyAPI();
      Instant start = clock.instant();
      long rows = 0;
      long bytes = 0;
      List<TableReport> reports = new ArrayList<>();
      for (int i = 0; i < plans.size(); i++) {
        Plan p = plans.get(i);
        doing = "copying " + p.target;
        long[] counts = copy(p, out, in, i + 1, plans.size(), rows, bytes, start, progress, pool);
        rows += counts[0];
        bytes += counts[1];
        reports.add(new TableReport(p.target.toString(), counts[0], counts[1]));
        progress.accept(new RefreshProgress(p.target.toString(), i + 1, plans.size(), rows, bytes,
            Duration.between(start, clock.instant()), true));
      }
      doing = "moving the target's sequences past the copied keys";
      for (Plan p : plans) {
        advanceSequences(target, p);
      }
      doing = "committing";
      target.commit();
      source.rollback();
      MaskingStats stats = new MaskingStats();
      stats.add(valueStats);
      List<List<ColumnMasker>> all = new ArrayList<>();
      plans.forEach(p -> all.add(p.maskers));
      if (pool != null) {
        pool.addStats(stats, all);
      }
      for (List<ColumnMasker> maskers : all) {
        for (ColumnMasker c : maskers) {
          if (c.masker() != null) {
            stats.add(c.masker().stats());
          }
        }
      }
      return new Report(List.copyOf(reports), rows, bytes, Duration.between(start, clock.instant()), stats);
    } catch (SQLException e) {
      rollbackQuietly(target);
      throw new DatabaseRefreshException(doing + " failed: " + describe(e));
    } catch (RuntimeException e) {
      rollbackQuietly(target);
      throw e;
    } finally {
      if (pool != null) {
        pool.close();
      }
    }
  }

  /**
   * One table: where it is in the target, the columns copied, and how each is masked; {@code maskersFor}
   * plans the same maskers again on another worker's {@link ColumnMasker.Shared} (maskers are not thread-safe).
   */
  private record Plan(Table source, Table target, List<String> columns, List<ColumnMasker> maskers,
      Function<ColumnMasker.Shared, List<ColumnMasker>> maskersFor) {}

  private List<Plan> plan(Catalog from, Catalog to, Options options, MaskingStats valueStats, PermutationCache cache) {
    DatabaseRefresh spec = options.spec() == null ? new DatabaseRefresh() : options.spec();
    List<Glob> include = globs(spec.getIncludeTables());
    List<Glob> exclude = globs(spec.getExcludeTables());
    boolean detectors = options.sourceIsProduction() || !Boolean.FALSE.equals(spec.getDetectors());
    boolean masking = options.masking() || options.sourceIsProduction();
    List<ColumnRule> rules = spec.getRules() == null ? List.of() : spec.getRules();
    Set<ColumnRule> used = new HashSet<>();

    Map<Long, Table> sourceOf = new LinkedHashMap<>();
    List<Table> targets = new ArrayList<>();
    for (Table t : from.tables()) {
      boolean in = include.isEmpty() || include.stream().anyMatch(g -> g.matchesTable(t.schema(), t.name()));
      if (!in || exclude.stream().anyMatch(g -> g.matchesTable(t.schema(), t.name()))) {
        continue;
      }
      Table target = to.table(t.schema(), t.name());
      if (target == null) {
        throw new DatabaseRefreshException("table " + t + " is not in the target database; mask-db copies data "
            + "only, so create the schema there first (e.g. with the application's migrations)");
      }
      sourceOf.put(target.oid(), t);
      targets.add(target);
    }
    Set<Long> selection = new HashSet<>(sourceOf.keySet());
    List<Table> outside = to.referencingOutside(selection);
    if (!outside.isEmpty()) {
      throw new DatabaseRefreshException("tables " + outside.stream().map(Table::toString).sorted().toList()
          + " reference copied tables but are not copied themselves; include or exclude them together");
    }
    ColumnMasker.Shared shared = new ColumnMasker.Shared(options.key(),
        new ValueMasker(options.key(), valueStats), new FormatPreservingPermutation(options.key()), cache);
    List<Plan> plans = new ArrayList<>();
    for (Table target : to.loadOrder(targets)) {
      Table source = sourceOf.get(target.oid());
      Map<String, Column> targetColumns = new LinkedHashMap<>();
      target.columns().forEach(c -> targetColumns.put(c.name(), c));
      List<String> names = new ArrayList<>();
      List<ColumnMasker> maskers = new ArrayList<>();
      List<Function<ColumnMasker.Shared, ColumnMasker>> again = new ArrayList<>();
      for (Column c : source.columns()) {
        Column tc = targetColumns.get(c.name());
        if (tc == null) {
          throw new DatabaseRefreshException("column " + source + "." + c.name() + " is not in the target's table; "
              + "the two schemas differ");
        }
        List<ColumnRule> named = rules.stream()
            .filter(r -> new Glob(r.getTable()).matchesTable(source.schema(), source.name())
                && new Glob(r.getColumn()).matches(c.name()))
            .toList();
        used.addAll(named);
        names.add(c.name());
        maskers.add(ColumnMasker.plan(target, tc, named, masking, detectors, shared));
        again.add(other -> ColumnMasker.plan(target, tc, named, masking, detectors, other));
      }
      plans.add(new Plan(source, target, names, maskers, other -> again.stream().map(f -> f.apply(other)).toList()));
    }
    for (int i = 0; i < rules.size(); i++) {
      if (!used.contains(rules.get(i))) {
        ColumnRule r = rules.get(i);
        throw new DatabaseRefreshException("rules[" + i + "] (table " + r.getTable() + ", column " + r.getColumn()
            + ") names no column of the copied tables; a rule that silently masks nothing would let data through");
      }
    }
    return plans;
  }

  private long[] copy(Plan p, CopyManager out, CopyManager in, int number, int total, long rowsBefore,
      long bytesBefore, Instant start, Consumer<RefreshProgress> progress, Workers pool) throws SQLException {
    String columns = p.columns.stream().map(Catalog::quote).collect(Collectors.joining(", "));
    String select = "COPY (SELECT " + columns + " FROM " + (p.source.partitioned() ? "" : "ONLY ")
        + p.source.qualified() + ") TO STDOUT";
    CopyIn copyIn = in.copyIn("COPY " + p.target.qualified() + " (" + columns + ") FROM STDIN");
    CopyOut copyOut = out.copyOut(select);
    boolean masks = p.maskers.stream().anyMatch(c -> !c.passThrough());
    boolean parallel = masks && pool != null;
    int[] bounds = new int[p.columns.size() + 1];
    CopyText.Buffer buffer = new CopyText.Buffer(512);
    // batches of rows masked by the workers, written in the order they were read
    ArrayDeque<Future<CopyText.Buffer>> pending = new ArrayDeque<>();
    List<byte[]> batch = new ArrayList<>(BATCH_ROWS);
    long rows = 0;
    long bytes = 0;
    Instant nextReport = clock.instant().plus(PROGRESS_EVERY);
    try {
      byte[] row;
      while ((row = copyOut.readFromCopy()) != null) {
        rows++;
        bytes += row.length;
        if (!masks) {
          copyIn.writeToCopy(row, 0, row.length);
        } else if (!parallel) {
          buffer.reset();
          maskRow(p, p.maskers, row, bounds, buffer);
          copyIn.writeToCopy(buffer.array(), 0, buffer.size());
        } else {
          batch.add(row);
          if (batch.size() == BATCH_ROWS) {
            pending.add(pool.mask(p, batch));
            batch = new ArrayList<>(BATCH_ROWS);
            while (pending.size() > pool.size() * 2) {
              write(pending.poll(), copyIn);
            }
          }
        }
        if ((rows & 1023) == 0 && clock.instant().isAfter(nextReport)) {
          nextReport = clock.instant().plus(PROGRESS_EVERY);
          progress.accept(new RefreshProgress(p.target.toString(), number, total, rowsBefore + rows,
              bytesBefore + bytes, Duration.between(start, clock.instant()), false));
        }
      }
      if (!batch.isEmpty()) {
        pending.add(pool.mask(p, batch));
      }
      while (!pending.isEmpty()) {
        write(pending.poll(), copyIn);
      }
      copyIn.endCopy();
    } finally {
      pending.forEach(f -> f.cancel(true));
      if (copyIn.isActive()) {
        copyIn.cancelCopy();
      }
      if (copyOut.isActive()) {
        copyOut.cancelCopy();
      }
    }
    return new long[] {rows, bytes};
  }

  private static void write(Future<CopyText.Buffer> masked, CopyIn copyIn) throws SQLException {
    CopyText.Buffer rows;
    try {
      rows = masked.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DatabaseRefreshException("interrupted while masking");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
    copyIn.writeToCopy(rows.array(), 0, rows.size());
  }

  /**
   * The threads that mask rows, each with maskers of its own (they keep state: stats, a shuffle cache)
   * on the run's one key, sharing the permutation cache. Masking is deterministic per value, so which
   * worker masks a row changes nothing in the result.
   */
  private static final class Workers implements AutoCloseable {
    private final ExecutorService pool;
    private final int size;
    private final MaskingKey key;
    private final PermutationCache cache;
    private final List<Worker> all = new ArrayList<>();
    private final ThreadLocal<Worker> mine;

    private final class Worker {
      final MaskingStats stats = new MaskingStats();
      final ColumnMasker.Shared shared = new ColumnMasker.Shared(key, new ValueMasker(key, stats),
          new FormatPreservingPermutation(key), cache);
      final Map<Plan, List<ColumnMasker>> maskers = new IdentityHashMap<>();
    }

    Workers(int size, MaskingKey key, PermutationCache cache) {
      this.size = size;
      this.key = key;
      this.cache = cache;
      this.mine = ThreadLocal.withInitial(() -> {
        Worker w = new Worker();
        synchronized (all) {
          all.add(w);
        }
        return w;
      });
      AtomicInteger n = new AtomicInteger();
      this.pool = Executors.newFixedThreadPool(size, r -> {
        Thread t = new Thread(r, "mask-db-worker-" + n.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
    }

    int size() {
      return size;
    }

    Future<CopyText.Buffer> mask(Plan p, List<byte[]> rows) {
      return pool.submit(() -> {
        Worker w = mine.get();
        List<ColumnMasker> maskers = w.maskers.computeIfAbsent(p, plan -> plan.maskersFor.apply(w.shared));
        int[] bounds = new int[p.columns.size() + 1];
        int total = 0;
        for (byte[] row : rows) {
          total += row.length;
        }
        CopyText.Buffer out = new CopyText.Buffer(total + total / 4 + 16);
        for (byte[] row : rows) {
          maskRow(p, maskers, row, bounds, out);
        }
        return out;
      });
    }

    /** Adds what the workers counted; {@code maskers} gains their maskers (whose own stats are added by the caller). */
    void addStats(MaskingStats stats, List<List<ColumnMasker>> maskers) {
      synchronized (all) {
        for (Worker w : all) {
          stats.add(w.stats);
          maskers.addAll(w.maskers.values());
        }
      }
    }

    @Override
    public void close() {
      pool.shutdownNow();
    }
  }

  private static void maskRow(Plan p, List<ColumnMasker> maskers, byte[] row, int[] bounds, CopyText.Buffer buffer) {
    int fields = CopyText.split(row, row.length, bounds);
    if (fields != p.columns.size()) {
      throw new DatabaseRefreshException("a row of " + p.source + " has " + fields + " fields, the table "
          + p.columns.size() + " columns");
    }
    for (int i = 0; i < fields; i++) {
      if (i > 0) {
        buffer.write('\t');
      }
      int start = bounds[i];
      int end = bounds[i + 1] - 1;
      ColumnMasker c = maskers.get(i);
      if (c.passThrough() || CopyText.isNull(row, start, end)) {
        buffer.write(row, start, end - start);
      } else {
        CopyText.encode(c.mask(CopyText.decode(row, start, end)), buffer);
      }
    }
    buffer.write('\n');
  }

  /** Serial and identity columns: the target's sequence continues after the highest copied value. */
  private static void advanceSequences(Connection target, Plan p) throws SQLException {
    for (Column c : p.target.columns()) {
      if (c.kind() != Catalog.TypeKind.INTEGER) {
        continue;
      }
      String sequence;
      try (PreparedStatement ps = target.prepareStatement("SELECT pg_get_serial_sequence(?, ?)")) {
        ps.setString(1, p.target.qualified());
        ps.setString(2, c.name());
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          sequence = rs.getString(1);
        }
      }
      if (sequence != null) {
        try (PreparedStatement ps = target.prepareStatement("SELECT setval(?::regclass, COALESCE(MAX("
            + Catalog.quote(c.name()) + "), 1), MAX(" + Catalog.quote(c.name()) + ") IS NOT NULL) FROM "
            + p.target.qualified())) {
          ps.setString(1, sequence);
          ps.execute();
        }
      }
    }
  }

  /**
   * The SQL state and the names the server reports (constraint, table, column), never its message:
   * PostgreSQL quotes the offending values in messages and details.
   */
  public static String describe(SQLException e) {
    StringBuilder sb = new StringBuilder("SQLSTATE ").append(e.getSQLState());
    if (e instanceof PSQLException pe && pe.getServerErrorMessage() != null) {
      ServerErrorMessage m = pe.getServerErrorMessage();
      if (m.getConstraint() != null) {
        sb.append(", constraint ").append(m.getConstraint());
      }
      if (m.getTable() != null) {
        sb.append(", table ").append(m.getTable());
      }
      if (m.getColumn() != null) {
        sb.append(", column ").append(m.getColumn());
      }
    } else if (e.getSQLState() != null && e.getSQLState().startsWith("08")) {
      sb.append(" (cannot connect or the connection broke)");
    }
    return sb.toString();
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // the original failure is what matters
    }
  }

  private static List<Glob> globs(List<String> patterns) {
    return patterns == null ? List.of() : patterns.stream().map(Glob::new).toList();
  }
}
