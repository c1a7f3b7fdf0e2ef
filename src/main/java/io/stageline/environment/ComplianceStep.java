package io.stageline.environment;

import io.stageline.api.v1alpha1.EnvironmentConditions;
import io.stageline.environment.step.StepContext;
import io.stageline.environment.step.EnvironmentStep;
import io.stageline.api.StageDefaults;
import io.stageline.api.v1alpha1.ComplianceFinding;
import io.stageline.api.v1alpha1.Isolation.NetworkPolicyMode;
import io.stageline.api.v1alpha1.Isolation.PodSecurityLevel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Runs every {@link ComplianceCheck} and reports the findings and the Compliant condition. */
public final class ComplianceStep implements EnvironmentStep {
  private final List<ComplianceCheck> checks = new ArrayList<>();

  /** The isolation check of this package, then the checks other packages provide. */
  ComplianceStep(List<ComplianceCheck> provided) {
    checks.add(new IsolationLoweredCheck());
    checks.addAll(provided);
  }

  @Override
  public String conditionType() {
    return EnvironmentConditions.Type.COMPLIANT;
  }

  @Override
  public void reconcile(StepContext step) {
    List<ComplianceFinding> findings = new ArrayList<>();
    checks.forEach(check -> findings.addAll(check.findings(step)));
    findings.sort(Comparator.comparing(ComplianceFinding::getType).thenComparing(f -> String.valueOf(f.getObject())));
    step.status().setCompliance(findings);
    if (findings.isEmpty()) {
      step.conditions().setTrue(EnvironmentConditions.Type.COMPLIANT, EnvironmentConditions.Reason.NO_FINDINGS, "");
    } else {
      step.conditions().setFalse(EnvironmentConditions.Type.COMPLIANT, findings.get(0).getType(),
          findings.size() + " finding(s): " + findings.get(0).getMessage());
    }
  }

  /** Staging and production must not run with weaker isolation than their stage's default. */
  static final class IsolationLoweredCheck implements ComplianceCheck {
    @Override
    public List<ComplianceFinding> findings(StepContext step) {
      var spec = step.environment().getSpec();
      List<ComplianceFinding> findings = new ArrayList<>();
      PodSecurityLevel level = StageDefaults.podSecurity(spec);
      if (level.ordinal() > StageDefaults.defaultPodSecurity(spec.getStage()).ordinal()) {
        findings.add(ComplianceCheck.finding(EnvironmentConditions.Reason.POD_SECURITY_LOWERED, "namespace/" + step.namespace(),
            "pod security " + level + " is weaker than the stage default "
                + StageDefaults.defaultPodSecurity(spec.getStage())));
      }
      if (spec.getStage().isProduction() && StageDefaults.networkPolicy(spec) == NetworkPolicyMode.None) {
        findings.add(ComplianceCheck.finding(EnvironmentConditions.Reason.MISSING_NETWORK_POLICY, "namespace/" + step.namespace(),
            "production keeps no NetworkPolicy (isolation.networkPolicy: None)"));
      }
      return findings;
    }
  }
}
