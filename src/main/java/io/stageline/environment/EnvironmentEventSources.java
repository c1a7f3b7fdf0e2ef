package io.stageline.environment;

import io.stageline.kube.LeanItemStore;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.javaoperatorsdk.operator.api.config.informer.FieldSelector;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.stageline.api.Labels;
import io.stageline.environment.step.EnvironmentReads;
import io.stageline.kube.PrimaryPeerEvents;
import io.stageline.environment.refresh.DatabaseRefreshStep;
import io.stageline.runtime.OperatorSettings;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.SecretSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The watches beyond the workflow's own, each mapped to the Environments a change concerns, so that
 * every reaction is event-driven: config sources and vault Secrets (re-render, re-sync), the ConfigMaps
 * and Secrets Stageline writes (drift), workloads (health), and other Environments (an upstream that
 * appears or changes, a namespace that is freed).
 */
final class EnvironmentEventSources {

  private EnvironmentEventSources() {}

  static List<EventSource<?, Environment>> create(EventSourceContext<Environment> context, OperatorSettings settings) {
    var cache = context.getPrimaryCache();
    List<EventSource<?, Environment>> sources = new ArrayList<>(List.of(
        informer(context, ConfigMap.class, EnvironmentReads.CONFIG_SOURCES, b -> b.withNamespaces(settings.configNamespace()),
            cm -> environments(cache.list(), e -> usesConfigSource(e, cm.getMetadata().getName()))),
        informer(context, Secret.class, EnvironmentReads.VAULT_SECRETS, b -> b.withNamespaces(settings.vaultNamespace()),
            s -> environments(cache.list(), e -> usesVaultSecret(e, s.getMetadata().getName()))),
        informer(context, ConfigMap.class, EnvironmentReads.MANAGED_CONFIGMAPS,
            b -> b.withWatchAllNamespaces().withLabelSelector(Labels.MANAGED_SELECTOR), EnvironmentEventSources::byLabel),
        informer(context, Secret.class, EnvironmentReads.MANAGED_SECRETS,
            b -> b.withWatchAllNamespaces().withLabelSelector(Labels.MANAGED_SELECTOR), EnvironmentEventSources::byLabel),
        informer(context, Job.class, DatabaseRefreshStep.JOB_SOURCE,
            b -> b.withNamespaces(settings.operatorNamespace()).withLabelSelector(Labels.MANAGED_SELECTOR),
            EnvironmentEventSources::byLabel),
        // the refresh Jobs' pods only, for the counts their termination messages hold
        informer(context, Pod.class, DatabaseRefreshStep.POD_SOURCE,
            b -> b.withNamespaces(settings.operatorNamespace()).withLabelSelector(DatabaseRefreshStep.POD_SELECTOR),
            EnvironmentEventSources::byLabel),
        // only Secrets their owners offer as refresh sources (labelled), never every Secret of the cluster
        informer(context, Secret.class, EnvironmentReads.REFRESH_SOURCES,
            b -> b.withWatchAllNamespaces().withLabelSelector(Labels.REFRESH_SOURCE_SELECTOR),
            s -> environments(cache.list(), e -> e.getSpec().getDatabaseRefreshes() != null
                && !e.getSpec().getDatabaseRefreshes().isEmpty())),
        informer(context, Deployment.class, EnvironmentReads.DEPLOYMENTS, b -> b.withWatchAllNamespaces(),
            d -> environments(cache.list(), e -> e.targetNamespace().equals(d.getMetadata().getNamespace()))),
        informer(context, StatefulSet.class, EnvironmentReads.STATEFULSETS, b -> b.withWatchAllNamespaces(),
            s -> environments(cache.list(), e -> e.targetNamespace().equals(s.getMetadata().getNamespace()))),
        // from the controller's own watch of Environments, not a second one
        new PrimaryPeerEvents<Environment>("peers",
            changed -> environments(cache.list(), e -> !e.getMetadata().getName().equals(changed.getMetadata().getName())
                && (changed.getMetadata().getName().equals(e.getSpec().getUpstream())
                    || e.targetNamespace().equals(changed.targetNamespace()))))));
    // an integration installed later (or removed) concerns every Environment
    for (var kind : ClusterCapabilities.OPTIONAL) {
      String crd = EnvironmentReads.crdName(kind);
      sources.add(informer(context, CustomResourceDefinition.class, EnvironmentReads.crdSource(kind),
          b -> b.withFieldSelector(new FieldSelector(new FieldSelector.Field("metadata.name", crd))),
          changed -> environments(cache.list(), e -> true)));
    }
    return sources;
  }

  private static <R extends HasMetadata> InformerEventSource<R, Environment> informer(
      EventSourceContext<Environment> context, Class<R> type, String name,
      UnaryOperator<InformerEventSourceConfiguration.Builder<R>> scope,
      SecondaryToPrimaryMapper<R> mapper) {
    var builder = InformerEventSourceConfiguration.from(type, Environment.class)
        .withName(name)
        .withItemStore(new LeanItemStore<>())
        .withSecondaryToPrimaryMapper(mapper);
    return new InformerEventSource<>(scope.apply(builder).build(), context);
  }

  private static Set<ResourceID> byLabel(HasMetadata object) {
    String environment = Labels.environmentOf(object);
    return environment == null ? Set.of() : Set.of(new ResourceID(environment));
  }

  private static Set<ResourceID> environments(Stream<Environment> all, Predicate<Environment> which) {
    return all.filter(e -> e.getSpec() != null).filter(which)
        .map(e -> new ResourceID(e.getMetadata().getName()))
        .collect(Collectors.toSet());
  }

  private static boolean usesConfigSource(Environment env, String name) {
    var config = env.getSpec().getConfig();
    return config != null && config.getSources() != null
        && config.getSources().stream().anyMatch(s -> name.equals(s.getName()));
  }

  private static boolean usesVaultSecret(Environment env, String name) {
    List<SecretSpec> secrets = env.getSpec().getSecrets();
    return secrets != null && secrets.stream()
        .map(SecretSpec::getFrom).filter(Objects::nonNull).anyMatch(f -> name.equals(f.getSecret()));
  }
}
