package io.stageline.testing;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.EnvironmentSpec;
import io.stageline.api.v1alpha1.Gate;
import io.stageline.api.v1alpha1.Limits;
import io.stageline.api.v1alpha1.PromotionPolicy;
import io.stageline.api.v1alpha1.Stage;
import io.stageline.api.v1alpha1.Workloads;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The one way tests declare an Environment: {@code Environments.development("dev").withQuota(Environments.quota()).build()}.
 * A production without an upstream is a stand-alone entry stage (the platform lets releases enter the path there),
 * because most tests that need a production need it alone; a test about that rule says
 * {@code .with(spec -> spec.setPromotionPolicy(null))}.
 */
public final class Environments {
  private Environments() {}

  public static Builder of(String name, Stage stage) {
    return new Builder(name, stage);
  }

  public static Builder development(String name) {
    return of(name, Stage.development);
  }

  public static Builder test(String name) {
    return of(name, Stage.test);
  }

  public static Builder staging(String name) {
    return of(name, Stage.staging);
  }

  public static Builder production(String name) {
    return of(name, Stage.production);
  }

  /** A quota small enough to read and large enough for any test's workloads. */
  public static Map<String, Quantity> quota() {
    return Map.of("requests.cpu", new Quantity("4"), "pods", new Quantity("20"));
  }

  /** Default requests and limits for CPU and memory. */
  public static Limits limits() {
    Limits limits = new Limits();
    limits.setDefaultRequest(Map.of("cpu", new Quantity("100m"), "memory", new Quantity("128Mi")));
    limits.setDefaultLimit(Map.of("cpu", new Quantity("500m"), "memory", new Quantity("256Mi")));
    return limits;
  }

  /** Whether the Environment exists and its status says Ready. */
  public static boolean isReady(KubernetesClient client, String name) {
    Environment env = client.resources(Environment.class).withName(name).get();
    return env != null && env.getStatus() != null && env.getStatus().isReady();
  }

  public static final class Builder {
    private final Environment environment = new Environment();
    private final EnvironmentSpec spec = new EnvironmentSpec();

    private Builder(String name, Stage stage) {
      environment.setMetadata(new ObjectMetaBuilder().withName(name).build());
      spec.setStage(stage);
      if (stage == Stage.production) {
        policy().setEntryStage(true);
      }
    }

    /** The labels, in a map the test may change afterwards. */
    public Builder withLabels(Map<String, String> labels) {
      environment.getMetadata().setLabels(new LinkedHashMap<>(labels));
      return this;
    }

    /** A production with an upstream receives its releases from it, so it is no entry stage. */
    public Builder withUpstream(String upstream) {
      spec.setUpstream(upstream);
      if (upstream != null && spec.getPromotionPolicy() != null) {
        spec.getPromotionPolicy().setEntryStage(null);
      }
      return this;
    }

    public Builder withNamespace(String namespace) {
      spec.setNamespace(namespace);
      return this;
    }

    public Builder withQuota(Map<String, Quantity> quota) {
      spec.setQuota(quota);
      return this;
    }

    /** {@link #quota()} and {@link #limits()}: the Environment gets all four objects a quota and limits add. */
    public Builder withQuotaAndLimits() {
      return withQuota(quota()).withLimits(limits());
    }

    public Builder withLimits(Limits limits) {
      spec.setLimits(limits);
      return this;
    }

    /** The workloads promotions roll out: those whose labels match. */
    public Builder withWorkloads(Map<String, String> selector) {
      Workloads workloads = new Workloads();
      workloads.setSelector(new LabelSelectorBuilder().withMatchLabels(selector).build());
      spec.setWorkloads(workloads);
      return this;
    }

    /** The platform's required gates; none given: the platform requires none (instead of the stage's defaults). */
    public Builder withRequiredGates(Gate... gates) {
      return withRequiredGates(List.of(gates));
    }

    public Builder withRequiredGates(List<Gate> gates) {
      policy().setRequiredGates(new ArrayList<>(gates));
      return this;
    }

    /** Anything else in the spec. */
    public Builder with(Consumer<EnvironmentSpec> change) {
      change.accept(spec);
      return this;
    }

    public Environment build() {
      environment.setSpec(spec);
      return environment;
    }

    private PromotionPolicy policy() {
      if (spec.getPromotionPolicy() == null) {
        spec.setPromotionPolicy(new PromotionPolicy());
      }
      return spec.getPromotionPolicy();
    }
  }
}
