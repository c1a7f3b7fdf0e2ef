package io.stageline.testing;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.api.v1alpha1.Approval;
import io.stageline.api.v1alpha1.AutoPromotion;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.EnvironmentSpec;
import io.stageline.api.v1alpha1.Gate;
import io.stageline.api.v1alpha1.ObjectRef;
import io.stageline.api.v1alpha1.Promotion;
import io.stageline.api.v1alpha1.PromotionSpec;
import io.stageline.api.v1alpha1.PromotionStatus;
import io.stageline.api.v1alpha1.PromotionStatus.Phase;
import io.stageline.api.v1alpha1.Release;
import io.stageline.api.v1alpha1.Stage;
import io.stageline.api.v1alpha1.Verification;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.assertj.core.api.Assertions;

/**
 * The delivery path the promotion tests drive, all through the API: Environments on a path, each with a
 * Deployment "shop" (containers web and worker) that promotions roll out, the promotions themselves, and
 * what a CI system or an approver would do to them. Works on any API: {@link #of(OperatorExtension)} for
 * the embedded one, {@link #of(Ground)} for a test on both grounds, or an administrator's client and a way
 * to act as a user.
 */
public final class PromotionPath {
  /** The labels of the workloads a path's Environments roll out. */
  public static final Map<String, String> APP = Map.of("app", "shop");

  /** A client acting as the user and groups (as {@code kubectl --as}); the caller closes it. */
  @FunctionalInterface
  public interface Users {
    KubernetesClient as(String user, String... groups);
  }

  private final KubernetesClient client;
  private final Users users;

  public PromotionPath(KubernetesClient admin, Users users) {
    this.client = admin;
    this.users = users;
  }

  public static PromotionPath of(OperatorExtension op) {
    return new PromotionPath(op.client(), op.api()::newClient);
  }

  public static PromotionPath of(Ground ground) {
    return new PromotionPath(ground.admin(), ground::clientAs);
  }

  public KubernetesClient client() {
    return client;
  }

  /** development -> test -> staging -> production. */
  public void path() {
    environment("development", Stage.development, null);
    environment("test", Stage.test, "development");
    environment("staging", Stage.staging, "test");
    environment("production", Stage.production, "staging");
  }

  /** development -> test, where test takes each release development verified, after a soak of 0 s. */
  public void autoPromotingPath() {
    environment("development", Stage.development, null);
    environment("test", Stage.test, "development", spec -> {
      AutoPromotion auto = new AutoPromotion();
      auto.setEnabled(true);
      auto.setGates(List.of(soak("0s")));
      spec.setAutoPromotion(auto);
    });
  }

  public Environment environment(String name, Stage stage, String upstream) {
    return environment(name, stage, upstream, spec -> {});
  }

  /**
   * An Environment on the path with its namespace and Deployment. The platform requires no gates here:
   * these tests drive the gates they declare, and the platform's required gates have tests of their own.
   */
  public Environment environment(String name, Stage stage, String upstream, Consumer<EnvironmentSpec> customize) {
    Environment env = client.resource(Environments.of(name, stage).withUpstream(upstream).withWorkloads(APP)
        .withRequiredGates().with(customize).build()).create();
    // The environment reconciler provisions the namespace; the workloads go in once it exists.
    await().atMost(Awaits.TIMEOUT).until(() -> client.namespaces().withName(name).get() != null);
    deployment(name, "shop", "registry.example/web:0.9.0", "registry.example/worker:0.9.0");
    return env;
  }

