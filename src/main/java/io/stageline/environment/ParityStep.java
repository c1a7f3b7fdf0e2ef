package io.stageline.environment;

import io.stageline.api.v1alpha1.EnvironmentConditions;
import io.stageline.environment.step.StepContext;
import io.stageline.environment.step.EnvironmentStep;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.ParityStatus;
import io.stageline.api.v1alpha1.ReleaseRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * How this stage differs from its upstream: configuration keys missing or extra (minus the keys declared
 * stage-specific by either side), and release skew (version, images, since when). Reported in
 * {@code status.parity} and the {@code InParity} condition, whose reason is the PARITY column.
 */
public final class ParityStep implements EnvironmentStep {

  @Override
  public String conditionType() {
    return EnvironmentConditions.Type.IN_PARITY;
  }

  @Override
  public void reconcile(StepContext step) {
    Environment env = step.environment();
    String upstreamName = env.getSpec().getUpstream();
    if (upstreamName == null) {
      step.status().setParity(null);
      step.conditions().setTrue(EnvironmentConditions.Type.IN_PARITY, EnvironmentConditions.Reason.NO_UPSTREAM, "this Environment has no upstream");
      return;
    }
    Environment upstream = step.context().getPrimaryCache().list()
        .filter(e -> upstreamName.equals(e.getMetadata().getName())).findFirst().orElse(null);
    if (upstream == null) {
      return; // reported by the upstream check before any step runs
    }
    Set<String> ignored = new TreeSet<>(stageSpecific(env));
    ignored.addAll(stageSpecific(upstream));
    Set<String> own = keys(step, env);
    Set<String> theirs = keys(step, upstream);
    ParityStatus parity = new ParityStatus();
    parity.setUpstream(upstreamName);
    parity.setMissingKeys(difference(theirs, own, ignored));
    parity.setExtraKeys(difference(own, theirs, ignored));
    ReleaseRecord mine = env.getStatus() == null ? null : env.getStatus().getRelease();
    ReleaseRecord up = upstream.getStatus() == null ? null : upstream.getStatus().getRelease();
    parity.setVersion(mine == null ? null : mine.getVersion());
    parity.setUpstreamVersion(up == null ? null : up.getVersion());
    parity.setImagesDiffer(imagesDiffer(mine, up));
    boolean skew = !Objects.equals(parity.getVersion(), parity.getUpstreamVersion()) || !parity.getImagesDiffer().isEmpty();
    parity.setSkewSince(skew && up != null ? up.getAt() : null);
    step.status().setParity(parity);

    if (!parity.getMissingKeys().isEmpty() || !parity.getExtraKeys().isEmpty()) {
      step.conditions().setFalse(EnvironmentConditions.Type.IN_PARITY, EnvironmentConditions.Reason.CONFIG_KEYS_DIFFER, "against " + upstreamName + ": missing "
          + parity.getMissingKeys() + ", extra " + parity.getExtraKeys());
    } else if (skew) {
      step.conditions().setFalse(EnvironmentConditions.Type.IN_PARITY, EnvironmentConditions.Reason.VERSION_SKEW, "runs " + parity.getVersion()
          + ", upstream " + upstreamName + " runs " + parity.getUpstreamVersion()
          + (parity.getSkewSince() == null ? "" : " since " + parity.getSkewSince()));
    } else {
      step.conditions().setTrue(EnvironmentConditions.Type.IN_PARITY, EnvironmentConditions.Reason.IN_PARITY, "same configuration keys and release as "
          + upstreamName);
    }
  }

  private static List<String> stageSpecific(Environment env) {
    var config = env.getSpec() == null ? null : env.getSpec().getConfig();
    return config == null || config.getStageSpecificKeys() == null ? List.of() : config.getStageSpecificKeys();
  }

  /** The keys of an Environment's rendered configuration (its stable ConfigMap). */
  private static Set<String> keys(StepContext step, Environment env) {
    ConfigMap cm = step.reads().managedConfigMap(env.targetNamespace(), ConfigStep.STABLE).orElse(null);
    return cm == null || cm.getData() == null ? Set.of() : cm.getData().keySet();
  }

  private static List<String> difference(Set<String> a, Set<String> b, Set<String> ignored) {
    Set<String> result = new TreeSet<>(a);
    result.removeAll(b);
    result.removeAll(ignored);
    return new ArrayList<>(result);
  }

  private static List<String> imagesDiffer(ReleaseRecord mine, ReleaseRecord up) {
    Map<String, String> own = mine == null || mine.getImages() == null ? Map.of() : mine.getImages();
    Map<String, String> theirs = up == null || up.getImages() == null ? Map.of() : up.getImages();
    Set<String> containers = new TreeSet<>(own.keySet());
    containers.addAll(theirs.keySet());
    List<String> differ = new ArrayList<>();
    for (String container : containers) {
      if (!Objects.equals(own.get(container), theirs.get(container))) {
        differ.add(container + "=" + theirs.getOrDefault(container, "(none)"));
      }
    }
    return differ;
  }
}
