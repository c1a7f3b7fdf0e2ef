package io.stageline.reliability;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.EnvironmentSpec;
import io.stageline.api.v1alpha1.Gate;
import io.stageline.api.v1alpha1.Promotion;
import io.stageline.api.v1alpha1.PromotionSpec;
import io.stageline.api.v1alpha1.PromotionStatus.Phase;
import io.stageline.api.v1alpha1.Release;
import io.stageline.api.v1alpha1.Stage;
import io.stageline.api.v1alpha1.Workloads;
import io.stageline.testing.Awaits;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A two-stage path (development -> test) with a Deployment "shop" in each, for promotion tests. */
final class PromotionPath {
  static final Map<String, String> APP = Map.of("app", "shop");
  private final KubernetesClient client;

  PromotionPath(KubernetesClient client) {
    this.client = client;
  }

  void create() {
    environment("development", Stage.development, null);
    environment("test", Stage.test, "development");
  }

  private void environment(String name, Stage stage, String upstream) {
    Environment env = new Environment();
    env.getMetadata().setName(name);
    EnvironmentSpec spec = new EnvironmentSpec();
    spec.setStage(stage);
    spec.setUpstream(upstream);
    Workloads workloads = new Workloads();
    workloads.setSelector(new LabelSelectorBuilder().withMatchLabels(APP).build());
    spec.setWorkloads(workloads);
    // these tests drive the gates they declare: the platform requires none here
    io.stageline.api.v1alpha1.PromotionPolicy policy = new io.stageline.api.v1alpha1.PromotionPolicy();
    policy.setRequiredGates(new ArrayList<>());
    spec.setPromotionPolicy(policy);
    env.setSpec(spec);
    client.resource(env).create();
    await().atMost(Awaits.TIMEOUT).until(() -> client.namespaces().withName(name).get() != null);
    client.resource(new DeploymentBuilder()
        .withNewMetadata().withName("shop").withNamespace(name).withLabels(APP).withGeneration(1L).endMetadata()
        .withNewSpec().withReplicas(1).withNewSelector().withMatchLabels(APP).endSelector()
        .withNewTemplate().withNewMetadata().withLabels(APP).endMetadata().withNewSpec()
        .addNewContainer().withName("web").withImage("registry.example/web:0.9.0").endContainer()
        .endSpec().endTemplate().endSpec().build()).create();
  }

  static Release release(String version) {
    return new Release(version, Map.of("web", "registry.example/web:" + version));
  }

  Promotion promotion(String name, String environment, Release release, List<Gate> gates, List<Gate> verification) {
    Promotion p = new Promotion();
    p.getMetadata().setName(name);
    p.getMetadata().setNamespace(environment);
    PromotionSpec spec = new PromotionSpec();
    spec.setEnvironment(environment);
    spec.setRelease(release);
    spec.setRequestedBy("alice");
    spec.setGates(new ArrayList<>(gates));
    if (!verification.isEmpty()) {
      io.stageline.api.v1alpha1.Verification v = new io.stageline.api.v1alpha1.Verification();
      v.setGates(new ArrayList<>(verification));
      v.setWorkloadReadiness(false);
      spec.setVerification(v);
    }
    p.setSpec(spec);
    return client.resource(p).create();
  }

  Phase phase(String namespace, String name) {
    Promotion p = client.resources(Promotion.class).inNamespace(namespace).withName(name).get();
    return p == null || p.getStatus() == null ? null : p.getStatus().getPhase();
  }

  void awaitPhase(String namespace, String name, Phase phase) {
    await().atMost(Awaits.TIMEOUT).until(() -> phase(namespace, name) == phase);
  }

  static Gate jobGate(String name) {
    Gate g = new Gate();
    g.setName(name);
    Gate.JobGate job = new Gate.JobGate();
    job.setTemplate(new ObjectMapper().valueToTree(Map.of("template", Map.of("spec", Map.of("containers",
        List.of(Map.of("name", "tests", "image", "registry.example/shop-tests:latest")))))));
    g.setJob(job);
    return g;
  }

  List<Job> jobs(String namespace) {
    return client.batch().v1().jobs().inNamespace(namespace).list().getItems();
  }

  void completeJob(String namespace, String name) {
    Job job = await().atMost(Awaits.TIMEOUT)
        .until(() -> client.batch().v1().jobs().inNamespace(namespace).withName(name).get(), j -> j != null);
    JobStatus status = new JobStatus();
    status.setConditions(List.of(new JobConditionBuilder().withType("Complete").withStatus("True").build()));
    job.setStatus(status);
    client.resource(job).updateStatus();
  }

  String image(String namespace) {
    return client.apps().deployments().inNamespace(namespace).withName("shop").get()
        .getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
  }
}
