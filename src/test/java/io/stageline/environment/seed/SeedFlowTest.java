package io.stageline.environment.seed;

import static org.assertj.core.api.Assertions.assertThat;

import io.stageline.api.v1alpha1.DataMasking;
import io.stageline.api.v1alpha1.Stage;
import org.junit.jupiter.api.Test;

class SeedFlowTest {
  private static DataMasking enabled(Boolean on) {
    DataMasking m = new DataMasking();
    m.setEnabled(on);
    return m;
  }

  @Test
  void maskingIsOnByDefaultBelowProductionAndOffInProduction() {
    assertThat(SeedFlow.decide(Stage.staging, Stage.test, null).mask()).isTrue();
    assertThat(SeedFlow.decide(Stage.development, Stage.test, null).mask()).isTrue();
    assertThat(SeedFlow.decide(Stage.production, Stage.production, null).mask()).isFalse();
  }

  @Test
  void dataFromProductionIsAlwaysMaskedWithDetectorsBelowProduction() {
    SeedFlow flow = SeedFlow.decide(Stage.production, Stage.staging, null);
    assertThat(flow.mask()).isTrue();
    assertThat(flow.forceDetectors()).isTrue();
    assertThat(flow.refusal()).isNull();
    assertThat(SeedFlow.decide(Stage.production, Stage.development, enabled(false)).refusal())
        .contains("always masked");
  }

  @Test
  void maskingCanBeSwitchedOffForDataThatDoesNotComeFromProduction() {
    SeedFlow flow = SeedFlow.decide(Stage.staging, Stage.test, enabled(false));
    assertThat(flow.mask()).isFalse();
    assertThat(flow.refusal()).isNull();
    assertThat(flow.downward()).isTrue();
  }
}
