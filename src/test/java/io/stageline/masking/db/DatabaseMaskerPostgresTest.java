package io.stageline.masking.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stageline.api.v1alpha1.DataMasking.Strategy;
import io.stageline.api.v1alpha1.DatabaseRefresh;
import io.stageline.cli.StagelineCommand;
import io.stageline.masking.MaskingKey;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;
import picocli.CommandLine;

/**
 * mask-db against a real PostgreSQL server: a shop schema of customers, addresses, orders and order
 * items joined by foreign keys, with unique columns and personal data in text, JSON and typed columns.
 */
class DatabaseMaskerPostgresTest {
  private static final int CUSTOMERS = 300;
  private static final String[] FIRST = {"Zebediah", "Philippa", "Oswin", "Marigold", "Thaddeus", "Ottilie"};
  private static final String[] LAST = {"Quorn", "Fennimore", "Blackwood", "Ashdown", "Pemberton", "Larkspur"};

  private static PostgresServer pg;
  private static final MaskingKey KEY_A = MaskingKey.of("key-a-0123456789abcdef".getBytes(StandardCharsets.UTF_8));
  private static final MaskingKey KEY_B = MaskingKey.of("key-b-0123456789abcdef".getBytes(StandardCharsets.UTF_8));

  @BeforeAll
  static void startPostgres() throws Exception {
    pg = PostgresServer.start();
    for (String db : List.of("shop", "copy1", "copy2", "copy3", "cli")) {
      ShopDatabase.create(pg, db);
    }
    fillSource();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    if (pg != null) {
      pg.close();
    }
  }

  private static void fillSource() throws SQLException {
    try (Connection c = pg.connect("shop"); Statement st = c.createStatement()) {
      StringBuilder sql = new StringBuilder();
      for (int i = 1; i <= CUSTOMERS; i++) {
        String first = FIRST[i % FIRST.length];
        String last = LAST[(i / FIRST.length) % LAST.length];
        String email = first.toLowerCase() + "." + last.toLowerCase() + i + "@corp" + (i % 7) + ".test";
        sql.append(String.format(
            "INSERT INTO customers (email, name, phone, ssn, loyalty_no, birth_date, created_at, credit_limit, notes, profile) "
                + "VALUES ('%s', '%s %s', '+44 20 7946 %04d', '%03d-%02d-%04d', %d, DATE '1980-01-01' + %d, "
                + "TIMESTAMPTZ '2024-03-01 10:00:00+00' + interval '%d hours', %d.50, "
                + "'called from +1 415 555 %04d, card 4111 1111 1111 1111, wrote from %s', "
                + "'{\"contact\": {\"email\": \"%s\", \"mobile\": \"+49 151 %08d\"}, \"tier\": \"gold\", \"visits\": %d}');%n",
            email, first, last, i, 100 + i, 10 + i % 80, 1000 + i, 500000 + i * 37, i * 11, i, 100 + i,
            i, email, email, i, i));
        sql.append(String.format("INSERT INTO addresses (customer_id, street, city) VALUES (%d, '%d Acacia Avenue', 'Little Whinging');%n",
            i, i));
        for (int o = 0; o < 2; o++) {
          sql.append(String.format(
              "INSERT INTO orders (customer_id, customer_email, total, placed_on, note, payload) VALUES "
                  + "(%d, '%s', %d.99, DATE '2024-01-01' + %d, 'deliver to %s, iban DE89 3704 0044 0532 0130 00', "
                  + "'{\"buyer\": \"%s\", \"items\": [1, 2], \"amount\": 1e999999}');%n",
              i, email, 10 + i + o, i % 300, email, email));
        }
      }
      sql.append("INSERT INTO order_items SELECT id, 'sku-' || (id % 5), (id % 7 + 1)::int2 FROM orders;");
      sql.append("INSERT INTO order_items SELECT id, 'sku-x', 1 FROM orders WHERE id % 2 = 0;");
      sql.append("INSERT INTO audit_log (message) VALUES ('source audit');");
      st.execute(sql.toString());
    }
  }

  private static DatabaseRefresh spec() {
    return ShopDatabase.rules();
  }

  private static DatabaseMasker.Report refresh(String target, MaskingKey key, DatabaseRefresh spec, boolean masking,
      boolean production, List<RefreshProgress> progress) throws SQLException {
    return refresh(target, key, spec, masking, production, progress, new DatabaseMasker(Clock.systemUTC()));
  }

  private static DatabaseMasker.Report refresh(String target, MaskingKey key, DatabaseRefresh spec, boolean masking,
      boolean production, List<RefreshProgress> progress, DatabaseMasker masker) throws SQLException {
    try (Connection s = pg.connect("shop"); Connection t = pg.connect(target)) {
      return masker.run(s, t, new DatabaseMasker.Options(spec, masking, production, key), progress::add);
    }
  }

