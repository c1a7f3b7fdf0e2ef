package io.stageline.promotion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stageline.api.v1alpha1.Promotion;
import io.stageline.testing.PromotionPath;
import io.stageline.testing.Awaits;
import io.stageline.testing.OperatorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Installed in another namespace under another ServiceAccount (POD_NAMESPACE and POD_SERVICE_ACCOUNT
 * from the downward API), the operator requests its automatic promotions as that ServiceAccount, the
 * user the API server and the approval admission policy know it as.
 */
class AutoPromotionIdentityTest {
  @RegisterExtension OperatorExtension op = OperatorExtension.running()
      .withSettings(s -> s.withServiceAccount("platform-ops", "release-bot"));

  @Test
  void automaticPromotionsAreRequestedByTheOperatorsOwnServiceAccount() {
    PromotionPath f = PromotionPath.of(op);
    f.autoPromotingPath();

    f.released("1.0.0", "development");

    Promotion auto = await().atMost(Awaits.TIMEOUT)
        .until(() -> f.get("test", "auto-1-0-0"), p -> p != null);
    assertThat(auto.getSpec().getRequestedBy()).isEqualTo("system:serviceaccount:platform-ops:release-bot");
  }
}
