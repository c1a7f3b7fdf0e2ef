package io.stageline.environment;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.EnvironmentSpec;
import io.stageline.api.v1alpha1.Limits;
import io.stageline.api.v1alpha1.Stage;
import io.stageline.conditions.Conditions;
import io.stageline.testing.Awaits;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/** Fixtures and assertions for Environment tests. */
public final class TestEnvironments {
  private TestEnvironments() {}

  public static Environment environment(String name, Stage stage) {
    return environment(name, stage, spec -> {});
  }

  public static Environment environment(String name, Stage stage, Consumer<EnvironmentSpec> customizer) {
    Environment env = new Environment();
    env.setMetadata(new ObjectMetaBuilder().withName(name).build());
    EnvironmentSpec spec = new EnvironmentSpec();
    spec.setStage(stage);
    if (stage == Stage.production) {
      // a stand-alone production: the platform lets releases enter the path there
      io.stageline.api.v1alpha1.PromotionPolicy entry = new io.stageline.api.v1alpha1.PromotionPolicy();
      entry.setEntryStage(true);
      spec.setPromotionPolicy(entry);
    }
    customizer.accept(spec);
    env.setSpec(spec);
    return env;
  }

  public static Map<String, Quantity> quota() {
    return Map.of("requests.cpu", new Quantity("4"), "pods", new Quantity("20"));
  }

  public static Limits limits() {
    Limits limits = new Limits();
    limits.setDefaultRequest(Map.of("cpu", new Quantity("100m"), "memory", new Quantity("128Mi")));
    limits.setDefaultLimit(Map.of("cpu", new Quantity("500m"), "memory", new Quantity("256Mi")));
    return limits;
  }

  /** Generous on purpose: a loaded 2-core machine can take many seconds for what takes one when idle. */
  public static ConditionFactory await() {
    return Awaitility.await().atMost(Awaits.TIMEOUT).pollInterval(Duration.ofMillis(100));
  }

  public static Environment get(KubernetesClient client, String name) {
    return client.resources(Environment.class).withName(name).get();
  }

  public static boolean isReady(KubernetesClient client, String name) {
    Environment env = get(client, name);
    return env != null && env.getStatus() != null && env.getStatus().isReady();
  }

  public static String conditionStatus(Environment env, String type) {
    return env == null || env.getStatus() == null ? null
        : env.getStatus().findCondition(type).map(c -> c.getStatus()).orElse(null);
  }

  public static String conditionReason(Environment env, String type) {
    return env == null || env.getStatus() == null ? null
        : env.getStatus().findCondition(type).map(c -> c.getReason()).orElse(null);
  }

  public static boolean hasCondition(KubernetesClient client, String name, String type, boolean status, String reason) {
    Environment env = get(client, name);
    return (status ? Conditions.TRUE : Conditions.FALSE).equals(conditionStatus(env, type))
        && reason.equals(conditionReason(env, type));
  }

  /** Events about an Environment (cluster-scoped, so they live in {@code default}). */
  public static List<Event> events(KubernetesClient client, String name) {
    return client.v1().events().inNamespace("default").list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  public static boolean hasEvent(KubernetesClient client, String name, String type, String reason) {
    return events(client, name).stream().anyMatch(e -> type.equals(e.getType()) && reason.equals(e.getReason()));
  }

  /** Installs a third party's CRD (Velero, the Prometheus Operator) with an open schema, and Velero's namespace. */
  public static void installCrd(KubernetesClient client, io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext kind) {
    client.apiextensions().v1().customResourceDefinitions().resource(
        new io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder()
        .withNewMetadata().withName(kind.getPlural() + "." + kind.getGroup()).endMetadata()
        .withNewSpec().withGroup(kind.getGroup()).withScope("Namespaced")
          .withNewNames().withKind(kind.getKind()).withPlural(kind.getPlural()).endNames()
          .addNewVersion().withName(kind.getVersion()).withServed(true).withStorage(true)
            .withNewSchema().withNewOpenAPIV3Schema().withType("object").withXKubernetesPreserveUnknownFields(true)
            .endOpenAPIV3Schema().endSchema().endVersion()
        .endSpec().build()).create();
    if (client.namespaces().withName(BackupStep.DEFAULT_VELERO_NAMESPACE).get() == null) {
      client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
          .withName(BackupStep.DEFAULT_VELERO_NAMESPACE).endMetadata().build()).create();
    }
  }
}