  @Test
  void refreshMasksEveryPersonalValueKeepsJoinsUniquenessAndTypesAndIsDeterministicPerKey() throws Exception {
    List<RefreshProgress> progress = new ArrayList<>();
    DatabaseMasker.Report report = refresh("copy1", KEY_A, spec(), true, true, progress);

    assertThat(report.tables()).extracting(DatabaseMasker.TableReport::table)
        .containsExactly("public.customers", "public.addresses", "public.orders", "public.order_items");
    assertThat(report.rows()).isEqualTo(CUSTOMERS + CUSTOMERS + 2L * CUSTOMERS + 3L * CUSTOMERS);
    assertThat(report.bytes()).isPositive();
    assertThat(progress).filteredOn(RefreshProgress::tableDone).hasSize(4);
    assertThat(progress.get(progress.size() - 1).line()).contains("public.order_items (4/4)").contains("rows/s");
    assertThat(report.stats().detectorHitsTotal()).isPositive();

    // no source value of a personal column anywhere in the target
    Set<String> personal = new HashSet<>();
    personal.addAll(column("shop", "SELECT email FROM customers"));
    personal.addAll(column("shop", "SELECT name FROM customers"));
    personal.addAll(column("shop", "SELECT phone FROM customers"));
    personal.addAll(column("shop", "SELECT ssn FROM customers"));
    personal.addAll(column("shop", "SELECT profile->'contact'->>'mobile' FROM customers"));
    personal.addAll(column("shop", "SELECT street FROM addresses"));
    personal.add("4111 1111 1111 1111");
    personal.add("DE89 3704 0044 0532 0130 00");
    personal.add("Little Whinging");
    String target = dump("copy1");
    assertThat(personal).allSatisfy(value -> assertThat(target).doesNotContain(value));
    assertThat(column("copy1", "SELECT loyalty_no::text FROM customers"))
        .doesNotContainAnyElementsOf(column("shop", "SELECT loyalty_no::text FROM customers"));

    // joins give the same row counts; unique columns stay unique
    for (String join : List.of(
        "SELECT count(*) FROM orders o JOIN customers c ON c.id = o.customer_id AND c.email = o.customer_email",
        "SELECT count(*) FROM addresses a JOIN customers c ON c.id = a.customer_id",
        "SELECT count(*) FROM order_items i JOIN orders o ON o.id = i.order_id JOIN customers c ON c.id = o.customer_id",
        "SELECT count(DISTINCT email) FROM customers", "SELECT count(DISTINCT ssn) FROM customers",
        "SELECT count(DISTINCT loyalty_no) FROM customers")) {
      assertThat(column("copy1", join)).as(join).isEqualTo(column("shop", join));
    }

    // types and formats kept
    assertThat(column("copy1", "SELECT email FROM customers")).allMatch(e -> e.matches("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+"));
    assertThat(column("copy1", "SELECT ssn FROM customers")).allMatch(s -> s.matches("\\d{3}-\\d{2}-\\d{4}"));
    assertThat(column("copy1", "SELECT loyalty_no::text FROM customers")).allMatch(s -> s.matches("[1-9]\\d{5}"));
    Map<String, String> births = pairs("SELECT id::text, birth_date::text FROM customers");
    Map<String, String> maskedBirths = pairs("copy1", "SELECT id::text, birth_date::text FROM customers");
    births.forEach((id, date) -> assertThat(Math.abs(ChronoUnit.DAYS.between(LocalDate.parse(date),
        LocalDate.parse(maskedBirths.get(id))))).isLessThanOrEqualTo(30));
    assertThat(column("copy1", "SELECT count(*) FROM customers WHERE credit_limit NOT BETWEEN 0 AND 10000"))
        .containsExactly("0");
    // a JSON number too large for a double stays that number (not the string "Infinity")
    assertThat(column("copy1", "SELECT json_typeof(payload->'amount') || ' ' || (payload->>'amount') FROM orders LIMIT 1"))
        .singleElement().asString().matches("number 1[eE]\\+?999999");
    assertThat(column("copy1", "SELECT count(*) FROM customers WHERE profile->>'tier' = 'gold'"))
        .containsExactly(String.valueOf(CUSTOMERS));
    // excluded tables are left alone; sequences continue after the copied keys
    assertThat(column("copy1", "SELECT count(*) FROM audit_log")).containsExactly("0");
    assertThat(column("copy1", "SELECT nextval('customers_id_seq')")).containsExactly(String.valueOf(CUSTOMERS + 1));

    // the same key gives the same target, however many threads mask (1: the reading thread itself), and
    // the same counts; another key a different one
    DatabaseMasker.Report serial = refresh("copy2", KEY_A, spec(), true, true, new ArrayList<>(),
        new DatabaseMasker(Clock.systemUTC(), 1));
    assertThat(dump("copy2")).isEqualTo(target);
    DatabaseMasker.Report threeWorkers = refresh("copy2", KEY_A, spec(), true, true, new ArrayList<>(),
        new DatabaseMasker(Clock.systemUTC(), 3));
    assertThat(dump("copy2")).as("a second refresh of the same target, by three workers").isEqualTo(target);
    for (DatabaseMasker.Report r : List.of(serial, threeWorkers)) {
      assertThat(r.stats().maskedValues()).isEqualTo(report.stats().maskedValues()).isPositive();
      assertThat(r.stats().detectorHitsTotal()).isEqualTo(report.stats().detectorHitsTotal()).isPositive();
    }
    refresh("copy3", KEY_B, spec(), true, true, new ArrayList<>());
    String other = dump("copy3");
    assertThat(other).isNotEqualTo(target);
    assertThat(column("copy3", "SELECT email FROM customers"))
        .doesNotContainAnyElementsOf(column("copy1", "SELECT email FROM customers"));
  }

