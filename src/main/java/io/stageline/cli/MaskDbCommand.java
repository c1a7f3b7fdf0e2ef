package io.stageline.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.stageline.api.v1alpha1.DataMasking.Strategy;
import io.stageline.api.v1alpha1.DatabaseRefresh;
import io.stageline.api.v1alpha1.Stage;
import io.stageline.masking.FakeKind;
import io.stageline.masking.MaskingKey;
import io.stageline.masking.db.DatabaseMasker;
import io.stageline.masking.db.DatabaseRefreshException;
import io.stageline.masking.db.RefreshProgress;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code stageline mask-db}: a masked copy of a PostgreSQL database into another whose schema exists.
 * Passwords and the masking key come from the environment or files, never from the command line
 * (where {@code ps} would show them). Exit 0: copied; 2: refused or invalid (nothing written); 1: failed
 * (the target rolled back).
 */
@Command(name = "mask-db", mixinStandardHelpOptions = true,
    description = {
      "Copies tables of a PostgreSQL database into another one, masking personal data on the way:",
      "COPY out of the source, masked row by row, COPY into the target in foreign-key order, in one",
      "transaction. The target's schema must exist; its selected tables are emptied first.",
      "Passwords: STAGELINE_SOURCE_PASSWORD and STAGELINE_TARGET_PASSWORD (or in the URL).",
      "Masking key: --key-file, or STAGELINE_MASKING_KEY (base64, at least 16 bytes)."
    })
