package io.stageline.environment;

import static io.stageline.environment.TestEnvironments.get;
import static io.stageline.environment.TestEnvironments.hasCondition;
import static io.stageline.environment.TestEnvironments.hasEvent;
import static io.stageline.testing.Environments.isReady;
import static io.stageline.testing.SecretFixtures.b64;
import static io.stageline.testing.SecretFixtures.decode;
import static io.stageline.testing.SecretFixtures.fromVault;
import static io.stageline.testing.SecretFixtures.generated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.stageline.api.Labels;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.EnvironmentConditions;
import io.stageline.api.v1alpha1.StatusConditions;
import io.stageline.testing.Edits;
import io.stageline.testing.Environments;
import io.stageline.testing.OperatorExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

class EnvironmentSecretsTest {
  private static final String VAULT = "stageline-vault";
  private static final String DB_PASSWORD = "vault-S3cr3t-Value-7781";
  private static final String API_TOKEN = "tok-4f1e9a77c0de";

  @RegisterExtension
  OperatorExtension op = OperatorExtension.running();

  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Map<String, Level> levels = new java.util.HashMap<>();

  private KubernetesClient client() {
    return op.client();
  }

  /** Every log line of the run, at DEBUG for Stageline, the audit trail and JOSDK. */
  @BeforeEach
  void captureLogs() {
    Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    for (String name : List.of("io.stageline", "audit", "io.javaoperatorsdk")) {
      Logger logger = (Logger) LoggerFactory.getLogger(name);
      levels.put(name, logger.getLevel());
      logger.setLevel(Level.DEBUG);
    }
    logs.start();
    root.addAppender(logs);
    client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(VAULT).endMetadata().build()).create();
    client().secrets().inNamespace(VAULT).resource(new SecretBuilder()
        .withNewMetadata().withName("shop-db").withNamespace(VAULT).endMetadata()
        .addToData("password", b64(DB_PASSWORD))
        .addToData("token", b64(API_TOKEN))
        .addToData("unused", b64("not-copied"))
        .build()).create();
  }

  @AfterEach
  void restoreLogs() {
    ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    levels.forEach((name, level) -> ((Logger) LoggerFactory.getLogger(name)).setLevel(level));
  }

  @Test
  void copiesNamedKeysFromTheVaultAndFollowsItsChanges() {
    client().resource(Environments.development("dev").with(spec -> spec.getSecrets().add(fromVault("db", "shop-db",
        "password", "token"))).build()).create();

    await().until(() -> isReady(client(), "dev"));
    Secret copy = client().secrets().inNamespace("dev").withName("db").get();
    assertThat(copy.getData()).containsOnlyKeys("password", "token").containsEntry("password", b64(DB_PASSWORD));
    assertThat(get(client(), "dev").getStatus().getSecrets().get(0).getKeys()).containsExactly("password", "token");

    Edits.edit(client().secrets().inNamespace(VAULT).withName("shop-db"), s -> {
      s.getData().put("password", b64(DB_PASSWORD + "-rotated"));
      return s;
    });

    await().until(() -> b64(DB_PASSWORD + "-rotated").equals(
        client().secrets().inNamespace("dev").withName("db").get().getData().get("password")));
    assertNoSecretValueLeaked(DB_PASSWORD, DB_PASSWORD + "-rotated", API_TOKEN);
  }

  @Test
  void generatedValuesStayAcrossRestartsAndRotateOnRequest() {
    client().resource(Environments.development("dev").with(spec -> spec.getSecrets().add(generated("app", "session-key"))).build()).create();
    await().until(() -> isReady(client(), "dev"));
    String first = client().secrets().inNamespace("dev").withName("app").get().getData().get("session-key");
    assertThat(decode(first)).hasSize(24).matches("[A-Za-z0-9]+");

    op.stopOperator();
    op.startOperator();
    Edits.edit(client().resources(Environment.class).withName("dev"), e -> {
      e.getMetadata().getLabels().put("touched", "yes");
      return e;
    });
    // the restarted operator has reconciled the Environment (a regenerated value would be written by now)
    await().until(() -> op.reconciles("environment") >= 1 && isReady(client(), "dev"));
    assertThat(client().secrets().inNamespace("dev").withName("app").get().getData().get("session-key")).isEqualTo(first);

    Edits.edit(client().resources(Environment.class).withName("dev"), e -> {
      e.getMetadata().getAnnotations().put(Labels.ROTATE_SECRETS, "2026-11-24");
      return e;
    });

    await().until(() -> !first.equals(client().secrets().inNamespace("dev").withName("app").get().getData().get("session-key")));
    String second = client().secrets().inNamespace("dev").withName("app").get().getData().get("session-key");
    await().until(() -> hasEvent(client(), "dev", "Normal", "SecretRotated"));
    assertThat(client().secrets().inNamespace("dev").withName("app").get().getData().get("session-key")).isEqualTo(second);
    assertNoSecretValueLeaked(decode(first), decode(second), DB_PASSWORD, API_TOKEN);
  }

  @Test
  void productionCannotGenerateSecrets() {
    // the CEL rule refuses this at admission (the embedded API enforces it as kube-apiserver does);
    // the reconciler would still refuse it if it got through
    io.fabric8.kubernetes.client.KubernetesClientException refused = org.assertj.core.api.Assertions.catchThrowableOfType(
        io.fabric8.kubernetes.client.KubernetesClientException.class,
        () -> client().resource(Environments.production("prod").with(spec -> spec.getSecrets().add(generated("app", "k"))).build())
            .create());

    assertThat(refused.getCode()).isEqualTo(422);
    assertThat(refused.getStatus().getMessage()).contains("production cannot use generated secrets");
    assertThat(client().resources(Environment.class).withName("prod").get()).isNull();
  }

  @Test
  void missingVaultSecretOrKeyIsReported() {
    client().resource(Environments.development("dev").with(spec -> spec.getSecrets().add(fromVault("db", "nope"))).build()).create();
    await().until(() -> hasCondition(client(), "dev", EnvironmentConditions.Type.SECRETS_READY, false, "VaultSecretNotFound"));
    assertThat(hasCondition(client(), "dev", StatusConditions.READY, false, "VaultSecretNotFound")).isTrue();

    client().resource(Environments.test("test").with(spec -> spec.getSecrets().add(fromVault("db", "shop-db", "missing-key"))).build()).create();
    await().until(() -> hasCondition(client(), "test", EnvironmentConditions.Type.SECRETS_READY, false, "VaultKeyNotFound"));
    assertThat(client().secrets().inNamespace("test").withName("db").get()).isNull();
  }

  @Test
  void aVaultSecretGoesOnlyToTheStagesItAllows() {
    client().secrets().inNamespace(VAULT).resource(new SecretBuilder()
        .withNewMetadata().withName("shop-db-production").withNamespace(VAULT).endMetadata()
        .addToData("password", b64(DB_PASSWORD)).build()).create();
    client().secrets().inNamespace(VAULT).resource(new SecretBuilder()
        .withNewMetadata().withName("payments").withNamespace(VAULT)
        .addToAnnotations("stageline.io/allowed-stages", "staging, production").endMetadata()
        .addToData("token", b64(API_TOKEN)).build()).create();

    client().resource(Environments.development("dev").with(spec -> spec.getSecrets().add(
        fromVault("db", "shop-db-production", "password"))).build()).create();
    await().until(() -> hasCondition(client(), "dev", EnvironmentConditions.Type.SECRETS_READY, false, "VaultSecretNotAllowed"));
    assertThat(get(client(), "dev").getStatus().getConditions()).anyMatch(c -> "VaultSecretNotAllowed".equals(c.getReason())
        && c.getMessage().contains("may be copied into production, not into development"));
    await().until(() -> hasEvent(client(), "dev", "Warning", "VaultSecretNotAllowed"));
    assertThat(client().secrets().inNamespace("dev").withName("db").get()).as("nothing copied").isNull();

    client().resource(Environments.test("test").with(spec -> spec.getSecrets().add(
        fromVault("payments", "payments", "token"))).build()).create();
    await().until(() -> hasCondition(client(), "test", EnvironmentConditions.Type.SECRETS_READY, false, "VaultSecretNotAllowed"));
    client().resource(Environments.staging("staging").with(spec -> spec.getSecrets().add(
        fromVault("payments", "payments", "token"))).build()).create();
    await().until(() -> isReady(client(), "staging"));
    assertThat(client().secrets().inNamespace("staging").withName("payments").get().getData())
        .containsEntry("token", b64(API_TOKEN));
    assertThat(client().secrets().inNamespace("test").withName("payments").get()).isNull();
    assertNoSecretValueLeaked(DB_PASSWORD, API_TOKEN);
  }

  @Test
  void aSecretDroppedFromTheSpecIsRemoved() {
    client().resource(Environments.development("dev").with(spec -> spec.getSecrets().add(generated("app", "k"))).build()).create();
    await().until(() -> client().secrets().inNamespace("dev").withName("app").get() != null);

    Edits.edit(client().resources(Environment.class).withName("dev"), e -> {
      e.getSpec().setSecrets(new ArrayList<>());
      return e;
    });

    await().until(() -> client().secrets().inNamespace("dev").withName("app").get() == null);
  }

  /** No known value (plain or base64) in any log line, exception, event or status of the run. */
  private void assertNoSecretValueLeaked(String... values) {
    StringBuilder seen = new StringBuilder();
    for (ILoggingEvent event : new ArrayList<>(logs.list)) {
      seen.append(event.getFormattedMessage()).append('\n');
      if (event.getThrowableProxy() != null) {
        seen.append(ThrowableProxyUtil.asString(event.getThrowableProxy())).append('\n');
      }
    }
    client().v1().events().inAnyNamespace().list().getItems().forEach(e -> seen.append(Serialization.asJson(e)).append('\n'));
    client().resources(Environment.class).list().getItems()
        .forEach(e -> seen.append(Serialization.asJson(e.getStatus())).append('\n'));
    assertThat(logs.list).isNotEmpty();
    for (String value : values) {
      assertThat(seen.toString()).doesNotContain(value).doesNotContain(b64(value));
    }
  }
}