  @Test
  void productionDataWithMaskingOffIsRefusedAndTheTargetKeepsItsRows() throws Exception {
    try (Connection t = pg.connect("cli"); Statement st = t.createStatement()) {
      st.execute("INSERT INTO audit_log (message) VALUES ('target row')");
    }
    DatabaseRefresh all = new DatabaseRefresh();
    assertThatThrownBy(() -> refresh("cli", KEY_A, all, false, true, new ArrayList<>()))
        .isInstanceOf(DatabaseRefreshException.class).hasMessageContaining("refused");
    assertThat(column("cli", "SELECT message FROM audit_log")).containsExactly("target row");
  }

  @Test
  void aRuleThatNamesNoColumnOrBreaksUniquenessIsRefusedBeforeAnythingIsWritten() throws Exception {
    try (Connection t = pg.connect("cli"); Statement st = t.createStatement()) {
      st.execute("TRUNCATE audit_log; INSERT INTO audit_log (message) VALUES ('kept')");
    }
    DatabaseRefresh typo = spec();
    typo.getRules().add(ShopDatabase.rule("customer", "email", Strategy.fake, "email"));
    assertThatThrownBy(() -> refresh("cli", KEY_A, typo, true, true, new ArrayList<>()))
        .isInstanceOf(DatabaseRefreshException.class).hasMessageContaining("names no column");
    DatabaseRefresh collide = spec();
    collide.getRules().add(0, ShopDatabase.rule("customers", "ssn", Strategy.partial, null));
    collide.getExcludeTables().clear();
    assertThatThrownBy(() -> refresh("cli", KEY_A, collide, true, true, new ArrayList<>()))
        .hasMessageContaining("customers.ssn").hasMessageContaining("collide");
    assertThat(column("cli", "SELECT message FROM audit_log")).containsExactly("kept");
  }

  @Test
  void theCliCopiesWithAKeyFileAndRefusesUnmaskedProductionDataWithExitCode2(@TempDir Path dir) throws Exception {
    Path key = dir.resolve("key");
    Files.write(key, "cli-key-0123456789abcdef".getBytes(StandardCharsets.UTF_8));
    Path summary = dir.resolve("summary.json");
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new StagelineCommand()).setErr(new PrintWriter(err, true));

    int refused = cli.execute("mask-db", "--source", pg.url("shop"), "--target", pg.url("cli"), "--no-masking",
        "--key-file", key.toString());
    assertThat(refused).isEqualTo(2);
    assertThat(err.toString()).contains("refused");

    int code = cli.execute("mask-db", "--source", pg.url("shop"), "--target", pg.url("cli"), "--source-stage", "staging",
        "--exclude", "audit_log", "--rule", "customers.email=fake:email", "--rule", "customers.name=fake:name",
        "--rule", "customers.ssn=keepFormat", "--key-file", key.toString(), "--summary-file", summary.toString());
    assertThat(code).as(err.toString()).isZero();
    assertThat(Files.readString(summary)).contains("\"tables\":4").contains("\"rows\":" + (7 * CUSTOMERS));
    assertThat(err.toString()).contains("copied public.customers (1/4)");
    assertThat(column("cli", "SELECT email FROM customers"))
        .doesNotContainAnyElementsOf(column("shop", "SELECT email FROM customers"));
  }

  private static List<String> column(String db, String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Connection c = pg.connect(db); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        values.add(rs.getString(1));
      }
    }
    return values;
  }

  private static Map<String, String> pairs(String sql) throws SQLException {
    return pairs("shop", sql);
  }

  private static Map<String, String> pairs(String db, String sql) throws SQLException {
    Map<String, String> values = new LinkedHashMap<>();
    try (Connection c = pg.connect(db); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        values.put(rs.getString(1), rs.getString(2));
      }
    }
    return values;
  }

  /** Every copied table's rows in key order, as COPY text. */
  private static String dump(String db) throws Exception {
    StringBuilder sb = new StringBuilder();
    try (Connection c = pg.connect(db)) {
      var copy = c.unwrap(PGConnection.class).getCopyAPI();
      for (String q : List.of("SELECT * FROM customers ORDER BY id", "SELECT * FROM addresses ORDER BY id",
          "SELECT * FROM orders ORDER BY id", "SELECT * FROM order_items ORDER BY order_id, sku")) {
        StringWriter w = new StringWriter();
        copy.copyOut("COPY (" + q + ") TO STDOUT", w);
        sb.append(w);
      }
    }
    return sb.toString();
  }
}
