package io.stageline.bench;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.stageline.api.Labels;
import io.stageline.api.v1alpha1.AccessPolicy;
import io.stageline.api.v1alpha1.AccessPolicySpec;
import io.stageline.api.v1alpha1.AccessPolicySpec.Emergency;
import io.stageline.api.v1alpha1.AccessPolicySpec.EnvironmentSelector;
import io.stageline.api.v1alpha1.AccessPolicySpec.Grant;
import io.stageline.api.v1alpha1.AccessPolicySpec.Level;
import io.stageline.api.v1alpha1.SubjectRef;
import io.stageline.embedded.EmbeddedApiServer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Emergency grants that all expire in the same second (real time): how late after its expiry is
 * each emergency RoleBinding gone, as a watching client sees it.
 */
final class EmergencyExpiry {
  static final int ENVIRONMENTS = 10;

  record Result(int grants, int boundBeforeExpiry, int revoked, double p50Seconds, double p99Seconds,
      double maxSeconds) {}

  static Result run(int grants, Duration leadTime) {
    try (EmbeddedApiServer api = EmbeddedApiServer.start(0); KubernetesClient client = api.newClient();
        BenchOperator operator = BenchOperator.start(api)) {
      ReadyWatch ready = new ReadyWatch(client);
      EnvironmentScale.inParallel(ENVIRONMENTS, i -> client.resource(EnvironmentScale.environment("emergency-" + i)).create());
      ready.awaitReady(ENVIRONMENTS, Duration.ofMinutes(2));
      ready.close();

      Map<String, Long> gone = new ConcurrentHashMap<>();
      Map<String, Boolean> bound = new ConcurrentHashMap<>();
      SharedIndexInformer<RoleBinding> informer = client.rbac().roleBindings().inAnyNamespace()
          .withLabel(Labels.EMERGENCY, "true").inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(RoleBinding rb) {
              bound.put(key(rb), true);
            }

            @Override
            public void onUpdate(RoleBinding old, RoleBinding rb) {}

            @Override
            public void onDelete(RoleBinding rb, boolean unknown) {
              gone.putIfAbsent(key(rb), System.currentTimeMillis());
            }
          });
      Instant expiry = Instant.now().plus(leadTime).truncatedTo(ChronoUnit.SECONDS);
      EnvironmentScale.inParallel(grants, i -> client.resource(policy("grant-" + i, "emergency-" + (i % ENVIRONMENTS), expiry)).create());
      while (Instant.now().isBefore(expiry)) {
        Heap.sleep(10);
      }
      int boundAtExpiry = bound.size();
      long deadline = System.currentTimeMillis() + 120_000;
      while (gone.size() < boundAtExpiry && System.currentTimeMillis() < deadline) {
        Heap.sleep(20);
      }
      informer.close();
      List<Double> delays = new ArrayList<>();
      gone.values().forEach(t -> delays.add((t - expiry.toEpochMilli()) / 1000.0));
      Percentiles p = new Percentiles(delays);
      return new Result(grants, boundAtExpiry, gone.size(), p.p(50), p.p(99), p.p(100));
    }
  }

  private static String key(RoleBinding rb) {
    return rb.getMetadata().getNamespace() + "/" + rb.getMetadata().getName();
  }

  private static AccessPolicy policy(String name, String environment, Instant expiresAt) {
    Grant grant = new Grant();
    grant.setAccess(Level.write);
    grant.setSubjects(new ArrayList<>(List.of(new SubjectRef(SubjectRef.Kind.User, "oncall-" + name, null))));
    Emergency emergency = new Emergency();
    emergency.setExpiresAt(expiresAt.toString());
    emergency.setReason("benchmark: expiry precision");
    emergency.setTicket("BENCH-1");
    grant.setEmergency(emergency);
    EnvironmentSelector selector = new EnvironmentSelector();
    selector.setNames(new ArrayList<>(List.of(environment)));
    AccessPolicySpec spec = new AccessPolicySpec();
    spec.setEnvironments(selector);
    spec.setGrants(new ArrayList<>(List.of(grant)));
    AccessPolicy policy = new AccessPolicy();
    policy.setMetadata(new ObjectMetaBuilder().withName(name).build());
    policy.setSpec(spec);
    return policy;
  }
}
