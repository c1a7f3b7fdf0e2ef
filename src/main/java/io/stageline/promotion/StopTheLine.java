package io.stageline.promotion;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.stageline.api.v1alpha1.Stage;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster-wide "stop the line" switch: while the ConfigMap {@value #NAME} exists in the
 * operator's namespace, no promotion to the stages it lists switches a release. Key {@code stages}:
 * comma-separated stages, empty or {@code *} for all; key {@code reason}: shown to everyone waiting.
 * Delete the ConfigMap to lift it. A ConfigMap so that anyone with RBAC on that one object can pull
 * the cord with kubectl, and it is watched, so lifting it releases waiting promotions at once.
 */
public final class StopTheLine {
  public static final String NAME = "stageline-stop-the-line";

  private StopTheLine() {}

  /** The message promotions to {@code stage} wait on, or empty when the line runs. */
  public static Optional<String> holds(ConfigMap cm, Stage stage) {
    if (cm == null) {
      return Optional.empty();
    }
    Map<String, String> data = cm.getData() == null ? Map.of() : cm.getData();
    String stages = data.getOrDefault("stages", "").trim();
    boolean all = stages.isEmpty() || "*".equals(stages);
    boolean listed = all || Arrays.stream(stages.split(",")).map(String::trim).anyMatch(stage.value()::equals);
    if (!listed) {
      return Optional.empty();
    }
    String reason = data.get("reason");
    return Optional.of("line stopped for " + (all ? "all stages" : stages)
        + (reason == null || reason.isBlank() ? "" : ": " + reason)
        + " (delete ConfigMap " + cm.getMetadata().getNamespace() + "/" + NAME + " to lift)");
  }
}
