package io.stageline.promotion;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.Promotion;
import io.stageline.kube.LabelSelectors;
import io.stageline.promotion.gates.FreezeCalendar;
import io.stageline.promotion.gates.JobGateEvaluator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What a promotion reconcile reads, all from the promotion controller's informers: the Environments,
 * the stop-the-line switch, the Promotions of a namespace, the workloads and gate Jobs. A Job the
 * operator creates is put into its cache at once, so the next reconcile finds it before the watch
 * event arrives and never creates it twice.
 */
final class PromotionReads implements JobGateEvaluator.Jobs {
  private final KubernetesClient client;
  private final String operatorNamespace;
  private InformerEventSource<Environment, Promotion> environments;
  private InformerEventSource<ConfigMap, Promotion> stopTheLine;
  private InformerEventSource<Promotion, Promotion> promotions;
  private InformerEventSource<Deployment, Promotion> deployments;
  private InformerEventSource<StatefulSet, Promotion> statefulSets;
  private InformerEventSource<Job, Promotion> jobs;

  PromotionReads(KubernetesClient client, String operatorNamespace) {
    this.client = client;
    this.operatorNamespace = operatorNamespace;
  }

  /** Called once the controller's event sources exist (JOSDK builds them after the reconciler). */
  void use(InformerEventSource<Environment, Promotion> environments, InformerEventSource<ConfigMap, Promotion> stopTheLine,
      InformerEventSource<Promotion, Promotion> promotions, InformerEventSource<Deployment, Promotion> deployments,
      InformerEventSource<StatefulSet, Promotion> statefulSets, InformerEventSource<Job, Promotion> jobs) {
    this.environments = environments;
    this.stopTheLine = stopTheLine;
    this.promotions = promotions;
    this.deployments = deployments;
    this.statefulSets = statefulSets;
    this.jobs = jobs;
  }

  /** The Environment of that name, or null. */
  Environment environment(String name) {
    return name == null ? null : environments.get(new ResourceID(name)).orElse(null);
  }

  /** An Environment this controller just wrote (its release), into the cache before the watch delivers it. */
  void updated(Environment before, Environment after) {
    environments.handleRecentResourceUpdate(ResourceID.fromResource(after), after, before);
  }

  /** The stop-the-line ConfigMap, or null while the line runs. */
  ConfigMap stopTheLine() {
    return stopTheLine.get(new ResourceID(StopTheLine.NAME, operatorNamespace)).orElse(null);
  }

  /** The platform's freeze calendar ConfigMap, or null when there is none. */
  ConfigMap freezeCalendar() {
    return stopTheLine.get(new ResourceID(FreezeCalendar.NAME, operatorNamespace)).orElse(null);
  }

  /** The Promotions in a namespace. */
  List<Promotion> promotions(String namespace) {
    return promotions.list(namespace, p -> true).toList();
  }

  /** The Deployments and StatefulSets an Environment's {@code spec.workloads.selector} selects in its namespace. */
  List<HasMetadata> workloads(Environment env) {
    if (env.getSpec().getWorkloads() == null || env.getSpec().getWorkloads().getSelector() == null) {
      return List.of();
    }
    var selector = env.getSpec().getWorkloads().getSelector();
    String ns = env.targetNamespace();
    List<HasMetadata> workloads = new ArrayList<>();
    deployments.list(ns, d -> LabelSelectors.matches(selector, d.getMetadata().getLabels())).forEach(workloads::add);
    statefulSets.list(ns, s -> LabelSelectors.matches(selector, s.getMetadata().getLabels())).forEach(workloads::add);
    workloads.sort(Comparator.comparing((HasMetadata w) -> w.getKind()).thenComparing(w -> w.getMetadata().getName()));
    return workloads;
  }

  @Override
  public Job find(String namespace, String name) {
    return jobs.get(new ResourceID(name, namespace)).orElse(null);
  }

  @Override
  public Job create(Job job) {
    Job created = client.resource(job).create();
    jobs.handleRecentResourceCreate(ResourceID.fromResource(created), created);
    return created;
  }

  @Override
  public void delete(Job job) {
    // by name: the operator creates a gate's Job only once the cache shows none of that name, and
    // records its uid in the same reconcile, so the Job deleted here is never one it recorded
    client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace()).withName(job.getMetadata().getName())
        .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
  }
}
