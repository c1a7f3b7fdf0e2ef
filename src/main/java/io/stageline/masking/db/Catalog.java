package io.stageline.masking.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What mask-db needs to know of a PostgreSQL database, read from pg_catalog: ordinary and
 * partitioned tables with their stored columns, which columns are part of a unique index, and the
 * foreign keys between tables (for the order in which tables are loaded).
 */
public final class Catalog {
  /** How a column's values are masked: by the kind of its type. */
  public enum TypeKind { TEXT, JSON, INTEGER, DECIMAL, DATE, TIMESTAMP, UUID, OTHER }

  /**
   * A stored (not generated) column.
   *
   * @param key part of a unique index or of a foreign key: masked by a keyed permutation, so values
   *     stay distinct and references still find what they reference
   * @param rangeType the type whose range bounds a masked integer: the column's own, or for a
   *     foreign key the referenced column's, so both mask alike
   */
  public record Column(String name, String type, TypeKind kind, Integer maxLength, boolean key, String rangeType) {}

  /** A table and its columns in attribute order; {@code partitioned} tables are read and written as a whole. */
  public record Table(long oid, String schema, String name, boolean partitioned, List<Column> columns) {
    public String qualified() {
      return quote(schema) + "." + quote(name);
    }

    @Override
    public String toString() {
      return schema + "." + name;
    }
  }

  private final Map<Long, Table> tables;
  private final Map<Long, Set<Long>> references;

  private Catalog(Map<Long, Table> tables, Map<Long, Set<Long>> references) {
    this.tables = tables;
    this.references = references;
  }

