package io.stageline.promotion;

import io.stageline.api.v1alpha1.Promotion;
import java.util.LinkedHashMap;
import java.util.Map;

/** Labels on what the promotion operator creates, so that it is found again and shown as Stageline's. */
public final class PromotionLabels {
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String ENVIRONMENT = "stageline.io/environment";
  public static final String PROMOTION = "stageline.io/promotion";
  public static final String GATE = "stageline.io/gate";
  public static final String AUTO_PROMOTION = "stageline.io/auto-promotion";

  private PromotionLabels() {}

  public static Map<String, String> forPromotion(Promotion promotion, String gate) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(MANAGED_BY, "stageline");
    labels.put(ENVIRONMENT, promotion.getSpec().getEnvironment());
    labels.put(PROMOTION, promotion.getMetadata().getName());
    if (gate != null) {
      labels.put(GATE, gate);
    }
    return labels;
  }
}
