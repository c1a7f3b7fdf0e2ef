package io.stageline.bench;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.testing.ApiRequests;
import io.stageline.testing.RealControlPlane;
import io.stageline.testing.RealControlPlane.ExecResult;
import io.stageline.testing.RealStageline;
import java.time.Duration;
import java.util.List;

/**
 * The Environments run on a real kube-apiserver (with etcd and kube-controller-manager, built by
 * tools/control-plane): the operator as its ServiceAccount, then the bare client doing the same writes
 * with the same identities, each on a control plane of its own started for it, so that both meet an
 * empty server (as the embedded runs meet a fresh embedded API) and no namespace of an earlier run is
 * still terminating. The server cannot count requests for us: the clients' interceptors do.
 */
final class RealServerScale {
  private RealServerScale() {}

  record Result(int n, double operatorSeconds, double bareSeconds, double writesPerEnvironment,
      double readsPerEnvironment, double reconcilesPerEnvironment, double bareWritesPerEnvironment, long resyncWrites,
      double operatorHeapMib, double p50Millis, double p99Millis, double jvmCoresBusy, double serverCoresBusy,
      double serverRssMib, double startSeconds, int ready) {
    double ratio() {
      return operatorSeconds / bareSeconds;
    }
  }

  static Result run(int n) {
    OperatorSide op = operatorSide(n);
    BareSide bare = bareSide(n, op.managed, op.status);
    return new Result(n, op.seconds, bare.seconds, op.writesPerEnv, op.readsPerEnv, op.reconcilesPerEnv,
        bare.writesPerEnv, op.resyncWrites, Heap.mib(op.operatorHeap), op.p50, op.p99, op.jvmCores, op.serverCores,
        Heap.mib(op.serverRss), (op.startSeconds + bare.startSeconds) / 2, op.ready);
  }

  private record OperatorSide(double seconds, double writesPerEnv, double readsPerEnv, double reconcilesPerEnv,
      long resyncWrites, long operatorHeap, double p50, double p99, double jvmCores, double serverCores, long serverRss,
      double startSeconds, int ready, List<HasMetadata> managed, Environment status) {}

  private record BareSide(double seconds, double writesPerEnv, double startSeconds) {}

  private static OperatorSide operatorSide(int n) {
    long startPlane = System.nanoTime();
    try (RealControlPlane plane = installed(RealControlPlane.startOwn()); KubernetesClient admin = plane.adminClient()) {
      double startSeconds = (System.nanoTime() - startPlane) / 1e9;
      Config operatorIdentity = serviceAccountConfig(plane);
      BenchOperator operator = synced(BenchOperator.start(operatorIdentity));
      ReadyWatch watch = new ReadyWatch(admin);
      long writesBefore = operator.writes();
      long readsBefore = operator.reads();
      long cpuBefore = Cpu.processNanos();
      Duration serverCpuBefore = plane.cpuTime();
      long start = System.nanoTime();
      EnvironmentScale.inParallel(n, i -> admin.resource(EnvironmentScale.environment(EnvironmentScale.name(i))).create());
      boolean allReady = watch.awaitReady(n, EnvironmentScale.TIMEOUT);
      double seconds = (System.nanoTime() - start) / 1e9;
      double jvmCores = (Cpu.processNanos() - cpuBefore) / 1e9 / seconds;
      double serverCores = plane.cpuTime().minus(serverCpuBefore).toNanos() / 1e9 / seconds;
      if (!allReady) {
        System.out.printf("  real server, N=%d: only %d of %d Ready after %s%n", n, watch.readyCount(), n,
            EnvironmentScale.TIMEOUT);
      }
      awaitQuiet(operator);
      double writesPerEnv = (operator.writes() - writesBefore) / (double) n;
      double readsPerEnv = (operator.reads() - readsBefore) / (double) n;
      double reconcilesPerEnv = operator.reconciles("environment") / (double) n;
      double[] percentiles = operator.reconcilePercentilesMillis("environment");
      long serverRss = plane.residentBytes();
      watch.close();

      long heapWithOperator = Heap.usedAfterGc();
      operator.close();
      long heapWithoutOperator = Heap.usedAfterGc();

      // a forced resync, as on the embedded API: a new operator lists everything and reconciles each Environment once
      BenchOperator restarted = BenchOperator.start(operatorIdentity);
      long deadline = System.nanoTime() + EnvironmentScale.TIMEOUT.toNanos();
      while (restarted.reconciles("environment") < n && System.nanoTime() < deadline) {
        Heap.sleep(20);
      }
      awaitQuiet(restarted);
      long resyncWrites = restarted.writes();
      restarted.close();

      List<HasMetadata> managed = BareClient.managedObjectsOf(admin, EnvironmentScale.name(0));
      Environment status = admin.resources(Environment.class).withName(EnvironmentScale.name(0)).get();
      return new OperatorSide(seconds, writesPerEnv, readsPerEnv, reconcilesPerEnv, resyncWrites,
          heapWithOperator - heapWithoutOperator, percentiles[0], percentiles[1], jvmCores, serverCores, serverRss,
          startSeconds, watch.readyCount(), managed, status);
    }
  }

