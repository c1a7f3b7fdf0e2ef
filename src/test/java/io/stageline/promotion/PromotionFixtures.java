package io.stageline.promotion;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.api.v1alpha1.Approval;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.EnvironmentSpec;
import io.stageline.api.v1alpha1.EnvironmentStatus;
import io.stageline.api.v1alpha1.Gate;
import io.stageline.api.v1alpha1.Promotion;
import io.stageline.api.v1alpha1.PromotionPolicy;
import io.stageline.api.v1alpha1.PromotionSpec;
import io.stageline.api.v1alpha1.PromotionStatus;
import io.stageline.api.v1alpha1.PromotionStatus.Phase;
import io.stageline.api.v1alpha1.Release;
import io.stageline.api.v1alpha1.Stage;
import io.stageline.api.v1alpha1.Workloads;
import io.stageline.audit.AuditEvent;
import io.stageline.testing.Awaits;
import io.stageline.testing.Edits;
import io.stageline.testing.OperatorExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Builds the delivery path, workloads and promotions the promotion tests drive, all through the API. */
final class PromotionFixtures {
  static final Map<String, String> APP = Map.of("app", "shop");

  private final OperatorExtension op;

  PromotionFixtures(OperatorExtension op) {
    this.op = op;
  }

  KubernetesClient client() {
    return op.client();
  }

  /** development -> test -> staging -> production, each with its namespace and a Deployment "shop" (containers web, worker). */
  void path() {
    environment("development", Stage.development, null);
    environment("test", Stage.test, "development");
    environment("staging", Stage.staging, "test");
    environment("production", Stage.production, "staging");
  }

  Environment environment(String name, Stage stage, String upstream) {
    return environment(name, stage, upstream, spec -> spec);
  }

  Environment environment(String name, Stage stage, String upstream, UnaryOperator<EnvironmentSpec> customize) {
    Environment env = new Environment();
    env.getMetadata().setName(name);
    EnvironmentSpec spec = new EnvironmentSpec();
    spec.setStage(stage);
    spec.setUpstream(upstream);
    Workloads workloads = new Workloads();
    workloads.setSelector(new LabelSelectorBuilder().withMatchLabels(APP).build());
    spec.setWorkloads(workloads);
    // These tests drive the gates they declare; the platform's required gates have tests of their own.
    PromotionPolicy policy = new PromotionPolicy();
    policy.setRequiredGates(new ArrayList<>());
    spec.setPromotionPolicy(policy);
    env.setSpec(customize.apply(spec));
    env = client().resource(env).create();
    // The environment reconciler provisions the namespace; the workloads go in once it exists.
    await().atMost(Awaits.TIMEOUT).until(() -> client().namespaces().withName(name).get() != null);
    deployment(name, "shop", "registry.example/web:0.9.0", "registry.example/worker:0.9.0");
    return env;
  }

  Deployment deployment(String namespace, String name, String webImage, String workerImage) {
    return client().resource(new DeploymentBuilder()
        .withNewMetadata().withName(name).withNamespace(namespace).withLabels(APP).withGeneration(1L).endMetadata()
        .withNewSpec()
          .withReplicas(1)
          .withNewSelector().withMatchLabels(APP).endSelector()
          .withNewTemplate()
            .withNewMetadata().withLabels(APP).endMetadata()
            .withNewSpec()
              .addNewContainer().withName("web").withImage(webImage).endContainer()
              .addNewContainer().withName("worker").withImage(workerImage).endContainer()
            .endSpec()
          .endTemplate()
        .endSpec()
        .build()).create();
  }

  Deployment shop(String namespace) {
    return client().apps().deployments().inNamespace(namespace).withName("shop").get();
  }

  static Release release(String version) {
    return new Release(version, Map.of("web", "registry.example/web:" + version, "worker", "registry.example/worker:" + version));
  }

  Promotion promotion(String name, String environment, Release release, Gate... gates) {
    return promotion(name, environment, environment, release, spec -> spec, gates);
  }

  Promotion promotion(String name, String namespace, String environment, Release release,
      UnaryOperator<PromotionSpec> customize, Gate... gates) {
    return promotion(client(), name, namespace, environment, release, customize, gates);
  }

  /** Created by the given client, e.g. a user impersonated as the requester (alice). */
  Promotion promotion(KubernetesClient as, String name, String namespace, String environment, Release release,
      UnaryOperator<PromotionSpec> customize, Gate... gates) {
    Promotion p = new Promotion();
    p.getMetadata().setName(name);
    p.getMetadata().setNamespace(namespace);
    PromotionSpec spec = new PromotionSpec();
    spec.setEnvironment(environment);
    spec.setRelease(release);
    spec.setRequestedBy("alice");
    spec.setGates(new ArrayList<>(List.of(gates)));
    p.setSpec(customize.apply(spec));
    return as.resource(p).create();
  }

