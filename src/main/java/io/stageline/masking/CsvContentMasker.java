package io.stageline.masking;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.stageline.api.v1alpha1.DataMasking.Strategy;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * CSV content inside a value (jackson-dataformat-csv): the first row is the header, rules address
 * columns by header name, the detectors scrub the other cells. The separator (',', ';' or tab) and
 * line ending are kept.
 */
final class CsvContentMasker {
  private static final CsvMapper MAPPER = CsvMapper.builder()
      .enable(CsvParser.Feature.WRAP_AS_ARRAY)
      .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
      // quote only where CSV needs it, so unmasked cells come out as they went in
      .enable(com.fasterxml.jackson.dataformat.csv.CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING)
      .build();

  private final ValueMasker values;
  private final List<String> notes;

  CsvContentMasker(ValueMasker values, List<String> notes) {
    this.values = values;
    this.notes = notes;
  }

  String mask(String key, String value, List<MaskingPolicy.Rule> rules, boolean detectors) {
    char separator = separatorOf(value);
    String lineEnd = value.contains("\r\n") ? "\r\n" : "\n";
    List<String[]> rows;
    try {
      rows = read(value, separator);
    } catch (IOException | RuntimeException e) {
      notes.add("key " + key + ": not valid CSV, value redacted whole");
      return values.apply(Strategy.redact, null, value);
    }
    if (rows.isEmpty()) {
      return value;
    }
    List<String> header = List.of(Arrays.stream(rows.get(0)).map(h -> h == null ? "" : h).toArray(String[]::new));
    boolean[] ruled = new boolean[header.size()];
    for (MaskingPolicy.Rule rule : rules) {
      int column = header.indexOf(rule.csvColumn());
      if (column < 0) {
        notes.add("key " + key + ": rule " + rule.index() + " names column " + rule.csvColumn() + ", not in the header");
        continue;
      }
      if (ruled[column]) {
        continue;
      }
      ruled[column] = true;
      for (String[] row : rows.subList(1, rows.size())) {
        if (column < row.length && row[column] != null && !row[column].isEmpty()) {
          String masked = values.apply(rule.transform(), row[column]);
          row[column] = masked == null ? "" : masked;
        }
      }
    }
    if (detectors) {
      for (String[] row : rows.subList(1, rows.size())) {
        for (int c = 0; c < row.length; c++) {
          if ((c >= ruled.length || !ruled[c]) && row[c] != null) {
            row[c] = values.scrubField(c < header.size() ? header.get(c) : null, row[c]);
          }
        }
      }
      // header cells are scanned like values: a header row can carry personal data too
      String[] head = rows.get(0);
      for (int c = 0; c < head.length; c++) {
        if (head[c] != null) {
          head[c] = values.scrub(head[c]);
        }
      }
    }
    rows = withoutRemovedColumns(rows, header, rules);
    String out = write(rows, separator, lineEnd);
    return value.endsWith(lineEnd) || out.length() == 0 ? out : out.substring(0, out.length() - lineEnd.length());
  }

  /** Drops the columns a {@code remove} rule names. */
  private static List<String[]> withoutRemovedColumns(List<String[]> rows, List<String> header,
      List<MaskingPolicy.Rule> rules) {
    List<Integer> removed = rules.stream().filter(r -> r.strategy() == Strategy.remove)
        .map(r -> header.indexOf(r.csvColumn())).filter(i -> i >= 0).distinct().toList();
    if (removed.isEmpty()) {
      return rows;
    }
    List<String[]> out = new ArrayList<>(rows.size());
    for (String[] row : rows) {
      List<String> kept = new ArrayList<>();
      for (int c = 0; c < row.length; c++) {
        if (!removed.contains(c)) {
          kept.add(row[c]);
        }
      }
      out.add(kept.toArray(String[]::new));
    }
    return out;
  }

  private static List<String[]> read(String value, char separator) throws IOException {
    CsvSchema schema = CsvSchema.emptySchema().withColumnSeparator(separator);
    List<String[]> rows = new ArrayList<>();
    try (MappingIterator<String[]> it = MAPPER.readerFor(String[].class).with(schema).readValues(value)) {
      while (it.hasNextValue()) {
        rows.add(it.nextValue());
      }
    }
    return rows;
  }

  private static String write(List<String[]> rows, char separator, String lineEnd) {
    CsvSchema schema = CsvSchema.emptySchema().withColumnSeparator(separator).withLineSeparator(lineEnd);
    StringWriter out = new StringWriter();
    try {
      MAPPER.writerFor(String[].class).with(schema).writeValues(out).writeAll(rows).close();
    } catch (IOException e) {
      throw new IllegalStateException("cannot write masked CSV", e);
    }
    return out.toString();
  }

  /** The header line's separator: ';' or tab when it has those and no comma, else ','. */
  static char separatorOf(String value) {
    int end = value.indexOf('\n');
    String header = end < 0 ? value : value.substring(0, end);
    if (header.indexOf(',') < 0) {
      if (header.indexOf(';') >= 0) {
        return ';';
      }
      if (header.indexOf('\t') >= 0) {
        return '\t';
      }
    }
    return ',';
  }
}
