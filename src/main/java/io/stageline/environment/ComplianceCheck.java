package io.stageline.environment;

import io.stageline.api.v1alpha1.ComplianceFinding;
import java.util.List;

/**
 * One rule about what an Environment's namespace may hold. {@link ComplianceStep} runs every check and
 * owns {@code status.compliance} and the {@code Compliant} condition; other packages (e.g. access, which
 * finds RoleBindings no AccessPolicy manages) add a check instead of writing status themselves.
 */
public interface ComplianceCheck {
  List<ComplianceFinding> findings(StepContext step);

  static ComplianceFinding finding(String type, String object, String message) {
    ComplianceFinding finding = new ComplianceFinding();
    finding.setType(type);
    finding.setObject(object);
    finding.setMessage(message);
    return finding;
  }
}