  Promotion get(String namespace, String name) {
    return client().resources(Promotion.class).inNamespace(namespace).withName(name).get();
  }

  String waitingOn(String namespace, String name) {
    Promotion p = get(namespace, name);
    return p == null || p.getStatus() == null ? null : p.getStatus().getWaitingOn();
  }

  Environment env(String name) {
    return client().resources(Environment.class).withName(name).get();
  }

  Promotion awaitPhase(String namespace, String name, Phase phase) {
    await().atMost(Awaits.TIMEOUT).untilAsserted(() -> {
      PromotionStatus s = get(namespace, name).getStatus();
      org.assertj.core.api.Assertions.assertThat(s).isNotNull();
      org.assertj.core.api.Assertions.assertThat(s.getPhase()).as("phase of %s (waiting on %s)", name, s.getWaitingOn()).isEqualTo(phase);
    });
    return get(namespace, name);
  }

  /** Promotes a release through the first stages with no gates, so that it is in their history. */
  void released(String version, String... environments) {
    for (String env : environments) {
      String name = "seed-" + version.replace('.', '-') + "-" + env;
      promotion(name, env, release(version));
      awaitPhase(env, name, Phase.Succeeded);
    }
  }

  /** Adds an approval as the approver would: impersonated, in their own name and groups (retried on conflicts). */
  void approveAs(String namespace, String name, String user, String... groups) {
    Approval a = new Approval(user, java.time.Instant.now().toString(), "approved");
    a.setGroups(List.of(groups));
    try (KubernetesClient as = op.api().newClient(user, groups)) {
      await().atMost(Awaits.TIMEOUT).ignoreExceptions().until(() -> Edits.edit(as.resources(Promotion.class)
          .inNamespace(namespace).withName(name), p -> {
            p.getSpec().getApprovals().add(a);
            return p;
          }) != null);
    }
  }

  /** Binds a group to one of the four access levels in a namespace, as an AccessPolicy would. */
  void grant(String namespace, String level, String group) {
    client().resource(new io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder()
        .withNewMetadata().withName(group + "-" + level).withNamespace(namespace).endMetadata()
        .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName("stageline-" + level).endRoleRef()
        .addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("Group").withName(group).endSubject()
        .build()).create();
    await().atMost(Awaits.TIMEOUT).until(() -> client().rbac().clusterRoles().withName("stageline-" + level).get() != null);
  }

  /** Creates a Job (as a CI system would) and marks it Complete. */
  void completeJobCreated(String namespace, String name) {
    client().resource(new io.fabric8.kubernetes.api.model.batch.v1.JobBuilder()
        .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
        .withNewSpec().withNewTemplate().withNewSpec().addNewContainer().withName("t").withImage("busybox").endContainer()
        .withRestartPolicy("Never").endSpec().endTemplate().endSpec().build()).create();
    completeJob(namespace, name, "Complete");
  }

  void completeJob(String namespace, String name, String type) {
    Job job = await().atMost(Awaits.TIMEOUT).until(
        () -> client().batch().v1().jobs().inNamespace(namespace).withName(name).get(), j -> j != null);
    JobCondition c = new JobConditionBuilder().withType(type).withStatus("True").withReason(type.equals("Failed") ? "BackoffLimitExceeded" : null)
        .withMessage(type.equals("Failed") ? "Job has reached the specified backoff limit" : null).build();
    JobStatus status = new JobStatus();
    status.setConditions(List.of(c));
    job.setStatus(status);
    client().resource(job).updateStatus();
  }

  List<Event> events(String namespace, String involved, String reason) {
    return client().v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> involved.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason())).toList();
  }

  List<AuditEvent> audit(String name, String reason) {
    return op.operator().context().auditor().recent().stream()
        .filter(e -> name.equals(e.name()) && reason.equals(e.reason())).toList();
  }

  static Gate jobCondition(String namespace, String job) {
    Gate g = new Gate();
    Gate.ConditionGate c = new Gate.ConditionGate();
    io.stageline.api.v1alpha1.ObjectRef ref = new io.stageline.api.v1alpha1.ObjectRef();
    ref.setApiVersion("batch/v1");
    ref.setKind("Job");
    ref.setName(job);
    ref.setNamespace(namespace);
    c.setRef(ref);
    c.setType("Complete");
    g.setCondition(c);
    return g;
  }
}
