package io.stageline.metrics;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.stageline.api.v1alpha1.Promotion;
import io.stageline.api.v1alpha1.PromotionStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code stageline_promotion_waiting_seconds{environment}}: how long the oldest promotion still
 * waiting for its gates has waited, per target environment (0 when none waits). A finished gate's
 * wait is in {@code stageline_promotion_gate_wait_seconds}; this one answers "what is stuck now",
 * which the "promotion waiting too long" alert needs. Refreshed every 30 s from one LIST of
 * promotions, so that a scrape never calls the API.
 */
public final class PromotionWaitGauge implements AutoCloseable {
  public static final String NAME = "stageline.promotion.waiting";
  private static final Logger LOG = LoggerFactory.getLogger(PromotionWaitGauge.class);

  private final KubernetesClient client;
  private final MeterRegistry registry;
  private final Clock clock;
  private final Map<String, Double> waitingSeconds = new ConcurrentHashMap<>();
  private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "stageline-promotion-wait-gauge");
    t.setDaemon(true);
    return t;
  });

  public PromotionWaitGauge(KubernetesClient client, MeterRegistry registry, Clock clock) {
    this.client = client;
    this.registry = registry;
    this.clock = clock;
  }

  public PromotionWaitGauge start(Duration every) {
    refresher.scheduleWithFixedDelay(this::refresh, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  void refresh() {
    try {
      Map<String, Double> oldest = new HashMap<>();
      Instant now = clock.instant();
      for (Promotion p : client.resources(Promotion.class).inAnyNamespace().list().getItems()) {
        PromotionStatus status = p.getStatus();
        if (status == null || status.getPhase() != PromotionStatus.Phase.WaitingForGates) {
          continue;
        }
        double seconds = Math.max(0, Duration.between(since(p, status), now).toSeconds());
        oldest.merge(p.getSpec().getEnvironment(), seconds, Math::max);
      }
      waitingSeconds.keySet().forEach(env -> waitingSeconds.put(env, oldest.getOrDefault(env, 0.0)));
      oldest.forEach((env, seconds) -> {
        if (waitingSeconds.put(env, seconds) == null) {
          Gauge.builder(NAME, waitingSeconds, m -> m.getOrDefault(env, 0.0))
              .description("How long the oldest promotion waiting for its gates has waited, per target environment")
              .baseUnit("seconds")
              .tag("environment", env)
              .register(registry);
        }
      });
    } catch (RuntimeException e) {
      LOG.warn("cannot refresh {}: {}", NAME, e.getMessage());
    }
  }

  private static Instant since(Promotion p, PromotionStatus status) {
    try {
      if (status.getStartedAt() != null) {
        return Instant.parse(status.getStartedAt());
      }
      return Instant.parse(p.getMetadata().getCreationTimestamp());
    } catch (DateTimeParseException | NullPointerException e) {
      return Instant.EPOCH;
    }
  }

  @Override
  public void close() {
    refresher.shutdownNow();
  }
}
