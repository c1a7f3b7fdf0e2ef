package io.stageline.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Rows of named figures: printed as a Markdown table and written as CSV and JSON. */
final class ResultTable {
  private final String title;
  private final List<String> columns;
  private final List<Map<String, Object>> rows = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  ResultTable(String title, String... columns) {
    this.title = title;
    this.columns = List.of(columns);
  }

  void add(Object... values) {
    Map<String, Object> row = new LinkedHashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      row.put(columns.get(i), i < values.length ? values[i] : null);
    }
    rows.add(row);
  }

  /** A line printed under the table (why a run is missing, say). */
  void note(String line) {
    notes.add(line);
  }

  List<String> notes() {
    return notes;
  }

  String title() {
    return title;
  }

  List<Map<String, Object>> rows() {
    return rows;
  }

  String markdown() {
    StringBuilder out = new StringBuilder("### ").append(title).append("\n\n| ")
        .append(String.join(" | ", columns)).append(" |\n|")
        .append(columns.stream().map(c -> "---").collect(Collectors.joining("|"))).append("|\n");
    for (Map<String, Object> row : rows) {
      out.append("| ").append(row.values().stream().map(ResultTable::format).collect(Collectors.joining(" | ")))
          .append(" |\n");
    }
    notes.forEach(note -> out.append("\n").append(note).append("\n"));
    return out.toString();
  }

  String csv() {
    StringBuilder out = new StringBuilder(String.join(",", columns)).append('\n');
    for (Map<String, Object> row : rows) {
      out.append(row.values().stream().map(v -> '"' + format(v).replace("\"", "\"\"") + '"')
          .collect(Collectors.joining(","))).append('\n');
    }
    return out.toString();
  }

  static String format(Object value) {
    if (value == null) {
      return "-";
    }
    if (value instanceof Double d) {
      return d.isNaN() ? "-" : Math.abs(d) >= 100 ? String.format("%.0f", d) : String.format("%.2f", d);
    }
    return value.toString();
  }

  static void write(Path dir, String name, List<ResultTable> tables, Map<String, Object> environment) {
    try {
      Files.createDirectories(dir);
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("environment", environment);
      for (ResultTable t : tables) {
        json.put(t.title, t.rows);
        if (!t.notes.isEmpty()) {
          json.put(t.title + ": notes", t.notes);
        }
        Files.writeString(dir.resolve(name + "-" + slug(t.title) + ".csv"), t.csv());
      }
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve(name + ".json").toFile(), json);
      Files.writeString(dir.resolve(name + ".md"),
          tables.stream().map(ResultTable::markdown).collect(Collectors.joining("\n")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String slug(String title) {
    return title.toLowerCase().replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
  }
}
