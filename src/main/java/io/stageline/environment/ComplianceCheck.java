package io.stageline.environment;

import io.stageline.environment.step.StepContext;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.stageline.api.v1alpha1.ComplianceFinding;
import io.stageline.api.v1alpha1.Environment;
import java.util.List;

/**
 * One rule about what an Environment's namespace may hold. {@link ComplianceStep} runs every check and
 * owns {@code status.compliance} and the {@code Compliant} condition; other packages (e.g. access, which
 * finds RoleBindings no AccessPolicy manages) provide a check instead of writing status themselves, and
 * {@code StagelineOperator} hands those checks to the Environment reconciler, so that this package does
 * not depend on theirs.
 */
public interface ComplianceCheck {
  List<ComplianceFinding> findings(StepContext step);

  /** The informers whose changes should re-run this check; registered by the Environment reconciler. */
  default List<EventSource<?, Environment>> eventSources(EventSourceContext<Environment> context) {
    return List.of();
  }

  static ComplianceFinding finding(String type, String object, String message) {
    ComplianceFinding finding = new ComplianceFinding();
    finding.setType(type);
    finding.setObject(object);
    finding.setMessage(message);
    return finding;
  }
}
