package io.stageline.environment.seed;

import io.stageline.conditions.InputProblem;
import io.stageline.api.v1alpha1.EnvironmentConditions;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.stageline.runtime.OperatorContext;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.SeedStatus;
import io.stageline.environment.step.EnvironmentStep;
import io.stageline.environment.step.StepContext;
import io.stageline.masking.MaskingKey;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * {@code spec.seedData}: copies ConfigMaps and Secrets from another Environment's namespace, masked
 * on the way down (see {@link SeedFlow}), or writes synthetic data sets; reports what it wrote and
 * what the PII detectors found in {@code status.seed} and the {@code SeedDataReady} condition. Bad
 * input refuses the whole seeding with a condition, a Warning event and an audit line. Messages name
 * objects, keys and rules, never values.
 */
public final class SeedDataStep implements EnvironmentStep {
  private static final int MAX_NOTES = 10;

  private final OperatorContext operator;
  private final MaskingKeyStore keys;
  private final SeedPlanner planner;
  private final SeedWriter writer;
  private final SeedMetrics metrics;

  public SeedDataStep(OperatorContext operator) {
    this.operator = operator;
    this.keys = new MaskingKeyStore(operator.client(), operator.settings().operatorNamespace());
    var settings = operator.settings();
    this.planner = new SeedPlanner(operator.client(), Set.of(settings.operatorNamespace(),
        settings.vaultNamespace(), settings.configNamespace()), operator.clock());
    this.writer = new SeedWriter(operator.client());
    this.metrics = new SeedMetrics(operator.metrics().registry());
  }

  @Override
  public String conditionType() {
    return EnvironmentConditions.Type.SEED_DATA_READY;
  }

  @Override
  public void reconcile(StepContext step) {
    Environment env = step.environment();
    if (env.getSpec().getSeedData() == null || env.getSpec().getSeedData().isEmpty()) {
      forgetSeeding(step);
      return;
    }
    step.gatesReady(EnvironmentConditions.Type.SEED_DATA_READY);
    SeedPlan plan;
    List<String> changed;
    try {
      plan = planner.plan(env, name -> step.context().getPrimaryCache()
          .get(new ResourceID(name)).orElse(null), lazyKey(env, step));
      writer.checkTargets(plan, step.reads());
      changed = writer.write(env, plan, step.reads());
    } catch (InputProblem.Refused refused) {
      step.refuse("Seed", refused.problem());
      return;
    } catch (KubernetesClientException e) {
      // the API's message may quote what was sent; only the status code is safe to repeat
      step.refuse(EnvironmentConditions.Type.SEED_DATA_READY, "Seed", EnvironmentConditions.Reason.SEED_FAILED, "writing seed data failed (HTTP " + e.getCode() + ")");
      return;
    }
    String summary = summary(plan);
    if (!changed.isEmpty()) {
      operator.auditor().success(env, "Seed", EnvironmentConditions.Reason.SEED_DATA_COPIED,
          "seeded " + String.join(", ", changed) + " from " + String.join(", ", plan.sources.stream().distinct().toList())
              + "; " + summary);
      metrics.written(env.getMetadata().getName(), plan.stats.maskedValues(), plan.stats.detectorHits());
    }
    step.status().setSeed(status(plan));
    step.conditions().setTrue(EnvironmentConditions.Type.SEED_DATA_READY, EnvironmentConditions.Reason.SEEDED, plan.objects.size() + " object(s) seeded; " + summary);
  }

  private void forgetSeeding(StepContext step) {
    if (step.status().getSeed() != null || step.previousCondition(EnvironmentConditions.Type.SEED_DATA_READY).isPresent()) {
      writer.write(step.environment(), new SeedPlan(), step.reads());
    }
    step.status().setSeed(null);
    step.conditions().remove(EnvironmentConditions.Type.SEED_DATA_READY);
  }

  /** The key is read (or made) only when a copy is actually masked. */
  private Supplier<MaskingKey> lazyKey(Environment env, StepContext step) {
    MaskingKey[] key = new MaskingKey[1];
    return () -> key[0] != null ? key[0] : (key[0] = keys.keyFor(env, step.reads()));
  }

  private static String summary(SeedPlan plan) {
    Map<String, Long> hits = new TreeMap<>(plan.stats.detectorHits());
    return plan.stats.maskedValues() + " value(s) masked, " + plan.stats.detectorHitsTotal() + " detector hit(s)"
        + (hits.isEmpty() ? "" : " " + hits);
  }

  private static SeedStatus status(SeedPlan plan) {
    SeedStatus status = new SeedStatus();
    status.setObjects(plan.objects.stream().map(SeedPlan::ref).toList());
    status.setMaskedValues(plan.stats.maskedValues());
    status.setDetectorHits(plan.stats.detectorHitsTotal());
    status.setDetectorHitsByDetector(plan.stats.detectorHits().isEmpty() ? null : new TreeMap<>(plan.stats.detectorHits()));
    status.setNotes(plan.notes.stream().limit(MAX_NOTES).toList());
    return status;
  }
}
