package io.stageline.environment.seed;

import io.stageline.api.v1alpha1.DataMasking;
import io.stageline.api.v1alpha1.Stage;

/**
 * The masking rule for data that flows from one stage into another: masking is on by default below
 * production, and data from production into any lower stage is always masked (with the detectors
 * on, whatever the spec says); asking to switch masking off for it refuses the copy.
 *
 * @param mask whether values are masked on the way
 * @param forceDetectors run the detectors even if the spec switches them off
 * @param refusal why the copy must not happen, or null
 * @param downward the data comes from a higher stage
 */
public record SeedFlow(boolean mask, boolean forceDetectors, String refusal, boolean downward) {

  public static SeedFlow decide(Stage from, Stage to, DataMasking masking) {
    boolean enabled = masking == null || masking.getEnabled() == null ? !to.isProduction() : masking.getEnabled();
    boolean fromProductionDown = from.isProduction() && !to.isProduction();
    boolean downward = from.isAbove(to);
    if (fromProductionDown && !enabled) {
      return new SeedFlow(false, true, "data from production is always masked below production; "
          + "dataMasking.enabled: false is not allowed for it", true);
    }
    return new SeedFlow(enabled || fromProductionDown, fromProductionDown, null, downward);
  }
}
