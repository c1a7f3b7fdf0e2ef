package io.stageline.environment;

import io.stageline.api.v1alpha1.StatusConditions;
import io.stageline.api.v1alpha1.EnvironmentConditions;
import static org.assertj.core.api.Assertions.assertThat;

import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.Stage;
import io.stageline.testing.Environments;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The upstream check alone: an upstream must exist and the chain of upstreams must not lead back. */
class UpstreamChainTest {
  private final UpstreamCheck check = new UpstreamCheck();

  private static Environment env(String name, Stage stage, String upstream) {
    return Environments.of(name, stage).withUpstream(upstream).build();
  }

  @Test
  void aMissingUpstreamIsReported() {
    Environment test = env("test", Stage.test, "dev");
    assertThat(check.check(test, List.of(test))).hasValueSatisfying(p -> {
      assertThat(p.reason()).isEqualTo(EnvironmentConditions.Reason.UPSTREAM_NOT_FOUND);
      assertThat(p.conditionType()).isEqualTo(StatusConditions.READY);
      assertThat(p.message()).contains("dev");
    });
  }

  @Test
  void aChainLeadingBackIsReportedAsACycleNamingThePath() {
    Environment a = env("a", Stage.staging, "b");
    Environment b = env("b", Stage.test, "c");
    Environment c = env("c", Stage.development, "a");
    assertThat(check.check(a, List.of(a, b, c))).hasValueSatisfying(p -> {
      assertThat(p.reason()).isEqualTo(EnvironmentConditions.Reason.UPSTREAM_CYCLE);
      assertThat(p.message()).contains("a -> b -> c -> a");
    });
  }
}
