package io.stageline.reliability;

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
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.stageline.api.v1alpha1.AccessPolicy;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.Promotion;
import io.stageline.testing.Awaits;
import io.stageline.testing.Environments;
import io.stageline.testing.OperatorExtension;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Secrets under stress: copied and generated while the API fails their writes and conflicts on
 * status, across a restart, with every logger of the operator, JOSDK and fabric8 at DEBUG: no known
 * value (plain or base64) appears in any log line, exception, event or status of any kind.
 */
class SecretsNeverLeakTest {
  private static final String VAULT = "stageline-vault";
  private static final String PASSWORD = "reliability-Pa55-" + Long.toHexString(System.nanoTime());
  @RegisterExtension OperatorExtension op = OperatorExtension.running();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Map<String, Level> levels = new HashMap<>();

  private KubernetesClient client() {
    return op.client();
  }

  @BeforeEach
  void recordEveryLogLine() {
    for (String name : List.of("io.stageline", "audit", "io.javaoperatorsdk", "io.fabric8.kubernetes.client")) {
      Logger logger = (Logger) org.slf4j.LoggerFactory.getLogger(name);
      levels.put(name, logger.getLevel());
      logger.setLevel(Level.DEBUG);
    }
    logs.start();
    ((Logger) org.slf4j.LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).addAppender(logs);
  }

  @AfterEach
  void restoreLogging() {
    ((Logger) org.slf4j.LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    levels.forEach((name, level) -> ((Logger) org.slf4j.LoggerFactory.getLogger(name)).setLevel(level));
  }

  @Test
  void noSecretValueReachesALogAnEventAStatusOrAnExceptionThroughFaultsAndRestarts() {
    client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(VAULT).endMetadata().build()).create();
    client().secrets().inNamespace(VAULT).resource(new SecretBuilder().withNewMetadata().withName("shop-db")
        .withNamespace(VAULT).endMetadata().addToData("password", b64(PASSWORD)).build()).create();
    Faults.Counted secretWrites = Faults.failFirst(4, 500, "InternalError",
        (method, path) -> !method.equals("GET") && path.contains("/secrets"));
    op.api().injectFault(secretWrites.fault());

    Environment env = Environments.test("vaulted").withQuotaAndLimits().build();
    env.getSpec().getSecrets().add(fromVault("db", "shop-db"));
    env.getSpec().getSecrets().add(generated("app", "session-key"));
    client().resource(env).create();
    await().atMost(Awaits.TIMEOUT).until(() -> Environments.isReady(client(), "vaulted"));
    assertThat(secretWrites.fired()).isEqualTo(4);

    op.stopOperator();
    op.api().injectFault(Faults.failFirst(2, 409, "Conflict", (method, path) -> path.contains("/status")).fault());
    op.startOperator();
    client().secrets().inNamespace("vaulted").withName("db").delete();
    await().atMost(Awaits.TIMEOUT).until(() -> client().secrets().inNamespace("vaulted").withName("db").get() != null);

    List<String> known = new ArrayList<>(List.of(PASSWORD));
    known.add(decode(client().secrets().inNamespace("vaulted").withName("app").get().getData().get("session-key")));
    client().secrets().inNamespace(op.operator().context().settings().operatorNamespace()).list().getItems()
        .forEach(s -> s.getData().values().forEach(v -> known.add(decode(v))));
    String seen = everythingObservable();
    assertThat(logs.list).isNotEmpty();
    for (String value : known) {
      assertThat(value).hasSizeGreaterThan(7);
      assertThat(seen).doesNotContain(value).doesNotContain(b64(value));
    }
  }

  private String everythingObservable() {
    StringBuilder seen = new StringBuilder();
    for (ILoggingEvent event : new ArrayList<>(logs.list)) {
      seen.append(event.getFormattedMessage()).append('\n');
      if (event.getThrowableProxy() != null) {
        seen.append(ThrowableProxyUtil.asString(event.getThrowableProxy())).append('\n');
      }
    }
    client().v1().events().inAnyNamespace().list().getItems().forEach(e -> seen.append(Serialization.asJson(e)));
    client().resources(Environment.class).list().getItems().forEach(e -> seen.append(Serialization.asJson(e.getStatus())));
    client().resources(AccessPolicy.class).list().getItems().forEach(p -> seen.append(Serialization.asJson(p.getStatus())));
    client().resources(Promotion.class).inAnyNamespace().list().getItems()
        .forEach(p -> seen.append(Serialization.asJson(p.getStatus())));
    seen.append(op.operator().context().metrics().scrape());
    return seen.toString();
  }
}
