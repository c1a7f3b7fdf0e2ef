package io.stageline.bench;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.EnvironmentSpec;
import io.stageline.api.v1alpha1.Limits;
import io.stageline.api.v1alpha1.Stage;
import io.stageline.embedded.EmbeddedApiServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * N Environments through the real operator, then the same objects written by a bare client, each
 * against a fresh embedded API in this JVM.
 */
final class EnvironmentScale {
  /** Writers the benchmark uses on both sides, so that the ratio compares like with like. */
  static final int WRITERS = 8;
  static final Duration TIMEOUT = Duration.ofMinutes(10);

  record Result(int n, double operatorSeconds, double bareSeconds, double writesPerEnvironment, double readsPerEnvironment, double reconcilesPerEnvironment,
      double eventsPerEnvironment, double bareWritesPerEnvironment, long resyncWrites, double resyncSeconds,
      double operatorHeapMib, double apiHeapMib, double p50Millis, double p99Millis, double cpuCoresBusy,
      int ready) {
    double ratio() {
      return operatorSeconds / bareSeconds;
    }
  }

  static Environment environment(String name) {
    Environment env = new Environment();
    env.setMetadata(new ObjectMetaBuilder().withName(name).build());
    EnvironmentSpec spec = new EnvironmentSpec();
    spec.setStage(Stage.development);
    spec.setQuota(Map.of("requests.cpu", new Quantity("4"), "pods", new Quantity("20")));
    Limits limits = new Limits();
    limits.setDefaultRequest(Map.of("cpu", new Quantity("100m"), "memory", new Quantity("128Mi")));
    limits.setDefaultLimit(Map.of("cpu", new Quantity("500m"), "memory", new Quantity("256Mi")));
    spec.setLimits(limits);
    env.setSpec(spec);
    return env;
  }

  static String name(int i) {
    return "bench-" + i;
  }

  static Result run(int n) {
    long heapBeforeApi = Heap.usedAfterGc();
    OperatorSide op = operatorSide(n);
    double bareSeconds = BareClient.run(n, op.managed, op.status).seconds();
    double bareWrites = BareClient.lastWritesPerEnvironment;
    return new Result(n, op.seconds, bareSeconds, op.writesPerEnv, op.readsPerEnv, op.reconcilesPerEnv, op.eventsPerEnv, bareWrites, op.resyncWrites,
        op.resyncSeconds, Heap.mib(op.operatorHeap), Heap.mib(op.apiHeap - heapBeforeApi), op.p50, op.p99,
        op.cpuCores, op.ready);
  }

  private record OperatorSide(double seconds, double writesPerEnv, double readsPerEnv, double reconcilesPerEnv, double eventsPerEnv, long resyncWrites,
      double resyncSeconds, long operatorHeap, long apiHeap, double p50, double p99, double cpuCores, int ready,
      List<HasMetadata> managed, Environment status) {}

  private static OperatorSide operatorSide(int n) {
    try (EmbeddedApiServer api = EmbeddedApiServer.start(0); KubernetesClient client = api.newClient()) {
      BenchOperator operator = BenchOperator.start(api);
      ReadyWatch watch = new ReadyWatch(client);
      long writesBefore = api.writeRequestCount();
      long readsBefore = operator.reads();
      long cpuBefore = Cpu.processNanos();
      long start = System.nanoTime();
      inParallel(n, i -> client.resource(environment(name(i))).create());
      boolean allReady = watch.awaitReady(n, TIMEOUT);
      double seconds = (System.nanoTime() - start) / 1e9;
      double cpuCores = (Cpu.processNanos() - cpuBefore) / 1e9 / seconds;
      if (!allReady) {
        System.out.printf("  N=%d: only %d of %d Ready after %s%n", n, watch.readyCount(), n, TIMEOUT);
      }
      awaitQuiet(api);
      double writesPerEnv = (api.writeRequestCount() - writesBefore - n) / (double) n;
      double readsPerEnv = (operator.reads() - readsBefore) / (double) n;
      double reconcilesPerEnv = operator.reconciles("environment") / (double) n;
      double eventsPerEnv = client.v1().events().inAnyNamespace().list().getItems().size() / (double) n;
      double[] percentiles = operator.reconcilePercentilesMillis("environment");
      watch.close();

      long heapWithOperator = Heap.usedAfterGc();
      operator.close();
      long heapWithoutOperator = Heap.usedAfterGc();

      // a forced resync: a new operator lists everything and reconciles every Environment once
      long writesBeforeRestart = api.writeRequestCount();
      long restart = System.nanoTime();
      BenchOperator restarted = BenchOperator.start(api);
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      // all reconciled and none running or queued, so that stopping it interrupts no reconcile whose write would go uncounted
      while ((restarted.reconciles("environment") < n || restarted.pending("environment") > 0)
          && System.nanoTime() < deadline) {
        Heap.sleep(20);
      }
      double resyncSeconds = (System.nanoTime() - restart) / 1e9;
      awaitQuiet(api);
      long resyncWrites = api.writeRequestCount() - writesBeforeRestart;
      restarted.close();

      List<HasMetadata> managed = BareClient.managedObjectsOf(client, name(0));
      Environment status = client.resources(Environment.class).withName(name(0)).get();
      return new OperatorSide(seconds, writesPerEnv, readsPerEnv, reconcilesPerEnv, eventsPerEnv, resyncWrites, resyncSeconds,
          heapWithOperator - heapWithoutOperator, heapWithoutOperator, percentiles[0], percentiles[1], cpuCores,
          watch.readyCount(), managed, status);
    }
  }

  /** Waits until the API has seen no write for a second (events and late status patches included). */
  static void awaitQuiet(EmbeddedApiServer api) {
    long last = -1;
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      long now = api.writeRequestCount();
      if (now == last) {
        return;
      }
      last = now;
      Heap.sleep(1000);
    }
  }

  static void inParallel(int n, IntConsumer task) {
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int index = i;
        futures.add(pool.submit(() -> task.accept(index)));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      pool.shutdownNow();
    }
  }
}