public class MaskDbCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--source", defaultValue = "${env:STAGELINE_SOURCE_URL}",
      description = "JDBC URL of the source, e.g. jdbc:postgresql://prod-db:5432/shop (or $STAGELINE_SOURCE_URL).")
  String sourceUrl;

  @Option(names = "--source-user", defaultValue = "${env:STAGELINE_SOURCE_USER}",
      description = "User on the source (or $STAGELINE_SOURCE_USER).")
  String sourceUser;

  @Option(names = "--target", defaultValue = "${env:STAGELINE_TARGET_URL}",
      description = "JDBC URL of the target (or $STAGELINE_TARGET_URL).")
  String targetUrl;

  @Option(names = "--target-user", defaultValue = "${env:STAGELINE_TARGET_USER}",
      description = "User on the target (or $STAGELINE_TARGET_USER).")
  String targetUser;

  @Option(names = "--source-stage", defaultValue = "production",
      description = "Stage of the source's data: development, test, staging or production (default: ${DEFAULT-VALUE}, "
          + "so that unknown data is treated as production data).")
  String sourceStage;

  @Option(names = "--spec", paramLabel = "FILE",
      description = "JSON or YAML with includeTables, excludeTables, rules and detectors, as in an Environment's "
          + "databaseRefreshes entry ($STAGELINE_REFRESH_SPEC may hold the same as JSON).")
  Path specFile;

  @Option(names = "--include", paramLabel = "GLOB", description = "Table to copy (schema.table or table, '*' globs).")
  List<String> include = new ArrayList<>();

  @Option(names = "--exclude", paramLabel = "GLOB", description = "Table to leave out.")
  List<String> exclude = new ArrayList<>();

  @Option(names = "--rule", paramLabel = "TABLE.COLUMN=STRATEGY[:FAKEKIND]",
      description = "A column rule, e.g. customers.email=fake:email or orders.note=redact.")
  List<String> rules = new ArrayList<>();

  @Option(names = "--no-detectors", description = "Do not run the PII detectors on unnamed text and JSON columns "
      + "(ignored for production data).")
  boolean noDetectors;

  @Option(names = "--no-masking", description = "Copy unmasked (refused for production data).")
  boolean noMasking;

  @Option(names = "--key-file", paramLabel = "FILE", description = "File holding the masking key's bytes.")
  Path keyFile;

  @Option(names = "--summary-file", paramLabel = "FILE",
      description = "Write a JSON summary (tables, rows, bytes, seconds, masked values) here, e.g. /dev/termination-log.")
  Path summaryFile;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    try {
      Stage stage = parseStage(sourceStage);
      boolean production = stage == Stage.production;
      DatabaseMasker.checkAllowed(!noMasking, production);
      DatabaseRefresh refresh = refreshSpec();
      MaskingKey key = key();
      try (Connection source = connect(sourceUrl, sourceUser, "STAGELINE_SOURCE_PASSWORD");
          Connection target = connect(targetUrl, targetUser, "STAGELINE_TARGET_PASSWORD")) {
        DatabaseMasker.Report report = new DatabaseMasker(Clock.systemUTC()).run(source, target,
            new DatabaseMasker.Options(refresh, !noMasking, production, key), p -> err.println(p.line()));
        String summary = summary(report);
        err.println("done: " + summary);
        if (summaryFile != null) {
          Files.writeString(summaryFile, summary, StandardCharsets.UTF_8);
        }
        return 0;
      }
    } catch (DatabaseRefreshException | IOException | SQLException e) {
      String message = e instanceof SQLException sql ? "cannot connect: " + DatabaseMasker.describe(sql)
          : e.getMessage();
      err.println("mask-db: " + message);
      writeFailure(message);
      return e instanceof DatabaseRefreshException && message.startsWith("refused") ? 2 : 1;
    } catch (IllegalArgumentException e) {
      err.println("mask-db: " + e.getMessage());
      writeFailure(e.getMessage());
      return 2;
    }
  }

  private void writeFailure(String message) {
    if (summaryFile == null) {
      return;
    }
    try {
      Files.writeString(summaryFile, new ObjectMapper().writeValueAsString(Map.of("error", message)),
          StandardCharsets.UTF_8);
    } catch (IOException ignored) {
      // the exit code and the log say it already
    }
  }

  private static String summary(DatabaseMasker.Report r) throws IOException {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("tables", r.tables().size());
    s.put("rows", r.rows());
    s.put("bytes", r.bytes());
    s.put("seconds", Math.round(r.elapsed().toMillis() / 100.0) / 10.0);
    s.put("maskedValues", r.stats().maskedValues());
    s.put("detectorHits", r.stats().detectorHitsTotal());
    return new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(s);
  }

  private static Stage parseStage(String value) {
    try {
      return Stage.valueOf(value.toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--source-stage must be development, test, staging or production");
    }
  }

  private DatabaseRefresh refreshSpec() throws IOException {
    DatabaseRefresh refresh;
    String fromEnv = System.getenv("STAGELINE_REFRESH_SPEC");
    KubernetesSerialization serialization = new KubernetesSerialization();
    if (specFile != null) {
      try (InputStream in = Files.newInputStream(specFile)) {
        refresh = serialization.unmarshal(in, DatabaseRefresh.class);
      }
    } else if (fromEnv != null && !fromEnv.isBlank()) {
      refresh = serialization.unmarshal(fromEnv, DatabaseRefresh.class);
    } else {
      refresh = new DatabaseRefresh();
    }
    refresh.getIncludeTables().addAll(include);
    refresh.getExcludeTables().addAll(exclude);
    for (String r : rules) {
      refresh.getRules().add(parseRule(r));
    }
    if (noDetectors) {
      refresh.setDetectors(false);
    }
    return refresh;
  }

  static DatabaseRefresh.ColumnRule parseRule(String text) {
    int eq = text.indexOf('=');
    int dot = eq < 0 ? -1 : text.lastIndexOf('.', eq);
    if (eq < 0 || dot <= 0) {
      throw new IllegalArgumentException("--rule " + text + ": expected TABLE.COLUMN=STRATEGY[:FAKEKIND]");
    }
    DatabaseRefresh.ColumnRule rule = new DatabaseRefresh.ColumnRule();
    rule.setTable(text.substring(0, dot));
    rule.setColumn(text.substring(dot + 1, eq));
    String[] how = text.substring(eq + 1).split(":", 2);
    try {
      rule.setStrategy("null".equals(how[0]) ? Strategy.nullify : Strategy.valueOf(how[0]));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--rule " + text + ": unknown strategy " + how[0]);
    }
    if (how.length > 1) {
      FakeKind.parse(how[1]).orElseThrow(() -> new IllegalArgumentException("--rule " + text + ": unknown fake kind"));
      rule.setFakeKind(how[1]);
    }
    return rule;
  }

  private MaskingKey key() throws IOException {
    if (keyFile != null) {
      return MaskingKey.of(Files.readAllBytes(keyFile));
    }
    String encoded = System.getenv("STAGELINE_MASKING_KEY");
    if (encoded == null || encoded.isBlank()) {
      throw new IllegalArgumentException("no masking key: give --key-file or STAGELINE_MASKING_KEY; "
          + "the same key gives the same masked values on every run");
    }
    return MaskingKey.of(Base64.getDecoder().decode(encoded.strip()));
  }

  private static Connection connect(String url, String user, String passwordVariable) throws SQLException {
    if (url == null || !url.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("--source and --target (or STAGELINE_SOURCE_URL and STAGELINE_TARGET_URL) "
          + "are JDBC URLs starting with jdbc:postgresql:");
    }
    Properties props = new Properties();
    if (user != null) {
      props.setProperty("user", user);
    }
    String password = System.getenv(passwordVariable);
    if (password != null) {
      props.setProperty("password", password);
    }
    props.setProperty("ApplicationName", "stageline mask-db");
    return DriverManager.getConnection(url, props);
  }
}
