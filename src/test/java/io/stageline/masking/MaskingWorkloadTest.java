package io.stageline.masking;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MaskingWorkloadTest {
  @ParameterizedTest
  @EnumSource(MaskingWorkload.Format.class)
  void aWorkloadOfTheAskedSizeIsMaskedAndMeasured(MaskingWorkload.Format format) {
    MaskingWorkload workload = MaskingWorkload.of(format, 200_000, 1);
    assertThat(workload.bytes()).isBetween(100_000L, 300_000L);
    MaskingWorkload.Result result = workload.run(MaskingKey.generate());
    assertThat(result.stats().maskedValues()).isPositive();
    assertThat(result.stats().detectorHitsTotal()).isPositive();
    assertThat(result.megabytesPerSecond()).isPositive();
  }

  @Test
  void largeJsonWorkloadsAreSplitIntoConfigMapSizedKeys() {
    MaskingWorkload workload = MaskingWorkload.of(MaskingWorkload.Format.json, 2_000_000, 1);
    assertThat(workload.data()).hasSizeGreaterThan(1);
    assertThat(workload.data().values()).allMatch(v -> v.length() < SyntheticDataGenerator.MAX_BYTES);
  }
}
