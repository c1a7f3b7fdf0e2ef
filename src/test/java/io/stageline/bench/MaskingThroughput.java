package io.stageline.bench;

import io.stageline.masking.MaskingKey;
import io.stageline.masking.MaskingWorkload;
import java.util.ArrayList;
import java.util.List;

/** Masking throughput per data format, on the masking helper's own workload (rules plus PII detectors). */
final class MaskingThroughput {
  record Result(String format, long bytes, double medianMbPerSecond, double bestMbPerSecond) {}

  static Result run(MaskingWorkload.Format format, int bytes, int rounds) {
    MaskingWorkload workload = MaskingWorkload.of(format, bytes, 42);
    MaskingKey key = MaskingKey.generate();
    workload.run(key); // warm-up: JIT and the detectors' patterns
    workload.run(key);
    List<Double> speeds = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      speeds.add(workload.run(key).megabytesPerSecond());
    }
    Percentiles p = new Percentiles(speeds);
    return new Result(format.name(), workload.bytes(), p.p(50), p.p(100));
  }
}