  public static Catalog read(Connection db) throws SQLException {
    Map<Long, String[]> names = new LinkedHashMap<>();
    Map<Long, Boolean> partitioned = new HashMap<>();
    try (PreparedStatement ps = db.prepareStatement("""
        SELECT c.oid, n.nspname, c.relname, c.relkind = 'p'
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
          AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'
        ORDER BY n.nspname, c.relname""");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        names.put(rs.getLong(1), new String[] {rs.getString(2), rs.getString(3)});
        partitioned.put(rs.getLong(1), rs.getBoolean(4));
      }
    }
    Map<Long, Set<Short>> keyColumns = new HashMap<>();
    try (PreparedStatement ps = db.prepareStatement(
        "SELECT indrelid, unnest(indkey::int2[]) FROM pg_index WHERE indisunique");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        keyColumns.computeIfAbsent(rs.getLong(1), k -> new HashSet<>()).add(rs.getShort(2));
      }
    }
    Map<Long, Set<Long>> references = new HashMap<>();
    // child column -> referenced column, so a referencing column masks exactly as the key it references
    Map<String, String> referenced = new HashMap<>();
    try (PreparedStatement ps = db.prepareStatement("""
        SELECT conrelid, confrelid, unnest(conkey), unnest(confkey)
        FROM pg_constraint WHERE contype = 'f' AND conparentid = 0""");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        references.computeIfAbsent(rs.getLong(1), k -> new HashSet<>()).add(rs.getLong(2));
        keyColumns.computeIfAbsent(rs.getLong(1), k -> new HashSet<>()).add(rs.getShort(3));
        referenced.put(rs.getLong(1) + "/" + rs.getShort(3), rs.getLong(2) + "/" + rs.getShort(4));
      }
    }
    Map<String, String> typeNames = new HashMap<>();
    Map<Long, List<Object[]>> rawColumns = new HashMap<>();
    try (PreparedStatement ps = db.prepareStatement("""
        SELECT a.attrelid, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod), t.typname,
               CASE WHEN t.typname IN ('varchar', 'bpchar') AND a.atttypmod > 4 THEN a.atttypmod - 4 END
        FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
        WHERE a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
        ORDER BY a.attrelid, a.attnum""");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        long rel = rs.getLong(1);
        if (!names.containsKey(rel)) {
          continue;
        }
        int maxLength = rs.getInt(6);
        Integer max = rs.wasNull() ? null : maxLength;
        typeNames.put(rel + "/" + rs.getShort(2), rs.getString(5));
        rawColumns.computeIfAbsent(rel, k -> new ArrayList<>()).add(new Object[] {
            rs.getShort(2), rs.getString(3), rs.getString(4), rs.getString(5), max});
      }
    }
    Map<Long, List<Column>> columns = new HashMap<>();
    rawColumns.forEach((rel, list) -> {
      for (Object[] c : list) {
        short attnum = (Short) c[0];
        String typname = (String) c[3];
        String target = referenced.get(rel + "/" + attnum);
        String rangeType = target == null ? typname : typeNames.getOrDefault(target, typname);
        columns.computeIfAbsent(rel, k -> new ArrayList<>()).add(new Column((String) c[1], (String) c[2],
            kindOf(typname), (Integer) c[4], keyColumns.getOrDefault(rel, Set.of()).contains(attnum), rangeType));
      }
    });
    Map<Long, Table> tables = new LinkedHashMap<>();
    names.forEach((oid, n) -> tables.put(oid,
        new Table(oid, n[0], n[1], partitioned.get(oid), List.copyOf(columns.getOrDefault(oid, List.of())))));
    return new Catalog(tables, references);
  }

  static TypeKind kindOf(String typname) {
    return switch (typname) {
      case "text", "varchar", "bpchar", "citext", "name" -> TypeKind.TEXT;
      case "json", "jsonb" -> TypeKind.JSON;
      case "int2", "int4", "int8" -> TypeKind.INTEGER;
      case "numeric", "float4", "float8" -> TypeKind.DECIMAL;
      case "date" -> TypeKind.DATE;
      case "timestamp", "timestamptz" -> TypeKind.TIMESTAMP;
      case "uuid" -> TypeKind.UUID;
      default -> TypeKind.OTHER;
    };
  }

  public List<Table> tables() {
    return List.copyOf(tables.values());
  }

  public Table table(String schema, String name) {
    return tables.values().stream().filter(t -> t.schema().equals(schema) && t.name().equals(name))
        .findFirst().orElse(null);
  }

  /**
   * The selected tables, every table before the tables whose foreign keys reference it (a table
   * referencing itself is fine: a COPY checks its rows at the end). Tables outside the selection
   * are not ordered; a cycle of references between selected tables cannot be loaded in any order
   * and is refused.
   */
  public List<Table> loadOrder(List<Table> selected) {
    Set<Long> chosen = new HashSet<>();
    selected.forEach(t -> chosen.add(t.oid()));
    Map<Long, Integer> state = new HashMap<>();
    List<Table> order = new ArrayList<>();
    for (Table t : selected) {
      visit(t.oid(), chosen, state, order, new ArrayDeque<>());
    }
    return order;
  }

  private void visit(long oid, Set<Long> chosen, Map<Long, Integer> state, List<Table> order, Deque<Long> path) {
    Integer s = state.get(oid);
    if (s != null && s == 2) {
      return;
    }
    if (s != null) {
      Set<String> cycle = new TreeSet<>();
      path.forEach(o -> cycle.add(tables.get(o).toString()));
      throw new IllegalArgumentException("the foreign keys between " + cycle
          + " form a cycle; exclude one of these tables or make a reference nullable and refresh it separately");
    }
    state.put(oid, 1);
    path.push(oid);
    for (long parent : references.getOrDefault(oid, Set.of())) {
      if (parent != oid && chosen.contains(parent)) {
        visit(parent, chosen, state, order, path);
      }
    }
    path.pop();
    state.put(oid, 2);
    order.add(tables.get(oid));
  }

  /** Tables outside {@code selection} with a foreign key to a table in it (emptying the selection would fail). */
  public List<Table> referencingOutside(Set<Long> selection) {
    List<Table> outside = new ArrayList<>();
    references.forEach((child, parents) -> {
      if (!selection.contains(child) && parents.stream().anyMatch(selection::contains) && tables.containsKey(child)) {
        outside.add(tables.get(child));
      }
    });
    return outside;
  }

  static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }
}
