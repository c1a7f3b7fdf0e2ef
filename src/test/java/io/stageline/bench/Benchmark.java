package io.stageline.bench;

import io.stageline.masking.MaskingWorkload;
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
    int[] sizes = Arrays.stream(System.getProperty("bench.sizes", "100,300,1000").split(","))
        .map(String::trim).mapToInt(Integer::parseInt).toArray();
    int grants = Integer.getInteger("bench.grants", 100);
    Path out = Path.of(System.getProperty("bench.out", "target/bench"));
    Map<String, Object> environment = describeMachine();
    System.out.println("Stageline benchmark " + environment);

    List<ResultTable> tables = new ArrayList<>();
    // -Dbench.only=masking runs the masking engine alone (minutes instead of the whole run)
    boolean all = !"masking".equals(System.getProperty("bench.only", ""));
    if (all) {
      tables.add(environments(sizes));
      tables.add(emergency(grants));
      tables.add(promotions(Integer.getInteger("bench.promotions", 50)));
    }
    tables.add(masking());
    tables.forEach(t -> System.out.println("\n" + t.markdown()));
    ResultTable.write(out, "stageline-bench", tables, environment);
    System.out.println("written to " + out.toAbsolutePath());
    System.exit(0);
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
