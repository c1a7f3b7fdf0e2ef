package io.stageline.environment;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.conditions.Conditions;
import java.util.List;

/** Reads and assertions for Environment tests (Environments themselves are built by {@link io.stageline.testing.Environments}). */
public final class TestEnvironments {
  private TestEnvironments() {}

  public static Environment get(KubernetesClient client, String name) {
    return client.resources(Environment.class).withName(name).get();
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
