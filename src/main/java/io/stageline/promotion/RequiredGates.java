package io.stageline.promotion;

import io.stageline.api.v1alpha1.PromotionConditions;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.Gate;
import io.stageline.api.v1alpha1.Stage;
import io.stageline.promotion.gates.GateRunner;
import io.stageline.promotion.gates.PromotionGates;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The gates a promotion must pass: its own, in its order, then those the target Environment's
 * promotion policy requires (platform-owned: a requester cannot edit an Environment). A promotion
 * can add gates, never drop or weaken a required one: a gate of its own that takes a required
 * gate's name must be that very gate. Without a policy the stage's defaults apply.
 */
public final class RequiredGates {
  /** Name of the default production approval gate. */
  public static final String FINAL_APPROVAL = "final-approval";
  private static final ObjectMapper JSON = new ObjectMapper();

  private RequiredGates() {}

  /**
   * Gates to evaluate, with the names of those the Environment requires, or why the promotion cannot go.
   *
   * @param gates every gate, each with its status name set
   */
  public record Plan(List<Gate> gates, Set<String> required, String reason, String message) {
    public boolean refused() {
      return reason != null;
    }

    static Plan refuse(String reason, String message) {
      return new Plan(List.of(), Set.of(), reason, message);
    }
  }

  public static Plan plan(List<Gate> requested, Environment target) {
    String env = target.getMetadata().getName();
    Stage stage = target.getSpec().getStage();
    Optional<List<Gate>> declared = PromotionGates.declaredRequired(target);
    boolean platformSet = declared.isPresent();
    List<Gate> required = declared.orElseGet(() -> defaults(stage));

    List<Gate> gates = new ArrayList<>();
    for (int i = 0; i < requested.size(); i++) {
      gates.add(named(requested.get(i), GateRunner.nameOf(requested.get(i), i)));
    }
    Set<String> requiredNames = new LinkedHashSet<>();
    for (int j = 0; j < required.size(); j++) {
      Gate r = named(required.get(j), requiredName(required.get(j), j));
      String name = r.getName();
      Gate own = gates.stream().filter(g -> name.equals(g.getName())).findFirst().orElse(null);
      if (own == null) {
        gates.add(r);
      } else if (!JSON.valueToTree(own).equals(JSON.valueToTree(r))) {
        return Plan.refuse(PromotionConditions.Reason.GATE_CONFLICT, "gate " + name + " is required by Environment \"" + env
            + "\" and must be as its promotion policy declares it; give your own gate another name");
      }
      requiredNames.add(name);
    }
    if (!platformSet && needsTests(stage) && gates.stream().noneMatch(g -> g.getJob() != null)) {
      return Plan.refuse(PromotionConditions.Reason.REQUIRED_GATE_MISSING, "promotions into " + stage.value()
          + " Environment \"" + env + "\" must run the " + (stage == Stage.test ? "automated" : "integration")
          + " tests: add a job gate (the platform can set spec.promotionPolicy.requiredGates on the Environment instead)");
    }
    return new Plan(gates, requiredNames, null, null);
  }

  /**
   * The seed policy, for Environments whose platform set no required gates: test and staging run
   * the promotion's tests (a job gate of its own, since only the team knows its test image), and
   * production needs a final approval by someone RBAC allows to approve, never the requester.
   */
  static List<Gate> defaults(Stage stage) {
    if (stage != Stage.production) {
      return List.of();
    }
    Gate.ApprovalGate approval = new Gate.ApprovalGate();
    approval.setCount(1);
    Gate g = new Gate();
    g.setName(FINAL_APPROVAL);
    g.setApproval(approval);
    return List.of(g);
  }

  private static boolean needsTests(Stage stage) {
    return stage == Stage.test || stage == Stage.staging;
  }

  private static String requiredName(Gate g, int index) {
    return g.getName() != null && !g.getName().isBlank() ? g.getName() : "required-" + g.kind() + "-" + (index + 1);
  }

  /** A copy with its status name set, so that the position in the merged list does not rename it. */
  private static Gate named(Gate g, String name) {
    Gate copy = JSON.convertValue(g, Gate.class);
    copy.setName(name);
    return copy;
  }
}