  public Deployment deployment(String namespace, String name, String webImage, String workerImage) {
    return client.resource(new DeploymentBuilder()
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

  public Deployment shop(String namespace) {
    return client.apps().deployments().inNamespace(namespace).withName("shop").get();
  }

  /** The image the Deployment "shop" runs in its web container. */
  public String webImage(String namespace) {
    return shop(namespace).getSpec().getTemplate().getSpec().getContainers().stream()
        .filter(c -> c.getName().equals("web")).findFirst().orElseThrow().getImage();
  }

  public static Release release(String version) {
    return new Release(version, Map.of("web", "registry.example/web:" + version, "worker", "registry.example/worker:" + version));
  }

  public Promotion promotion(String name, String environment, Release release, Gate... gates) {
    return promotion(name, environment, environment, release, spec -> spec, gates);
  }

  public Promotion promotion(String name, String namespace, String environment, Release release,
      UnaryOperator<PromotionSpec> customize, Gate... gates) {
    return promotion(client, name, namespace, environment, release, customize, gates);
  }

  /** Created by the given client, e.g. a user impersonated as the requester (alice). */
  public Promotion promotion(KubernetesClient as, String name, String namespace, String environment, Release release,
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

  /** Verification after the switch with these gates only (no wait for workload readiness, which nothing here runs). */
  public static Verification verification(Gate... gates) {
    Verification v = new Verification();
    v.setGates(new ArrayList<>(List.of(gates)));
    v.setWorkloadReadiness(false);
    return v;
  }

  public Promotion get(String namespace, String name) {
    return client.resources(Promotion.class).inNamespace(namespace).withName(name).get();
  }

  public Phase phase(String namespace, String name) {
    Promotion p = get(namespace, name);
    return p == null || p.getStatus() == null ? null : p.getStatus().getPhase();
  }

  public String waitingOn(String namespace, String name) {
    Promotion p = get(namespace, name);
    return p == null || p.getStatus() == null ? null : p.getStatus().getWaitingOn();
  }

  public Environment env(String name) {
    return client.resources(Environment.class).withName(name).get();
  }

  public Promotion awaitPhase(String namespace, String name, Phase phase) {
    await().atMost(Awaits.TIMEOUT).untilAsserted(() -> {
      PromotionStatus s = get(namespace, name).getStatus();
      Assertions.assertThat(s).isNotNull();
      Assertions.assertThat(s.getPhase()).as("phase of %s (waiting on %s)", name, s.getWaitingOn()).isEqualTo(phase);
    });
    return get(namespace, name);
  }

  /** Promotes a release through the first stages with no gates, so that it is in their history. */
  public void released(String version, String... environments) {
    for (String env : environments) {
      String name = "seed-" + version.replace('.', '-') + "-" + env;
      promotion(name, env, release(version));
      awaitPhase(env, name, Phase.Succeeded);
    }
  }

  /** Adds an approval as the approver would: impersonated, in their own name and groups (retried on conflicts). */
  public void approveAs(String namespace, String name, String user, String... groups) {
    Approval a = new Approval(user, Instant.now().toString(), "approved");
    a.setGroups(List.of(groups));
    try (KubernetesClient as = users.as(user, groups)) {
      await().atMost(Awaits.TIMEOUT).ignoreExceptions().until(() -> Edits.edit(as.resources(Promotion.class)
          .inNamespace(namespace).withName(name), p -> {
            p.getSpec().getApprovals().add(a);
            return p;
          }) != null);
    }
  }

  /** Binds a group to one of the four access levels in a namespace, as an AccessPolicy would. */
  public void grant(String namespace, String level, String group) {
    client.resource(new RoleBindingBuilder()
        .withNewMetadata().withName(group + "-" + level).withNamespace(namespace).endMetadata()
        .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName("stageline-" + level).endRoleRef()
        .addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("Group").withName(group).endSubject()
        .build()).create();
    await().atMost(Awaits.TIMEOUT).until(() -> client.rbac().clusterRoles().withName("stageline-" + level).get() != null);
  }

  public List<Job> jobs(String namespace) {
    return client.batch().v1().jobs().inNamespace(namespace).list().getItems();
  }

  /** Creates a Job (as a CI system would) and marks it Complete. */
  public void completeJobCreated(String namespace, String name) {
    client.resource(new JobBuilder()
        .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
        .withNewSpec().withNewTemplate().withNewSpec().addNewContainer().withName("t").withImage("busybox").endContainer()
        .withRestartPolicy("Never").endSpec().endTemplate().endSpec().build()).create();
    completeJob(namespace, name, "Complete");
  }

  /** Sets a Job's outcome ({@code Complete} or {@code Failed}) as the embedded API's missing Job controller would. */
  public void completeJob(String namespace, String name, String type) {
    Job job = await().atMost(Awaits.TIMEOUT).until(
        () -> client.batch().v1().jobs().inNamespace(namespace).withName(name).get(), j -> j != null);
    JobCondition c = new JobConditionBuilder().withType(type).withStatus("True").withReason(type.equals("Failed") ? "BackoffLimitExceeded" : null)
        .withMessage(type.equals("Failed") ? "Job has reached the specified backoff limit" : null).build();
    JobStatus status = new JobStatus();
    status.setConditions(List.of(c));
    job.setStatus(status);
    client.resource(job).updateStatus();
  }

  public List<Event> events(String namespace, String involved, String reason) {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> involved.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason())).toList();
  }

  /** A gate on a Job's Complete condition. */
  public static Gate jobCondition(String namespace, String job) {
    Gate g = new Gate();
    Gate.ConditionGate c = new Gate.ConditionGate();
    ObjectRef ref = new ObjectRef();
    ref.setApiVersion("batch/v1");
    ref.setKind("Job");
    ref.setName(job);
    ref.setNamespace(namespace);
    c.setRef(ref);
    c.setType("Complete");
    g.setCondition(c);
    return g;
  }

  /** A Job gate running the shop's tests image. */
  public static Gate jobGate(String name) {
    Gate g = new Gate();
    g.setName(name);
    Gate.JobGate job = new Gate.JobGate();
    job.setTemplate(new ObjectMapper().valueToTree(Map.of("template", Map.of("spec", Map.of("containers",
        List.of(Map.of("name", "tests", "image", "registry.example/shop-tests:latest")))))));
    g.setJob(job);
    return g;
  }

  public static Gate soak(String duration) {
    Gate g = new Gate();
    Gate.SoakGate soak = new Gate.SoakGate();
    soak.setDuration(duration);
    g.setSoak(soak);
    return g;
  }
}
