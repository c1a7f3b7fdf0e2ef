package io.stageline.environment;

import io.fabric8.kubernetes.api.model.Secret;
import io.stageline.api.Labels;
import io.stageline.api.v1alpha1.Stage;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The stages a vault Secret may be copied into, read from the Secret itself so that the people who
 * keep the vault decide, not the Environment that asks. In order:
 * <ol>
 *   <li>the annotation {@value Labels#ALLOWED_STAGES}: a comma-separated list of stages (one it cannot
 *       read allows none);</li>
 *   <li>the label {@code stageline.io/stage}: that stage only;</li>
 *   <li>a name ending in {@code -production} or {@code -prod}: production only (the usual way
 *       production credentials are named, so an unmarked one is not handed to a lower stage);</li>
 *   <li>otherwise every stage.</li>
 * </ol>
 */
public final class VaultStages {
  private VaultStages() {}

  public static Set<Stage> allowed(Secret vault) {
    Map<String, String> annotations = vault.getMetadata().getAnnotations();
    String listed = annotations == null ? null : annotations.get(Labels.ALLOWED_STAGES);
    if (listed != null) {
      Set<Stage> stages = EnumSet.noneOf(Stage.class);
      Arrays.stream(listed.split(",")).map(s -> s.trim().toLowerCase(Locale.ROOT)).forEach(name ->
          Arrays.stream(Stage.values()).filter(s -> s.value().equals(name)).forEach(stages::add));
      return stages;
    }
    Optional<Stage> labelled = Optional.ofNullable(Labels.stageOf(vault))
        .flatMap(v -> Arrays.stream(Stage.values()).filter(s -> s.value().equals(v)).findFirst());
    if (labelled.isPresent()) {
      return EnumSet.of(labelled.get());
    }
    String name = vault.getMetadata().getName();
    if (name.endsWith("-production") || name.endsWith("-prod")) {
      return EnumSet.of(Stage.production);
    }
    return EnumSet.allOf(Stage.class);
  }
}
