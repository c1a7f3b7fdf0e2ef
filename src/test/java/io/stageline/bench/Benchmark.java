package io.stageline.bench;

import io.stageline.masking.MaskingWorkload;
import io.stageline.masking.db.PostgresServer;
import io.stageline.testing.RealControlPlane;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stageline's benchmark: {@code mvn -B -Pbench verify} (sizes with {@code -Dbench.sizes=100,300}).
 * Prints Markdown tables and writes them as CSV and JSON under {@code target/bench/}.
 * Not a test: it measures, and asserts nothing.
 */
public final class Benchmark {
  private Benchmark() {}

  public static void main(String[] args) {
    int[] sizes = sizes(System.getProperty("bench.sizes", "100,300,1000"));
    // the real-server runs take the embedded runs' sizes unless told otherwise; -Dbench.real=false skips them
    String realSizes = System.getProperty("bench.realSizes", "");
    int[] realServerSizes = realSizes.isBlank() ? sizes : sizes(realSizes);
    boolean real = !"false".equals(System.getProperty("bench.real", "true"));
    int grants = Integer.getInteger("bench.grants", 100);
    Path out = Path.of(System.getProperty("bench.out", "target/bench"));
    Map<String, Object> environment = describeMachine();
    System.out.println("Stageline benchmark " + environment);

    List<ResultTable> tables = new ArrayList<>();
    // -Dbench.only=masking|database|environments|real runs one part alone (minutes instead of the whole run)
    String only = System.getProperty("bench.only", "all");
    if (!List.of("all", "environments", "real", "masking", "database").contains(only)) {
      throw new IllegalArgumentException("-Dbench.only=" + only + ": one of all, environments, real, masking, database");
    }
    if (List.of("all", "environments").contains(only)) {
      tables.add(environments(sizes));
    }
    if (List.of("all", "environments", "real").contains(only)) {
      tables.add(realServer(real ? realServerSizes : new int[0]));
    }
    if ("all".equals(only)) {
      tables.add(emergency(grants));
      tables.add(promotions(Integer.getInteger("bench.promotions", 50)));
    }
    if (List.of("all", "masking").contains(only)) {
      tables.add(masking());
    }
    if (List.of("all", "masking", "database").contains(only)) {
      tables.add(database(Integer.getInteger("bench.dbCustomers", 50_000)));
    }
    tables.forEach(t -> System.out.println("\n" + t.markdown()));
    ResultTable.write(out, "stageline-bench", tables, environment);
    System.out.println("written to " + out.toAbsolutePath());
    // a real-server run that failed has printed why and left a note; the run as a whole fails, after writing the rest
    System.exit(realServerFailed ? 1 : 0);
  }

  private static boolean realServerFailed;