  /**
   * The bare client on a control plane of its own: the benchmark's admin creates each Environment, as in the
   * operator's run; the operator's ServiceAccount writes what the operator wrote, so that both runs meet
   * the same authorization and the same API Priority and Fairness levels.
   */
  private static BareSide bareSide(int n, List<HasMetadata> templates, Environment withStatus) {
    long startPlane = System.nanoTime();
    ApiRequests requests = new ApiRequests();
    try (RealControlPlane plane = installed(RealControlPlane.startOwn()); KubernetesClient admin = plane.adminClient();
        KubernetesClient writer = requests.client(serviceAccountConfig(plane))) {
      double startSeconds = (System.nanoTime() - startPlane) / 1e9;
      double seconds = BareClient.write(n, admin, writer, templates, withStatus);
      return new BareSide(seconds, requests.writes() / (double) n, startSeconds);
    }
  }

  /** Stageline installed as docs/install.md says ({@code kubectl apply -k deploy/}), its CRDs established. */
  private static RealControlPlane installed(RealControlPlane plane) {
    try {
      ExecResult result = plane.kubectl("apply", "-k", "deploy/");
      if (!result.ok()) {
        throw new IllegalStateException("kubectl apply -k deploy/ failed on the real API server:\n" + result);
      }
      try (KubernetesClient admin = plane.adminClient()) {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!RealStageline.CRDS.stream().allMatch(name -> RealStageline.established(admin, name))) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("Stageline's CRDs were not established within 2 minutes");
          }
          Heap.sleep(100);
        }
      }
      return plane;
    } catch (RuntimeException e) {
      plane.close();
      throw e;
    }
  }

  /** A real token of the operator's ServiceAccount, as its pod would hold (RBAC of deploy/operator-rbac.yaml). */
  private static Config serviceAccountConfig(RealControlPlane plane) {
    try (KubernetesClient client = plane.operatorClient()) {
      return client.getConfiguration();
    }
  }

  private static BenchOperator synced(BenchOperator operator) {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (!operator.isReady()) {
      if (System.nanoTime() > deadline) {
        operator.close();
        throw new IllegalStateException("the operator's informers did not sync on the real server as its ServiceAccount");
      }
      Heap.sleep(100);
    }
    return operator;
  }

  /**
   * Waits until the operator has no Environment reconcile running or queued and has sent no write for a
   * second (events and late status patches included).
   */
  private static void awaitQuiet(BenchOperator operator) {
    long last = -1;
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      long now = operator.writes();
      if (now == last && operator.pending("environment") == 0) {
        return;
      }
      last = now;
      Heap.sleep(1000);
    }
    System.out.println("  the operator was still busy after 60 s; its counts may miss what it did after");
  }
}
