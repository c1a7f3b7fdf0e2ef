package io.stageline.promotion.gates;

import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.Gate;
import io.stageline.api.v1alpha1.Promotion;
import io.stageline.api.v1alpha1.PromotionSpec;
import io.stageline.api.v1alpha1.PromotionStatus.ApprovalStatus;
import java.time.Instant;
import java.util.List;
import io.stageline.testing.Environments;

/** Promotions, targets and gate inputs for evaluator tests. */
final class GateEvaluatorFixtures {
  static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

  private GateEvaluatorFixtures() {}

  static Promotion promotion(String namespace, String requestedBy) {
    Promotion p = new Promotion();
    p.getMetadata().setName("shop-1-4-0");
    p.getMetadata().setNamespace(namespace);
    PromotionSpec spec = new PromotionSpec();
    spec.setEnvironment("production");
    spec.setRequestedBy(requestedBy);
    p.setSpec(spec);
    return p;
  }

  static Environment target(String name, Gate... required) {
    Environments.Builder env = Environments.production(name);
    return (required.length > 0 ? env.withRequiredGates(required) : env).build();
  }

  static GateInput input(Promotion p, Gate gate, Environment target, Instant since, List<ApprovalStatus> judged) {
    io.stageline.api.v1alpha1.PromotionStatus.GateStatus previous = null;
    if (since != null) {
      previous = new io.stageline.api.v1alpha1.PromotionStatus.GateStatus();
      previous.setName("gate");
      previous.setState(io.stageline.api.v1alpha1.PromotionStatus.GateStatus.State.Waiting);
      previous.setSince(since.toString());
    }
    return new GateInput(p, gate, "gate", target, null, null, previous, judged, NOW, false);
  }
}
