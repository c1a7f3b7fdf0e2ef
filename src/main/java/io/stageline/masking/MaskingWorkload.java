package io.stageline.masking;

import io.stageline.api.v1alpha1.DataMasking;
import io.stageline.api.v1alpha1.SeedData;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A ready-made masking workload for benchmarks: about N bytes of key/value, JSON or CSV data full of
 * (synthetic) personal data, masked with rules plus detectors the way seeding does. Build once,
 * {@link #run} many times; MB/s = {@link Result#megabytesPerSecond()}.
 */
public final class MaskingWorkload {
  public enum Format { kv, json, csv }

  /** One run: bytes masked, time taken, what was masked. */
  public record Result(long bytes, long nanos, MaskingStats stats) {
    public double megabytesPerSecond() {
      return nanos == 0 ? 0 : (bytes / 1_000_000.0) / (nanos / 1_000_000_000.0);
    }
  }

  private final Format format;
  private final Map<String, String> data;
  private final MaskingPolicy policy;
  private final long bytes;

  private MaskingWorkload(Format format, Map<String, String> data, MaskingPolicy policy) {
    this.format = format;
    this.data = data;
    this.policy = policy;
    this.bytes = data.values().stream().mapToLong(v -> v.getBytes(StandardCharsets.UTF_8).length).sum();
  }

  /** About {@code approxBytes} of data in {@code format}, the same for the same seed. */
  public static MaskingWorkload of(Format format, int approxBytes, long seed) {
    Map<String, String> data = new LinkedHashMap<>();
    DataMasking masking = new DataMasking();
    switch (format) {
      case kv -> {
        int i = 0;
        long size = 0;
        SeedData.Synthetic shape = shape("kv", "csv", 50, seed);
        List<String> lines = SyntheticDataGenerator.generate(shape).content().lines().skip(1).toList();
        while (size < approxBytes) {
          String[] cells = lines.get(i % lines.size()).split(",");
          String value = "customer " + cells[0] + " <" + cells[1] + "> phone " + cells[2] + " card " + cells[3]
              + " iban " + cells[4] + " from " + cells[5];
          data.put("customer-" + i++, value);
          size += value.length();
        }
        masking.setRules(List.of(rule("customer-1*", null, null, DataMasking.Strategy.hash)));
      }
      case json, csv -> {
        // one key per chunk of rows, each small enough for a ConfigMap, as seeded data would be
        String f = format.name();
        int rows = Math.max(1, approxBytes / 160);
        for (int chunk = 0; rows > 0; chunk++) {
          int n = Math.min(rows, 4000);
          SeedData.Synthetic shape = shape("customers", f, n, seed + chunk);
          data.put("customers-" + chunk + "." + f, SyntheticDataGenerator.generate(shape).content());
          rows -= n;
        }
        masking.setRules(List.of(format == Format.json
            ? rule("customers-*.json", "$[*].name", null, DataMasking.Strategy.fake)
            : rule("customers-*.csv", null, "name", DataMasking.Strategy.fake)));
      }
      default -> throw new IllegalArgumentException(format.name());
    }
    return new MaskingWorkload(format, data, MaskingPolicy.from(masking, true));
  }

  public Format format() {
    return format;
  }

  public long bytes() {
    return bytes;
  }

  public Map<String, String> data() {
    return data;
  }

  public Result run(MaskingKey key) {
    Masker masker = new Masker(policy, key);
    long start = System.nanoTime();
    masker.maskAll(data);
    return new Result(bytes, System.nanoTime() - start, masker.stats());
  }

  private static SeedData.Synthetic shape(String name, String format, int rows, long seed) {
    SeedData.Synthetic s = new SeedData.Synthetic();
    s.setName(name);
    s.setFormat(format);
    s.setRows(Math.min(rows, SyntheticDataGenerator.MAX_ROWS));
    s.setSeed(seed);
    s.setFields(List.of(field("name", "name"), field("email", "email"), field("phone", "phone"),
        field("card", "card"), field("iban", "iban"), field("ip", "ipv4"), field("city", "city")));
    return s;
  }

  private static SeedData.Field field(String name, String kind) {
    SeedData.Field f = new SeedData.Field();
    f.setName(name);
    f.setKind(kind);
    return f;
  }

  private static DataMasking.Rule rule(String key, String jsonPath, String column, DataMasking.Strategy strategy) {
    DataMasking.Rule r = new DataMasking.Rule();
    r.setKey(key);
    r.setJsonPath(jsonPath);
    r.setCsvColumn(column);
    r.setStrategy(strategy);
    return r;
  }
}
