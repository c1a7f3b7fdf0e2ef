package io.stageline.environment;

import io.stageline.api.v1alpha1.EnvironmentConditions;
import io.stageline.environment.step.StepContext;
import io.stageline.environment.step.EnvironmentStep;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.stageline.api.Labels;
import io.stageline.api.v1alpha1.ConfigSpec;
import io.stageline.api.v1alpha1.ConfigStatus;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Layered configuration: renders {@code spec.config} into an immutable revision ConfigMap named by its
 * content hash and a stable ConfigMap ({@value #STABLE}) that workloads mount. A new revision appears only
 * when the content changes; bad input leaves the previous revision in place.
 */
public final class ConfigStep implements EnvironmentStep {
  public static final String STABLE = "stageline-config";
  static final int DEFAULT_KEEP_REVISIONS = 10;

  private final ConfigRenderer renderer = new ConfigRenderer();

  @Override
  public String conditionType() {
    return EnvironmentConditions.Type.CONFIG_READY;
  }

  @Override
  public void reconcile(StepContext step) {
    ConfigSpec spec = step.environment().getSpec().getConfig();
    if (spec == null) {
      step.conditions().setTrue(EnvironmentConditions.Type.CONFIG_READY, EnvironmentConditions.Reason.NOT_REQUESTED, "no spec.config");
      return;
    }
    step.gatesReady(EnvironmentConditions.Type.CONFIG_READY);
    ConfigRenderer.Rendered rendered = renderer.render(spec, name -> step.reads().configSource(name).orElse(null));
    if (rendered.problem() != null) {
      step.refuse(EnvironmentConditions.Type.CONFIG_READY, "RenderConfig", rendered.problem().reason(), rendered.problem().message()
          + (step.status().getConfig() == null ? "" : "; revision " + step.status().getConfig().getRevision() + " stays"));
      return;
    }
    ConfigStatus config = step.status().getConfig() == null ? new ConfigStatus() : step.status().getConfig();
    // compared with the newest history entry too, so that a status read before its last write cannot count
    // the same content twice
    boolean changed = !rendered.hash().equals(config.getHash())
        && (config.getHistory().isEmpty() || !rendered.hash().equals(config.getHistory().get(0).getHash()));
    if (changed) {
      int newest = config.getHistory().stream().mapToInt(ConfigStatus.Revision::getRevision).max().orElse(0);
      config.setRevision(Math.max(newest, config.getRevision() == null ? 0 : config.getRevision()) + 1);
      config.setHash(rendered.hash());
      config.setConfigMap(STABLE);
      ConfigStatus.Revision entry = new ConfigStatus.Revision();
      entry.setRevision(config.getRevision());
      entry.setHash(rendered.hash());
      entry.setConfigMap(revisionName(rendered.hash()));
      entry.setAt(step.now());
      entry.setSources(rendered.sources());
      config.getHistory().add(0, entry);
    }
    int keep = spec.getKeepRevisions() == null ? DEFAULT_KEEP_REVISIONS : spec.getKeepRevisions();
    config.setHistory(config.getHistory().stream().limit(keep).collect(Collectors.toList()));
    step.status().setConfig(config);

    String revisionName = revisionName(rendered.hash());
    if (step.reads().managedConfigMap(step.namespace(), revisionName).isEmpty()) {
      // immutable: created once, never updated
      step.keep(null, configMap(step, revisionName, rendered, config.getRevision(), true), ConfigMap::getData);
    }
    step.keep(step.reads().managedConfigMap(step.namespace(), STABLE).orElse(null),
        configMap(step, STABLE, rendered, config.getRevision(), false), ConfigMap::getData);
    pruneRevisions(step, config.getHistory().stream().map(ConfigStatus.Revision::getConfigMap).collect(Collectors.toSet()));
    if (changed) {
      step.operator().auditor().success(step.environment(), "RenderConfig", EnvironmentConditions.Reason.CONFIG_REVISION_CREATED,
          "configuration revision " + config.getRevision() + " (" + rendered.hash().substring(0, 12) + ") from "
              + (rendered.sources().isEmpty() ? "inline data" : String.join(", ", rendered.sources())));
    }
    step.conditions().setTrue(EnvironmentConditions.Type.CONFIG_READY, EnvironmentConditions.Reason.RENDERED,
        "revision " + config.getRevision() + " in ConfigMap " + STABLE);
  }

  /** Revision ConfigMaps beyond the kept history are deleted, oldest first. */
  private static void pruneRevisions(StepContext step, Set<String> kept) {
    List<ConfigMap> revisions = step.reads().managedConfigMaps(step.namespace(),
        cm -> step.name().equals(Labels.environmentOf(cm)) && "config-revision".equals(label(cm, Labels.PART)));
    revisions.stream()
        .filter(cm -> !kept.contains(cm.getMetadata().getName()))
        .sorted(Comparator.comparing(cm -> cm.getMetadata().getName()))
        .forEach(cm -> step.client().resource(cm).delete());
  }

  private static String label(ConfigMap cm, String key) {
    return cm.getMetadata().getLabels() == null ? null : cm.getMetadata().getLabels().get(key);
  }

  static String revisionName(String hash) {
    return STABLE + "-" + hash.substring(0, 10);
  }

  private static ConfigMap configMap(StepContext step, String name, ConfigRenderer.Rendered rendered, int revision,
      boolean immutable) {
    return new ConfigMapBuilder()
        .withNewMetadata()
          .withName(name)
          .withNamespace(step.namespace())
          .withLabels(Labels.managed(step.environment()))
          .addToLabels(Labels.PART, immutable ? "config-revision" : "config")
          .addToLabels(Labels.CONFIG_REVISION, String.valueOf(revision))
          .withAnnotations(Map.of(Labels.CONFIG_HASH, rendered.hash()))
        .endMetadata()
        .withImmutable(immutable ? Boolean.TRUE : null)
        .withData(rendered.data())
        .build();
  }
}
