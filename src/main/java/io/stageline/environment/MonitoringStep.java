package io.stageline.environment;

import io.stageline.api.v1alpha1.EnvironmentConditions;
import io.stageline.environment.step.StepContext;
import io.stageline.environment.step.EnvironmentStep;
import io.stageline.kube.ManagedObjects;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.stageline.api.Labels;
import io.stageline.kube.LabelSelectors;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.stageline.api.v1alpha1.WorkloadsStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Workload health and scraping: compares available with desired replicas of the environment's Deployments
 * and StatefulSets (those {@code spec.workloads.selector} selects) into {@code WorkloadsHealthy} and the
 * gauges {@code stageline_environment_replicas{environment,state}}; keeps a PodMonitor named
 * {@value #POD_MONITOR} when the Prometheus Operator's CRDs are installed, so every stage is scraped alike.
 */
public final class MonitoringStep implements EnvironmentStep {
  public static final String POD_MONITOR = "stageline-workloads";
  private final MeterRegistry registry;
  private final Map<String, int[]> replicas = new ConcurrentHashMap<>();

  public MonitoringStep(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public String conditionType() {
    return EnvironmentConditions.Type.MONITORED;
  }

  @Override
  public void reconcile(StepContext step) {
    LabelSelector selector = step.environment().getSpec().getWorkloads() == null ? null
        : step.environment().getSpec().getWorkloads().getSelector();
    health(step, selector);
    podMonitor(step, selector);
  }

  /** Drops the environment's gauges (when the Environment is deleted). */
  public void forget(String environment) {
    replicas.remove(environment);
    registry.find("stageline_environment_replicas").tag("environment", environment).meters().forEach(registry::remove);
  }

  private void health(StepContext step, LabelSelector selector) {
    List<String> unavailable = new ArrayList<>();
    int total = 0;
    int desired = 0;
    int available = 0;
    for (var d : step.reads().deployments(step.namespace())) {
      if (LabelSelectors.matches(selector, d.getMetadata().getLabels())) {
        int want = d.getSpec() == null || d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        int have = d.getStatus() == null || d.getStatus().getAvailableReplicas() == null ? 0 : d.getStatus().getAvailableReplicas();
        total++;
        desired += want;
        available += Math.min(have, want);
        if (have < want) {
          unavailable.add("Deployment/" + d.getMetadata().getName());
        }
      }
    }
    for (var s : step.reads().statefulSets(step.namespace())) {
      if (LabelSelectors.matches(selector, s.getMetadata().getLabels())) {
        int want = s.getSpec() == null || s.getSpec().getReplicas() == null ? 1 : s.getSpec().getReplicas();
        int have = s.getStatus() == null || s.getStatus().getAvailableReplicas() == null ? 0 : s.getStatus().getAvailableReplicas();
        total++;
        desired += want;
        available += Math.min(have, want);
        if (have < want) {
          unavailable.add("StatefulSet/" + s.getMetadata().getName());
        }
      }
    }
    WorkloadsStatus status = new WorkloadsStatus();
    status.setTotal(total);
    status.setAvailable(total - unavailable.size());
    status.setUnavailable(unavailable);
    step.status().setWorkloads(status);
    record(step.name(), desired, available);
    if (total == 0) {
      step.conditions().setTrue(EnvironmentConditions.Type.WORKLOADS_HEALTHY, EnvironmentConditions.Reason.NO_WORKLOADS, "no selected Deployments or StatefulSets");
    } else if (unavailable.isEmpty()) {
      step.conditions().setTrue(EnvironmentConditions.Type.WORKLOADS_HEALTHY, EnvironmentConditions.Reason.ALL_AVAILABLE,
          total + " workload(s), " + available + "/" + desired + " replicas available");
    } else {
      step.conditions().setFalse(EnvironmentConditions.Type.WORKLOADS_HEALTHY, EnvironmentConditions.Reason.WORKLOADS_UNAVAILABLE,
          available + "/" + desired + " replicas available; short: " + String.join(", ", unavailable));
    }
  }

  private void record(String environment, int desired, int available) {
    int[] values = replicas.computeIfAbsent(environment, e -> {
      int[] v = new int[2];
      Gauge.builder("stageline_environment_replicas", v, a -> a[0]).description("Replicas of an environment's workloads")
          .tag("environment", e).tag("state", "desired").register(registry);
      Gauge.builder("stageline_environment_replicas", v, a -> a[1]).description("Replicas of an environment's workloads")
          .tag("environment", e).tag("state", "available").register(registry);
      return v;
    });
    values[0] = desired;
    values[1] = available;
  }

  private static void podMonitor(StepContext step, LabelSelector selector) {
    var client = step.client();
    if (!step.reads().installed(ClusterCapabilities.POD_MONITOR)) {
      step.conditions().setFalse(EnvironmentConditions.Type.MONITORED, EnvironmentConditions.Reason.PROMETHEUS_OPERATOR_NOT_INSTALLED,
          "the Prometheus Operator's CRDs (podmonitors.monitoring.coreos.com) are not installed: no PodMonitor is kept");
      return;
    }
    Object podSelector = selector == null ? Map.of() : Serialization.jsonMapper().convertValue(selector, Map.class);
    GenericKubernetesResource desired = new GenericKubernetesResourceBuilder()
        .withApiVersion("monitoring.coreos.com/v1").withKind("PodMonitor")
        .withNewMetadata().withName(POD_MONITOR).withNamespace(step.namespace())
          .withLabels(Labels.managed(step.environment())).endMetadata()
        .addToAdditionalProperties("spec", Map.of(
            "selector", podSelector,
            "podMetricsEndpoints", List.of(Map.of("port", "metrics", "path", "/metrics"))))
        .build();
    var monitors = ClusterCapabilities.objects(client, ClusterCapabilities.POD_MONITOR).inNamespace(step.namespace());
    ManagedObjects.apply(client, monitors.withName(POD_MONITOR).get(), desired, r -> r.getAdditionalProperties().get("spec"));
    step.conditions().setTrue(EnvironmentConditions.Type.MONITORED, EnvironmentConditions.Reason.POD_MONITOR_READY, "PodMonitor " + POD_MONITOR
        + " scrapes port 'metrics' of the selected pods");
  }
}