  private static int[] sizes(String list) {
    return Arrays.stream(list.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
  }

  /**
   * The Environments run again on a real kube-apiserver (RealServerScale). Without the control-plane binaries
   * the table says so and stays empty; the benchmark goes on.
   */
  private static ResultTable realServer(int[] sizes) {
    ResultTable table = new ResultTable("Environments on a real kube-apiserver",
        "N", "operator: all Ready (s)", "bare client (s)", "ratio", "writes/Env", "operator reads/Env",
        "reconciles/Env", "bare writes/Env", "resync writes", "operator heap (MiB)", "reconcile p50 (ms)",
        "reconcile p99 (ms)", "JVM cores busy", "control plane cores busy", "control plane RSS (MiB)",
        "control plane start (s)", "Ready");
    if (sizes.length == 0) {
      table.note("Not run (-Dbench.real=false).");
      System.out.println("real kube-apiserver: not run (-Dbench.real=false)");
      return table;
    }
    try {
      Path binaries = RealControlPlane.locateBinaries();
      System.out.println("real kube-apiserver: binaries in " + binaries);
      // the directory's name carries the pinned releases (tools/control-plane/build.sh)
      table.note("Control plane " + binaries.getFileName() + "; each run on a control plane of its own, its start and "
          + "Stageline's install (kubectl apply -k deploy/) outside the timings.");
    } catch (IllegalStateException e) {
      // the message says what is missing and how to build it
      table.note("Not run, no real control plane: " + String.join(" ", e.getMessage().lines().map(String::strip).toList()));
      System.out.println("real kube-apiserver: SKIPPED, no control plane is built: " + e.getMessage());
      return table;
    }
    for (int n : sizes) {
      System.out.println("real kube-apiserver, N=" + n + " ...");
      try {
        RealServerScale.Result r = RealServerScale.run(n);
        table.add(r.n(), r.operatorSeconds(), r.bareSeconds(), r.ratio(), r.writesPerEnvironment(),
            r.readsPerEnvironment(), r.reconcilesPerEnvironment(), r.bareWritesPerEnvironment(), r.resyncWrites(),
            r.operatorHeapMib(), r.p50Millis(), r.p99Millis(), r.jvmCoresBusy(), r.serverCoresBusy(),
            r.serverRssMib(), r.startSeconds(), r.ready());
        System.out.println("  " + r);
      } catch (RuntimeException e) {
        realServerFailed = true;
        e.printStackTrace(System.out);
        table.note("N = " + n + " FAILED: " + e);
      }
    }
    return table;
  }

  private static ResultTable environments(int[] sizes) {
    ResultTable table = new ResultTable("Environments",
        "N", "operator: all Ready (s)", "bare client (s)", "ratio", "writes/Env", "operator reads/Env", "reconciles/Env", "events/Env",
        "bare writes/Env", "resync writes", "resync (s)", "operator heap (MiB)", "API heap (MiB)",
        "reconcile p50 (ms)", "reconcile p99 (ms)", "CPU cores busy", "Ready");
    System.out.println("warm-up (N=50, not reported) ...");
    EnvironmentScale.run(50);
    for (int n : sizes) {
      System.out.println("N=" + n + " ...");
      EnvironmentScale.Result r = EnvironmentScale.run(n);
      table.add(r.n(), r.operatorSeconds(), r.bareSeconds(), r.ratio(), r.writesPerEnvironment(), r.readsPerEnvironment(), r.reconcilesPerEnvironment(),
          r.eventsPerEnvironment(), r.bareWritesPerEnvironment(), r.resyncWrites(), r.resyncSeconds(),
          r.operatorHeapMib(), r.apiHeapMib(), r.p50Millis(), r.p99Millis(), r.cpuCoresBusy(), r.ready());
      System.out.println("  " + r);
    }
    return table;
  }

  private static ResultTable emergency(int grants) {
    ResultTable table = new ResultTable("Emergency access expiry",
        "grants", "bound before expiry", "revoked", "delay p50 (s)", "delay p99 (s)", "delay max (s)");
    System.out.println("emergency grants: " + grants + " ...");
    EmergencyExpiry.Result r = EmergencyExpiry.run(grants, Duration.ofSeconds(Integer.getInteger("bench.leadSeconds", 30)));
    table.add(r.grants(), r.boundBeforeExpiry(), r.revoked(), r.p50Seconds(), r.p99Seconds(), r.maxSeconds());
    return table;
  }

  private static ResultTable promotions(int count) {
    ResultTable table = new ResultTable("Promotion start after its gate passes",
        "promotions", "started", "delay p50 (s)", "delay p99 (s)", "delay max (s)");
    System.out.println("promotions: " + count + " ...");
    PromotionStart.Result r = PromotionStart.run(count);
    table.add(r.promotions(), r.started(), r.p50Seconds(), r.p99Seconds(), r.maxSeconds());
    return table;
  }

  private static ResultTable masking() {
    ResultTable table = new ResultTable("Masking engine", "format", "bytes", "median MB/s", "best MB/s",
        "Jackson parse+write MB/s", "ratio");
    int bytes = Integer.getInteger("bench.maskingBytes", 5_000_000);
    for (MaskingWorkload.Format format : MaskingWorkload.Format.values()) {
      System.out.println("masking " + format + " ...");
      MaskingThroughput.Result r = MaskingThroughput.run(format, bytes, 5);
      table.add(r.format(), r.bytes(), r.medianMbPerSecond(), r.bestMbPerSecond(), r.jacksonMedianMbPerSecond(),
          r.ratio());
    }
    return table;
  }

  /**
   * mask-db beside the unmasked COPY pipe on a throwaway PostgreSQL server (DatabaseThroughput). Without
   * the server's binaries the table says so and stays empty; the benchmark goes on.
   */
  private static ResultTable database(int customers) {
    ResultTable table = new ResultTable("Database refresh (mask-db) beside the unmasked COPY pipe",
        "customers", "rows", "MB", "pipe rows/s", "pipe MB/s", "mask-db rows/s", "mask-db MB/s",
        "ratio (median)", "ratio (best)", "rounds");
    PostgresServer pg;
    try {
      System.out.println("database: PostgreSQL binaries in " + PostgresServer.findBin());
      pg = PostgresServer.start();
    } catch (Exception e) {
      table.note("Not run, no PostgreSQL server: " + String.join(" ", e.getMessage().lines().map(String::strip).toList()));
      System.out.println("database: SKIPPED, no PostgreSQL server: " + e.getMessage());
      return table;
    }
    try (pg) {
      System.out.println("database: " + customers + " customers ...");
      DatabaseThroughput.Result r = DatabaseThroughput.run(pg, customers, Integer.getInteger("bench.dbRounds", 3));
      table.add(r.customers(), r.rows(), r.bytes() / 1e6, r.pipeRowsPerSecond(), r.pipeMbPerSecond(),
          r.maskedRowsPerSecond(), r.maskedMbPerSecond(), r.ratio(), r.bestRatio(), r.rounds());
      System.out.println("  " + r);
    } catch (Exception e) {
      e.printStackTrace(System.out);
      table.note("FAILED: " + e);
    }
    return table;
  }

  private static Map<String, Object> describeMachine() {
    Map<String, Object> env = new LinkedHashMap<>();
    env.put("time", Instant.now().toString());
    env.put("cores", Cpu.cores());
    env.put("maxHeapMiB", Runtime.getRuntime().maxMemory() / (1024 * 1024));
    env.put("java", System.getProperty("java.version"));
    env.put("gc", ManagementFactory.getGarbageCollectorMXBeans().stream().map(b -> b.getName()).toList());
    env.put("loadAverageAtStart", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    env.put("only", System.getProperty("bench.only", "all"));
    return env;
  }
}
