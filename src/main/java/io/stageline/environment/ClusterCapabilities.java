package io.stageline.environment;

import io.stageline.environment.step.EnvironmentReads;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/**
 * Optional integrations found by their CRDs (Velero, Prometheus Operator), addressed as
 * GenericKubernetesResources so that Stageline needs none of their Java models.
 */
final class ClusterCapabilities {
  static final ResourceDefinitionContext VELERO_SCHEDULE = context("velero.io", "v1", "Schedule", "schedules");
  static final ResourceDefinitionContext VELERO_RESTORE = context("velero.io", "v1", "Restore", "restores");
  static final ResourceDefinitionContext POD_MONITOR = context("monitoring.coreos.com", "v1", "PodMonitor", "podmonitors");

  /** The kinds whose CRDs are watched (see {@link EnvironmentReads#installed}). */
  static final java.util.List<ResourceDefinitionContext> OPTIONAL = java.util.List.of(VELERO_SCHEDULE, VELERO_RESTORE, POD_MONITOR);

  private ClusterCapabilities() {}

  static MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> objects(
      KubernetesClient client, ResourceDefinitionContext kind) {
    return client.genericKubernetesResources(kind);
  }

  private static ResourceDefinitionContext context(String group, String version, String kind, String plural) {
    return new ResourceDefinitionContext.Builder()
        .withGroup(group).withVersion(version).withKind(kind).withPlural(plural).withNamespaced(true).build();
  }
}
