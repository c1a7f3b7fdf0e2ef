package io.stageline.environment.seed;

import static io.stageline.environment.TestEnvironments.get;
import static io.stageline.environment.TestEnvironments.hasCondition;
import static io.stageline.environment.TestEnvironments.hasEvent;
import static io.stageline.testing.Environments.isReady;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.api.Labels;
import io.stageline.api.v1alpha1.DataMasking.Strategy;
import io.stageline.api.v1alpha1.DataMasking;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.EnvironmentConditions;
import io.stageline.api.v1alpha1.SeedData;
import io.stageline.api.v1alpha1.SeedStatus;
import io.stageline.masking.SyntheticDataGenerator;
import io.stageline.testing.Edits;
import io.stageline.testing.Environments;
import io.stageline.testing.OperatorExtension;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

class SeedDataTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CUSTOMERS_CSV = """
      id,name,email,phone,card
      1,Jane Doe,jane.doe@corp.test,+49 30 1234567,4111 1111 1111 1111
      2,John Roe,john.roe@corp.test,+44 20 7946 0958,5500005555555559
      """;
  private static final String ORDERS_JSON = """
      {"orders": [{"customer": "jane.doe@corp.test", "iban": "DE89370400440532013000", "ip": "198.51.100.7"}]}""";
  private static final String DB_PASSWORD = "s3cr3t-Passw0rd-xyz";
  private static final String SECRET_CARD = "4000056655665556";
  private static final List<String> ORIGINALS = List.of("Jane Doe", "jane.doe@corp.test", "1234567", "4111 1111 1111 1111",
      "John Roe", "john.roe@corp.test", "7946 0958", "5500005555555559", "DE89370400440532013000", "198.51.100.7",
      DB_PASSWORD, SECRET_CARD);

  @RegisterExtension
  OperatorExtension op = OperatorExtension.running();

  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  @BeforeEach
  void captureLogs() {
    logs.start();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
    ((Logger) LoggerFactory.getLogger("audit")).addAppender(logs);
  }

  @AfterEach
  void stopCapture() {
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    ((Logger) LoggerFactory.getLogger("audit")).detachAppender(logs);
  }

  private KubernetesClient client() {
    return op.client();
  }

  @Test
  void productionDataSeededToStagingIsMaskedByRulesAndDetectors() throws Exception {
    givenProductionWithCustomerData();

    client().resource(Environments.staging("staging").with(spec -> {
      spec.setDataMasking(masking(csvRule("customers.csv", "name", Strategy.fake, "name"),
          jsonRule("orders.json", "$.orders[*].customer", Strategy.hash)));
      spec.setSeedData(new ArrayList<>(List.of(fromProduction("customers", SeedData.Kind.ConfigMap),
          secretsFromProduction())));
    }).build()).create();

    await().until(() -> hasCondition(client(), "staging", EnvironmentConditions.Type.SEED_DATA_READY, true, EnvironmentConditions.Reason.SEEDED));
    ConfigMap copy = client().configMaps().inNamespace("staging").withName("customers").get();
    String csv = copy.getData().get("customers.csv");
    assertThat(csv).startsWith("id,name,email,phone,card\n1,").hasLineCount(3);
    assertThat(csv.lines().skip(1).map(l -> l.split(",")[1])).allMatch(n -> n.matches("[A-Z][a-z]+ [A-Z][a-z]+"));
    JsonNode orders = JSON.readTree(copy.getData().get("orders.json"));
    assertThat(orders.at("/orders/0/customer").asText()).matches("[0-9a-f]{64}");
    assertThat(copy.getData().get("settings.properties")).isEqualTo("replicas=3\nlog.level=info\n");
    Secret secret = client().secrets().inNamespace("staging").withName("payment-api").get();
    String card = decode(secret, "card");
    assertThat(card).hasSize(16).isNotEqualTo(SECRET_CARD);
    // a Secret's keys that no rule names keep only their format: no detector knows a password
    assertThat(decode(secret, "password")).hasSize(DB_PASSWORD.length()).isNotEqualTo(DB_PASSWORD);
    assertThat(copy.getMetadata().getLabels()).containsEntry(Labels.MASKED, "true").containsEntry(Labels.SEED_SOURCE, "prod");

    String everything = copy.getData().toString() + decode(secret, "password") + card + decode(secret, "owner");
    assertThat(ORIGINALS).allSatisfy(original -> assertThat(everything).doesNotContain(original));

    SeedStatus seed = get(client(), "staging").getStatus().getSeed();
    assertThat(seed.getObjects()).containsExactly("ConfigMap/customers", "Secret/payment-api");
    assertThat(seed.getDetectorHits()).isGreaterThanOrEqualTo(8);
    assertThat(seed.getDetectorHitsByDetector()).containsKeys("email", "phone", "card", "iban", "ipv4");
    assertThat(seed.getMaskedValues()).isGreaterThan(seed.getDetectorHits());
    assertThat(op.operator().context().metrics().scrape())
        .contains("stageline_seed_detector_hits_total{detector=\"card\",environment=\"staging\"}");
    assertThat(hasEvent(client(), "staging", "Normal", EnvironmentConditions.Reason.SEED_DATA_COPIED)).isTrue();
  }

  @Test
  void aMaskingRuleKeyOfManyStarsIsMatchedInLinearTimeAndTheEnvironmentStaysAnsweredAndDeletable() {
    givenProductionWithCustomerData();
    // as a regular expression (.*.*.*...) with matches() this key pinned a reconcile thread for good
    String stars = "*".repeat(240) + ".csv";

    client().resource(Environments.staging("staging").with(spec -> {
      spec.setDataMasking(masking(rule(stars, Strategy.redact), rule("*".repeat(248) + "x", Strategy.redact)));
      spec.setSeedData(new ArrayList<>(List.of(fromProduction("customers", SeedData.Kind.ConfigMap))));
    }).build()).create();

    await().until(() -> hasCondition(client(), "staging", EnvironmentConditions.Type.SEED_DATA_READY, true, EnvironmentConditions.Reason.SEEDED));
    ConfigMap copy = client().configMaps().inNamespace("staging").withName("customers").get();
    assertThat(copy.getData().get("customers.csv")).isEqualTo("REDACTED");
    assertThat(copy.getData().get("settings.properties")).isEqualTo("replicas=3\nlog.level=info\n");

    client().resources(io.stageline.api.v1alpha1.Environment.class).withName("staging").delete();
    await().until(() -> get(client(), "staging") == null);
  }

  @Test
  void anUnmaskedCopyFromProductionIsRefusedAndNothingIsCopied() {
    givenProductionWithCustomerData();

    client().resource(Environments.staging("staging").with(spec -> {
      DataMasking off = new DataMasking();
      off.setEnabled(false);
      spec.setDataMasking(off);
      spec.setSeedData(new ArrayList<>(List.of(fromProduction("customers", SeedData.Kind.ConfigMap))));
    }).build()).create();

    await().until(() -> hasCondition(client(), "staging", EnvironmentConditions.Type.SEED_DATA_READY, false, EnvironmentConditions.Reason.MASKING_REQUIRED));
    await().until(() -> hasEvent(client(), "staging", "Warning", EnvironmentConditions.Reason.MASKING_REQUIRED));
    assertThat(op.operator().context().auditor().recent())
        .anyMatch(a -> a.name().equals("staging") && a.reason().equals(EnvironmentConditions.Reason.MASKING_REQUIRED)
            && a.outcome().name().equals("Refused"));
    assertThat(client().configMaps().inNamespace("staging").withName("customers").get()).isNull();
    assertThat(get(client(), "staging").getStatus().isReady()).isFalse();
  }

  @Test
  void maskingCanBeSwitchedOffForDataThatDoesNotComeFromProductionAndTheAuditLineSaysSo() {
    client().resource(Environments.staging("staging").build()).create();
    await().until(() -> isReady(client(), "staging"));
    client().resource(new ConfigMapBuilder().withNewMetadata().withName("fixtures").withNamespace("staging").endMetadata()
        .addToData("users.csv", "name,email\nTest User,test.user@corp.test\n").build()).create();
    client().resource(Environments.test("test").with(spec -> {
      DataMasking off = new DataMasking();
      off.setEnabled(false);
      spec.setDataMasking(off);
      SeedData seed = new SeedData();
      seed.setFromEnvironment("staging");
      seed.setName("fixtures");
      spec.setSeedData(new ArrayList<>(List.of(seed)));
    }).build()).create();

    await().until(() -> hasCondition(client(), "test", EnvironmentConditions.Type.SEED_DATA_READY, true, EnvironmentConditions.Reason.SEEDED));
    assertThat(client().configMaps().inNamespace("test").withName("fixtures").get().getData().get("users.csv"))
        .contains("test.user@corp.test");
    assertThat(op.operator().context().auditor().recent())
        .anyMatch(a -> a.name().equals("test") && a.reason().equals(EnvironmentConditions.Reason.SEED_DATA_COPIED)
            && a.message().contains("ConfigMap/fixtures (unmasked)"));
  }

  @Test
  void syntheticDataIsTheSameForTheSameSeedAndNeedsNoProductionCopy() {
    SeedData.Synthetic shape = synthetic(42);
    client().resource(Environments.development("dev").with(spec ->
        spec.setSeedData(new ArrayList<>(List.of(syntheticEntry(shape))))).build()).create();
    client().resource(Environments.test("test").with(spec ->
        spec.setSeedData(new ArrayList<>(List.of(syntheticEntry(synthetic(42)))))).build()).create();
    client().resource(Environments.test("qa").with(spec ->
        spec.setSeedData(new ArrayList<>(List.of(syntheticEntry(synthetic(7)))))).build()).create();

    await().until(() -> isReady(client(), "dev") && isReady(client(), "test") && isReady(client(), "qa"));
    String dev = client().configMaps().inNamespace("dev").withName("customers").get().getData().get("data.csv");
    String test = client().configMaps().inNamespace("test").withName("customers").get().getData().get("data.csv");
    String qa = client().configMaps().inNamespace("qa").withName("customers").get().getData().get("data.csv");
    assertThat(dev).isEqualTo(test).isEqualTo(SyntheticDataGenerator.generate(shape).content()).hasLineCount(21);
    assertThat(qa).isNotEqualTo(dev).hasLineCount(21);
    assertThat(get(client(), "dev").getStatus().getSeed().getObjects()).containsExactly("ConfigMap/customers");
  }

  @Test
  void reseedingWithNothingChangedWritesNothingAndRemovingSeedingPrunesTheCopies() {
    client().resource(Environments.development("dev").with(spec ->
        spec.setSeedData(new ArrayList<>(List.of(syntheticEntry(synthetic(1)))))).build()).create();
    await().until(() -> isReady(client(), "dev"));
    String version = client().configMaps().inNamespace("dev").withName("customers").get().getMetadata().getResourceVersion();

    Environment changed = Edits.edit(client().resources(Environment.class).withName("dev"), e -> {
      e.getSpec().setDeletionPolicy(io.stageline.api.v1alpha1.EnvironmentSpec.DeletionPolicy.Delete);
      return e;
    });
    await().until(() -> changed.getMetadata().getGeneration().equals(get(client(), "dev").getStatus().getObservedGeneration()));
    assertThat(client().configMaps().inNamespace("dev").withName("customers").get().getMetadata().getResourceVersion())
        .isEqualTo(version);

    Edits.edit(client().resources(Environment.class).withName("dev"), e -> {
      e.getSpec().setSeedData(new ArrayList<>());
      return e;
    });
    await().until(() -> client().configMaps().inNamespace("dev").withName("customers").get() == null);
    await().until(() -> get(client(), "dev").getStatus().getSeed() == null);
  }

  @Test
  void theMaskingKeyOutlivesAnOperatorRestartSoHashesStayTheSame() {
    givenProductionWithCustomerData();
    client().resource(Environments.staging("staging").with(spec -> {
      spec.setDataMasking(masking(jsonRule("orders.json", "$.orders[*].customer", Strategy.hash)));
      spec.setSeedData(new ArrayList<>(List.of(fromProduction("customers", SeedData.Kind.ConfigMap))));
    }).build()).create();
    await().until(() -> hasCondition(client(), "staging", EnvironmentConditions.Type.SEED_DATA_READY, true, EnvironmentConditions.Reason.SEEDED));
    ConfigMap before = client().configMaps().inNamespace("staging").withName("customers").get();
    Secret key = client().secrets().inNamespace("stageline-system").withName("stageline-masking-key-staging").get();
    assertThat(key.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(o -> assertThat(o.getName()).isEqualTo("staging"));
    assertThat(client().secrets().inNamespace("staging").list().getItems())
        .noneMatch(s -> s.getMetadata().getName().startsWith("stageline-masking-key"));

    op.stopOperator();
    op.startOperator();
    Edits.edit(client().resources(Environment.class).withName("staging"), e -> {
      e.getSpec().setDeletionPolicy(io.stageline.api.v1alpha1.EnvironmentSpec.DeletionPolicy.Delete);
      return e;
    });
    await().until(() -> get(client(), "staging").getMetadata().getGeneration()
        .equals(get(client(), "staging").getStatus().getObservedGeneration()));

    ConfigMap after = client().configMaps().inNamespace("staging").withName("customers").get();
    assertThat(after.getData()).isEqualTo(before.getData());
    assertThat(after.getMetadata().getResourceVersion()).isEqualTo(before.getMetadata().getResourceVersion());
  }

  @Test
  void anEditedOrDeletedCopyIsPutBack() {
    client().resource(Environments.development("dev").with(spec ->
        spec.setSeedData(new ArrayList<>(List.of(syntheticEntry(synthetic(3)))))).build()).create();
    await().until(() -> isReady(client(), "dev"));
    String seeded = client().configMaps().inNamespace("dev").withName("customers").get().getData().get("data.csv");

    Edits.edit(client().configMaps().inNamespace("dev").withName("customers"), cm -> {
      cm.getData().put("data.csv", "tampered");
      return cm;
    });
    await().until(() -> seeded.equals(
        client().configMaps().inNamespace("dev").withName("customers").get().getData().get("data.csv")));

    client().configMaps().inNamespace("dev").withName("customers").delete();
    await().until(() -> {
      ConfigMap back = client().configMaps().inNamespace("dev").withName("customers").get();
      return back != null && seeded.equals(back.getData().get("data.csv"));
    });
  }

  @Test
  void anObjectSeedingDidNotWriteIsNeverOverwritten() {
    givenProductionWithCustomerData();
    client().resource(Environments.staging("staging").build()).create();
    await().until(() -> isReady(client(), "staging"));
    client().resource(new ConfigMapBuilder().withNewMetadata().withName("customers").withNamespace("staging").endMetadata()
        .addToData("mine", "keep").build()).create();

    Edits.edit(client().resources(Environment.class).withName("staging"), e -> {
      e.getSpec().setSeedData(new ArrayList<>(List.of(fromProduction("customers", SeedData.Kind.ConfigMap))));
      return e;
    });

    await().until(() -> hasCondition(client(), "staging", EnvironmentConditions.Type.SEED_DATA_READY, false, EnvironmentConditions.Reason.SEED_TARGET_EXISTS));
    assertThat(client().configMaps().inNamespace("staging").withName("customers").get().getData()).containsOnlyKeys("mine");
  }

  @Test
  void secretValuesNeverAppearInStatusEventsOrLogs() throws Exception {
    givenProductionWithCustomerData();
    client().resource(Environments.staging("staging").with(spec -> {
      spec.setDataMasking(masking(rule("password", Strategy.redact)));
      spec.setSeedData(new ArrayList<>(List.of(secretsFromProduction(), fromProduction("customers", SeedData.Kind.ConfigMap))));
    }).build()).create();
    // and a refused copy, whose messages must not leak either
    client().resource(Environments.development("dev").with(spec -> {
      DataMasking off = new DataMasking();
      off.setEnabled(false);
      spec.setDataMasking(off);
      spec.setSeedData(new ArrayList<>(List.of(secretsFromProduction())));
    }).build()).create();

    await().until(() -> hasCondition(client(), "staging", EnvironmentConditions.Type.SEED_DATA_READY, true, EnvironmentConditions.Reason.SEEDED)
        && hasCondition(client(), "dev", EnvironmentConditions.Type.SEED_DATA_READY, false, EnvironmentConditions.Reason.MASKING_REQUIRED));
    assertThat(decode(client().secrets().inNamespace("staging").withName("payment-api").get(), "password"))
        .isEqualTo("REDACTED");

    String statuses = JSON.writeValueAsString(client().resources(Environment.class).list().getItems().stream()
        .map(Environment::getStatus).toList());
    String events = JSON.writeValueAsString(client().v1().events().inAnyNamespace().list().getItems());
    String logLines = String.join("\n", logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList());
    assertThat(logLines).contains("SeedDataCopied");
    for (String original : ORIGINALS) {
      assertThat(statuses).doesNotContain(original);
      assertThat(events).doesNotContain(original);
      assertThat(logLines).doesNotContain(original);
    }
  }

  private void givenProductionWithCustomerData() {
    client().resource(Environments.production("prod").build()).create();
    await().until(() -> isReady(client(), "prod"));
    client().resource(new ConfigMapBuilder().withNewMetadata().withName("customers").withNamespace("prod").endMetadata()
        .addToData("customers.csv", CUSTOMERS_CSV)
        .addToData("orders.json", ORDERS_JSON)
        .addToData("settings.properties", "replicas=3\nlog.level=info\n")
        .build()).create();
    client().resource(new SecretBuilder().withNewMetadata().withName("payment-api").withNamespace("prod")
            .addToLabels("seed", "yes").endMetadata()
        .addToData("password", encode(DB_PASSWORD))
        .addToData("card", encode(SECRET_CARD))
        .addToData("owner", encode("Owner: jane.doe@corp.test"))
        .build()).create();
  }

  private static SeedData fromProduction(String name, SeedData.Kind kind) {
    SeedData seed = new SeedData();
    seed.setFromEnvironment("prod");
    seed.setKind(kind);
    seed.setName(name);
    return seed;
  }

  private static SeedData secretsFromProduction() {
    SeedData seed = new SeedData();
    seed.setFromEnvironment("prod");
    seed.setKind(SeedData.Kind.Secret);
    seed.setSelector(new LabelSelectorBuilder().addToMatchLabels("seed", "yes").build());
    return seed;
  }

  private static SeedData.Synthetic synthetic(long seed) {
    SeedData.Synthetic s = new SeedData.Synthetic();
    s.setName("customers");
    s.setRows(20);
    s.setSeed(seed);
    s.setFields(new ArrayList<>(List.of(field("id", "sequence"), field("name", "name"), field("email", "email"),
        field("iban", "iban"))));
    return s;
  }

  private static SeedData syntheticEntry(SeedData.Synthetic shape) {
    SeedData seed = new SeedData();
    seed.setSynthetic(shape);
    return seed;
  }

  private static SeedData.Field field(String name, String kind) {
    SeedData.Field f = new SeedData.Field();
    f.setName(name);
    f.setKind(kind);
    return f;
  }

  private static DataMasking masking(DataMasking.Rule... rules) {
    DataMasking m = new DataMasking();
    m.setRules(new ArrayList<>(List.of(rules)));
    return m;
  }

  private static DataMasking.Rule rule(String key, Strategy strategy) {
    DataMasking.Rule r = new DataMasking.Rule();
    r.setKey(key);
    r.setStrategy(strategy);
    return r;
  }

  private static DataMasking.Rule csvRule(String key, String column, Strategy strategy, String kind) {
    DataMasking.Rule r = rule(key, strategy);
    r.setCsvColumn(column);
    r.setFakeKind(kind);
    return r;
  }

  private static DataMasking.Rule jsonRule(String key, String path, Strategy strategy) {
    DataMasking.Rule r = rule(key, strategy);
    r.setJsonPath(path);
    return r;
  }

  private static String encode(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(Secret secret, String key) {
    return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
  }
}
