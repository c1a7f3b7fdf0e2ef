package io.stageline.environment.step;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.stageline.kube.ManagedObjects;
import io.stageline.runtime.OperatorSettings;
import io.stageline.api.v1alpha1.Environment;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The steps' read-only view of the cluster: every object an Environment reconcile reads, from the
 * Environment controller's informers (registered under the names below), never from the API. The
 * informers are filtered to what Stageline watches or manages: config sources and vault Secrets in their
 * namespaces, ConfigMaps and Secrets labelled as managed, the CRDs of the optional integrations by name.
 */
public final class EnvironmentReads {
  public static final String CONFIG_SOURCES = "config-sources";
  public static final String VAULT_SECRETS = "vault-secrets";
  public static final String MANAGED_CONFIGMAPS = "managed-configmaps";
  public static final String MANAGED_SECRETS = "managed-secrets";
  public static final String DEPLOYMENTS = "deployments";
  public static final String STATEFULSETS = "statefulsets";
  public static final String REFRESH_SOURCES = "refresh-sources";

  private final Context<Environment> context;
  private final OperatorSettings settings;

  public EnvironmentReads(Context<Environment> context, OperatorSettings settings) {
    this.context = context;
    this.settings = settings;
  }

  /** A ConfigMap in the config namespace ({@code spec.config.sources}). */
  public Optional<ConfigMap> configSource(String name) {
    return informer(ConfigMap.class, CONFIG_SOURCES)
        .get(new ResourceID(name, settings.configNamespace()));
  }

  /** A Secret in the vault namespace ({@code spec.secrets[].from}). */
  public Optional<Secret> vaultSecret(String name) {
    return informer(Secret.class, VAULT_SECRETS)
        .get(new ResourceID(name, settings.vaultNamespace()));
  }

  /** A ConfigMap Stageline manages (labelled so), in any namespace. */
  public Optional<ConfigMap> managedConfigMap(String namespace, String name) {
    return informer(ConfigMap.class, MANAGED_CONFIGMAPS).get(new ResourceID(name, namespace));
  }

  public List<ConfigMap> managedConfigMaps(String namespace, Predicate<ConfigMap> which) {
    return informer(ConfigMap.class, MANAGED_CONFIGMAPS).list(namespace, which).toList();
  }

  /** A Secret Stageline manages (labelled so), in any namespace. */
  public Optional<Secret> managedSecret(String namespace, String name) {
    return informer(Secret.class, MANAGED_SECRETS).get(new ResourceID(name, namespace));
  }

  public List<Secret> managedSecrets(String namespace, Predicate<Secret> which) {
    return informer(Secret.class, MANAGED_SECRETS).list(namespace, which).toList();
  }

  /** A Secret labelled as a database refresh source ({@link io.stageline.api.Labels#REFRESH_SOURCE}). */
  public Optional<Secret> refreshSource(String namespace, String name) {
    return informer(Secret.class, REFRESH_SOURCES).get(new ResourceID(name, namespace));
  }

  /** Every Secret labelled as a database refresh source, in any namespace. */
  public List<Secret> refreshSources() {
    return informer(Secret.class, REFRESH_SOURCES).list().toList();
  }

  /** An Environment by name, from the controller's own cache. */
  public Optional<Environment> environment(String name) {
    return context.getPrimaryCache().get(new ResourceID(name));
  }

  public List<Deployment> deployments(String namespace) {
    return informer(Deployment.class, DEPLOYMENTS).list(namespace, d -> true).toList();
  }

  public List<StatefulSet> statefulSets(String namespace) {
    return informer(StatefulSet.class, STATEFULSETS).list(namespace, s -> true).toList();
  }

  /** The Environment's namespace as the namespace dependent's informer holds it (only labelled namespaces). */
  public Optional<Namespace> managedNamespace() {
    return context.getSecondaryResource(Namespace.class);
  }

  /** Whether an optional integration's CRD is installed (e.g. PodMonitor). */
  public boolean installed(ResourceDefinitionContext kind) {
    return informer(CustomResourceDefinition.class, crdSource(kind))
        .get(new ResourceID(crdName(kind))).isPresent();
  }

  /**
   * Puts an object the step just wrote into the cache it is read from, so that the next reconcile sees it
   * even before the watch delivers it (and neither creates it twice nor writes it again).
   */
  public <R extends HasMetadata> void remember(R written, R previous) {
    InformerEventSource<R, Environment> informer = managedInformer(written);
    if (informer != null) {
      ManagedObjects.cachedIn(informer).accept(written, previous);
    }
  }

  /** The informer of one optional integration's CRD: it watches that one object, by name. */
  public static String crdSource(ResourceDefinitionContext kind) {
    return "crd-" + crdName(kind);
  }

  public static String crdName(ResourceDefinitionContext kind) {
    return kind.getPlural() + "." + kind.getGroup();
  }

  @SuppressWarnings("unchecked")
  private <R extends HasMetadata> InformerEventSource<R, Environment> managedInformer(R object) {
    if (object instanceof ConfigMap) {
      return (InformerEventSource<R, Environment>) (Object) informer(ConfigMap.class, MANAGED_CONFIGMAPS);
    }
    if (object instanceof Secret) {
      return (InformerEventSource<R, Environment>) (Object) informer(Secret.class, MANAGED_SECRETS);
    }
    return null;
  }

  private <R extends HasMetadata> InformerEventSource<R, Environment> informer(Class<R> type, String name) {
    return (InformerEventSource<R, Environment>) context.eventSourceRetriever().getEventSourceFor(type, name);
  }
}
