package io.stageline.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.stageline.runtime.OperatorContext;
import io.stageline.runtime.OperatorSettings;
import io.stageline.StagelineOperator;
import io.stageline.testing.Awaits;
import io.stageline.testing.Edits;
import io.stageline.testing.Environments;
import io.stageline.testing.OperatorExtension;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two replicas with leader election: only the Lease holder writes, and the other takes over when it stops. */
class LeaderElectionTest {
  // the shortest Lease JOSDK accepts with its fixed 2 s retry period (renew deadline = 2/3 of it)
  static final Duration LEASE = Duration.ofSeconds(8);
  @RegisterExtension OperatorExtension op = OperatorExtension.apiOnly();
  private Replica a;
  private Replica b;

  /** One operator replica whose client records its writes. */
  private record Replica(String identity, StagelineOperator operator, AtomicLong writes, List<String> written) {
    static Replica start(OperatorExtension op, String identity) {
      return start(op, identity, () -> { });
    }

    static Replica start(OperatorExtension op, String identity, Runnable onLeaseLost) {
      AtomicLong writes = new AtomicLong();
      List<String> written = new CopyOnWriteArrayList<>();
      KubernetesClient client = new KubernetesClientBuilder().withConfig(op.api().operatorConfig())
          .withHttpClientBuilderConsumer(builder -> builder.addOrReplaceInterceptor("writes", new Interceptor() {
            @Override
            public void before(BasicBuilder basic, HttpRequest request, RequestTags tags) {
              String path = request.uri().getPath();
              // Lease renewals and access reviews (JOSDK checks its Lease permissions at start) change nothing
              if (!request.method().equals("GET") && !path.contains("/leases") && !path.contains("authorization.k8s.io")) {
                writes.incrementAndGet();
                written.add(request.method() + " " + request.uri().getPath());
              }
            }
          })).build();
      OperatorContext context = OperatorContext.create(client, Clock.systemUTC(),
          OperatorSettings.defaults().withLeaderElection(identity, LEASE));
      context.leadership().onLost(onLeaseLost);
      StagelineOperator operator = StagelineOperator.create(context);
      operator.start();
      return new Replica(identity, operator, writes, written);
    }

    void stop() {
      operator.close();
      operator.context().client().close();
    }
  }

  @AfterEach
  void stopReplicas() {
    for (Replica r : new Replica[] {a, b}) {
      if (r != null) {
        r.stop();
      }
    }
  }

  private KubernetesClient client() {
    return op.client();
  }

  private String holder() {
    var lease = client().leases().inNamespace("stageline-system").withName("stageline-operator").get();
    return lease == null ? null : lease.getSpec().getHolderIdentity();
  }

  @Test
  void onlyTheLeaderWritesAndTheOtherReplicaTakesOverWhenItStops() {
    a = Replica.start(op, "replica-a");
    await().atMost(Awaits.TIMEOUT).until(() -> "replica-a".equals(holder()));
    b = Replica.start(op, "replica-b");

    client().resource(Environments.test("first").withQuotaAndLimits().build()).create();
    await().atMost(Awaits.TIMEOUT).until(() -> Environments.isReady(client(), "first"));
    assertThat(a.writes().get()).as("the leader provisioned").isPositive();
    assertThat(b.written()).as("the follower wrote nothing").isEmpty();

    a.stop();
    long leaderWrites = a.writes().get();
    a = null;
    await().atMost(Awaits.TIMEOUT).until(() -> "replica-b".equals(holder()));
    client().resource(Environments.test("second").withQuotaAndLimits().build()).create();
    await().atMost(Awaits.TIMEOUT).until(() -> Environments.isReady(client(), "second"));
    assertThat(b.writes().get()).as("the new leader provisioned").isPositive();
    assertThat(Environments.isReady(client(), "first")).isTrue();
    assertThat(client().namespaces().withLabel("stageline.io/environment").list().getItems()).hasSize(2);
    assertThat(leaderWrites).isPositive();
  }

  @Test
  void aStandbyNeverRestoresAccessRolesAndALeaderThatLosesTheLeaseStops() {
    java.util.concurrent.atomic.AtomicInteger lost = new java.util.concurrent.atomic.AtomicInteger();
    a = Replica.start(op, "replica-a", lost::incrementAndGet);
    await().atMost(Awaits.TIMEOUT).until(() -> "replica-a".equals(holder())
        && client().rbac().clusterRoles().withName("stageline-read").get() != null);
    b = Replica.start(op, "replica-b");

    // someone empties an access role: the leader restores it, the standby (watching too) writes nothing
    Edits.edit(client().rbac().clusterRoles().withName("stageline-read"), r -> {
      r.setRules(new java.util.ArrayList<>());
      return r;
    });
    await().atMost(Awaits.TIMEOUT)
        .until(() -> !client().rbac().clusterRoles().withName("stageline-read").get().getRules().isEmpty());
    assertThat(b.written()).as("the standby wrote nothing").isEmpty();

    // another replica holds the Lease now (as after a partition hid the leader's renewals): the old leader stops
    Edits.edit(client().leases().inNamespace("stageline-system").withName("stageline-operator"), l -> {
      l.getSpec().setHolderIdentity("replica-c");
      l.getSpec().setRenewTime(java.time.ZonedDateTime.now());
      l.getSpec().setLeaseDurationSeconds(3600);
      return l;
    });
    await().atMost(Awaits.TIMEOUT).until(() -> lost.get() == 1);
    assertThat(b.written()).as("the standby still wrote nothing").isEmpty();
  }
}
