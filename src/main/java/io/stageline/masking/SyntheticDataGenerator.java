package io.stageline.masking;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.stageline.api.v1alpha1.SeedData;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Synthetic data sets from a declared shape (fields with kinds) and a seed: the same shape and
 * seed always give the same rows, so lower stages get realistic data without any production copy.
 * Each field draws from its own stream (seed and field name), so adding a field leaves the others'
 * values as they were.
 */
public final class SyntheticDataGenerator {
  public static final int DEFAULT_ROWS = 100;
  public static final int MAX_ROWS = 10_000;
  /** What fits one ConfigMap value with room for the rest of the object. */
  public static final int MAX_BYTES = 1_000_000;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final CsvMapper CSV = CsvMapper.builder()
      .enable(com.fasterxml.jackson.dataformat.csv.CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING)
      .build();

  /** A generated data set: where it goes and its content. */
  public record DataSet(String name, String key, String content) {}

  private SyntheticDataGenerator() {}

  /** @throws IllegalArgumentException for a bad shape; the message names the field and problem */
  public static DataSet generate(SeedData.Synthetic spec) {
    String format = spec.getFormat() == null ? "csv" : spec.getFormat().toLowerCase(Locale.ROOT);
    if (!format.equals("csv") && !format.equals("json")) {
      throw new IllegalArgumentException("synthetic " + spec.getName() + ": format must be csv or json, not " + format);
    }
    int rows = spec.getRows() == null ? DEFAULT_ROWS : spec.getRows();
    if (rows < 0 || rows > MAX_ROWS) {
      throw new IllegalArgumentException("synthetic " + spec.getName() + ": rows must be 0.." + MAX_ROWS);
    }
    List<SeedData.Field> fields = spec.getFields() == null ? List.of() : spec.getFields();
    if (fields.isEmpty()) {
      throw new IllegalArgumentException("synthetic " + spec.getName() + ": declare at least one field");
    }
    long seed = spec.getSeed() == null ? 0L : spec.getSeed();
    List<FieldGenerator> generators = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (SeedData.Field f : fields) {
      if (f.getName() == null || !names.add(f.getName())) {
        throw new IllegalArgumentException("synthetic " + spec.getName() + ": field names must be present and unique");
      }
      generators.add(FieldGenerator.of(spec.getName(), f, seed));
    }
    List<String[]> table = new ArrayList<>(rows);
    for (int r = 0; r < rows; r++) {
      String[] row = new String[generators.size()];
      for (int c = 0; c < row.length; c++) {
        row[c] = generators.get(c).next(r);
      }
      table.add(row);
    }
    String content = format.equals("csv") ? csv(generators, table) : json(generators, table);
    if (content.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      throw new IllegalArgumentException("synthetic " + spec.getName() + ": " + rows + " rows exceed "
          + MAX_BYTES + " bytes, more than a ConfigMap holds; declare fewer rows");
    }
    String key = spec.getKey() != null ? spec.getKey() : "data." + format;
    return new DataSet(spec.getName(), key, content);
  }

  private static String csv(List<FieldGenerator> generators, List<String[]> table) {
    StringWriter out = new StringWriter();
    try (var writer = CSV.writerFor(String[].class).with(CsvSchema.emptySchema().withLineSeparator("\n"))
        .writeValues(out)) {
      writer.write(generators.stream().map(FieldGenerator::name).toArray(String[]::new));
      writer.writeAll(table);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write CSV", e);
    }
    return out.toString();
  }

  private static String json(List<FieldGenerator> generators, List<String[]> table) {
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    for (String[] row : table) {
      ObjectNode o = array.addObject();
      for (int c = 0; c < row.length; c++) {
        FieldGenerator g = generators.get(c);
        switch (g.type()) {
          case NUMBER -> o.put(g.name(), Long.parseLong(row[c]));
          case BOOLEAN -> o.put(g.name(), Boolean.parseBoolean(row[c]));
          default -> o.put(g.name(), row[c]);
        }
      }
    }
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(array) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  /** One column's values. */
  private record FieldGenerator(String name, Type type, Entropy entropy, SeedData.Field field) {
    enum Type { TEXT, NUMBER, BOOLEAN }

    static FieldGenerator of(String dataSet, SeedData.Field f, long seed) {
      String kind = f.getKind() == null ? "" : f.getKind();
      Entropy e = Entropy.seeded(seed * 31 + f.getName().hashCode());
      String where = "synthetic " + dataSet + ": field " + f.getName();
      switch (kind.toLowerCase(Locale.ROOT)) {
        case "integer", "sequence" -> {
          if (kind.equalsIgnoreCase("integer") && f.getMin() != null && f.getMax() != null && f.getMin() > f.getMax()) {
            throw new IllegalArgumentException(where + ": min is greater than max");
          }
          return new FieldGenerator(f.getName(), Type.NUMBER, e, f);
        }
        case "boolean" -> {
          return new FieldGenerator(f.getName(), Type.BOOLEAN, e, f);
        }
        case "date" -> {
          // the CRD refuses these; checked again so that an object admitted under an older CRD cannot throw later
          if (!year(f.getMin()) || !year(f.getMax())) {
            throw new IllegalArgumentException(where + ": years lie between 1 and 9999");
          }
          return new FieldGenerator(f.getName(), Type.TEXT, e, f);
        }
        case "choice" -> {
          if (f.getValues() == null || f.getValues().isEmpty()) {
            throw new IllegalArgumentException(where + ": choice needs values");
          }
          return new FieldGenerator(f.getName(), Type.TEXT, e, f);
        }
        default -> {
          FakeKind.parse(kind).orElseThrow(() -> new IllegalArgumentException(where + ": unknown kind '" + kind + "'"));
          return new FieldGenerator(f.getName(), Type.TEXT, e, f);
        }
      }
    }

    private static boolean year(Long value) {
      return value == null || (value >= 1 && value <= 9999);
    }

    String next(int row) {
      String kind = field.getKind().toLowerCase(Locale.ROOT);
      return switch (kind) {
        case "integer" -> {
          long min = field.getMin() == null ? 0 : field.getMin();
          long max = field.getMax() == null ? 1000 : field.getMax();
          long span = max - min + 1;
          long offset = span <= Integer.MAX_VALUE ? entropy.nextInt((int) span)
              : Math.floorMod(((long) entropy.nextInt(Integer.MAX_VALUE) << 31) | entropy.nextInt(Integer.MAX_VALUE), span);
          yield Long.toString(min + offset);
        }
        case "sequence" -> Long.toString((field.getMin() == null ? 1 : field.getMin()) + row);
        case "boolean" -> Boolean.toString(entropy.nextInt(2) == 1);
        case "date" -> {
          int from = field.getMin() == null ? 1950 : field.getMin().intValue();
          int to = field.getMax() == null ? 2005 : field.getMax().intValue();
          LocalDate start = LocalDate.of(Math.min(from, to), 1, 1);
          long days = LocalDate.of(Math.max(from, to), 12, 31).toEpochDay() - start.toEpochDay() + 1;
          yield start.plusDays(entropy.nextInt((int) days)).toString();
        }
        case "choice" -> field.getValues().get(entropy.nextInt(field.getValues().size()));
        default -> FakeKind.parse(kind).orElseThrow().fake(entropy, null);
      };
    }
  }
}
