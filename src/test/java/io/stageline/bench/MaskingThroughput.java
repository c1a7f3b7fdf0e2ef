package io.stageline.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.stageline.masking.MaskingKey;
import io.stageline.masking.MaskingWorkload;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Masking throughput per data format, on the masking helper's own workload (rules plus PII
 * detectors), beside plain Jackson reading and writing the same bytes in the same run: JSON through
 * a {@link JsonParser} into a {@link JsonGenerator}, CSV through jackson-dataformat-csv's reader and
 * writer, key/value data as the JSON object a ConfigMap's data is. The ratio is masking over Jackson.
 */
final class MaskingThroughput {
  record Result(String format, long bytes, double medianMbPerSecond, double bestMbPerSecond,
      double jacksonMedianMbPerSecond, double ratio) {}

  private static final JsonFactory JSON = new JsonFactory();
  private static final CsvMapper CSV = CsvMapper.builder().enable(CsvParser.Feature.WRAP_AS_ARRAY).build();

  static Result run(MaskingWorkload.Format format, int bytes, int rounds) {
    MaskingWorkload workload = MaskingWorkload.of(format, bytes, 42);
    MaskingKey key = MaskingKey.generate();
    workload.run(key); // warm-up: JIT and the detectors' patterns
    workload.run(key);
    jackson(workload);
    jackson(workload);
    List<Double> speeds = new ArrayList<>();
    List<Double> baseline = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      // interleaved, so that both see the same machine
      speeds.add(workload.run(key).megabytesPerSecond());
      baseline.add(jackson(workload));
    }
    Percentiles p = new Percentiles(speeds);
    double jackson = new Percentiles(baseline).p(50);
    return new Result(format.name(), workload.bytes(), p.p(50), p.p(100), jackson, p.p(50) / jackson);
  }

  /** MB/s of Jackson reading and writing the workload's bytes, nothing else. */
  static double jackson(MaskingWorkload workload) {
    try {
      long start = System.nanoTime();
      long bytes = 0;
      if (workload.format() == MaskingWorkload.Format.kv) {
        String object = new ObjectMapper().writeValueAsString(workload.data());
        bytes = object.getBytes(StandardCharsets.UTF_8).length;
        start = System.nanoTime();
        copyJson(object);
      } else {
        for (String value : workload.data().values()) {
          bytes += value.getBytes(StandardCharsets.UTF_8).length;
          if (workload.format() == MaskingWorkload.Format.json) {
            copyJson(value);
          } else {
            copyCsv(value);
          }
        }
      }
      long nanos = System.nanoTime() - start;
      return (bytes / 1_000_000.0) / (nanos / 1_000_000_000.0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String copyJson(String value) throws IOException {
    StringWriter out = new StringWriter(value.length());
    try (JsonParser p = JSON.createParser(value); JsonGenerator g = JSON.createGenerator(out)) {
      if (value.indexOf('\n') >= 0) {
        g.useDefaultPrettyPrinter();
      }
      while (p.nextToken() != null) {
        if (p.currentToken().isNumeric()) {
          g.writeNumber(p.getText()); // as the engine does: numbers copied as written
        } else {
          g.copyCurrentEvent(p);
        }
      }
    }
    return out.toString();
  }

  private static String copyCsv(String value) throws IOException {
    StringWriter out = new StringWriter(value.length());
    try (MappingIterator<String[]> rows = CSV.readerFor(String[].class).with(CsvSchema.emptySchema()).readValues(value);
        SequenceWriter writer = CSV.writerFor(String[].class).with(CsvSchema.emptySchema()).writeValues(out)) {
      while (rows.hasNextValue()) {
        writer.write(rows.nextValue());
      }
    }
    return out.toString();
  }
}
