package io.stageline.promotion.gates;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MatchResources;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.stageline.api.v1alpha1.Promotion;
import java.util.List;

/**
 * Whether the shipped approval admission policy guards {@code spec.approvals}: the policy exists and
 * fails closed, and a binding enforces it ({@code Deny}) on every promotion. Only then are the
 * {@code by} and {@code groups} of an approval the real user's, so only then does an approval count.
 * Read from informer caches, which also wake waiting promotions when either object changes.
 */
public class ApprovalPolicyCheck {
  public static final String POLICY = "stageline-promotion-approvals";
  public static final String MISSING = "approvals are not counted: ValidatingAdmissionPolicy " + POLICY
      + " and a binding that enforces it (validationActions: [Deny]) must be installed (deploy/approval-policy.yaml)";

  private InformerEventSource<ValidatingAdmissionPolicy, Promotion> policies;
  private InformerEventSource<ValidatingAdmissionPolicyBinding, Promotion> bindings;

  /** The caches to read, once the reconciler has created its event sources. */
  public void readFrom(InformerEventSource<ValidatingAdmissionPolicy, Promotion> policies,
      InformerEventSource<ValidatingAdmissionPolicyBinding, Promotion> bindings) {
    this.policies = policies;
    this.bindings = bindings;
  }

  public boolean enforcing() {
    if (policies == null || bindings == null) {
      return false;
    }
    return policies.list().anyMatch(ApprovalPolicyCheck::failsClosed) && bindings.list().anyMatch(ApprovalPolicyCheck::enforces);
  }

  static boolean failsClosed(ValidatingAdmissionPolicy p) {
    return POLICY.equals(p.getMetadata().getName()) && p.getSpec() != null
        && !"Ignore".equals(p.getSpec().getFailurePolicy())
        && p.getSpec().getValidations() != null && !p.getSpec().getValidations().isEmpty();
  }

  /** Names the policy, denies, and narrows nothing (kube-apiserver fills in empty selectors). */
  static boolean enforces(ValidatingAdmissionPolicyBinding b) {
    if (b.getSpec() == null || !POLICY.equals(b.getSpec().getPolicyName())) {
      return false;
    }
    List<String> actions = b.getSpec().getValidationActions();
    if (actions == null || !actions.contains("Deny")) {
      return false;
    }
    MatchResources m = b.getSpec().getMatchResources();
    return m == null || (matchesAll(m.getNamespaceSelector()) && matchesAll(m.getObjectSelector())
        && empty(m.getResourceRules()) && empty(m.getExcludeResourceRules()));
  }

  private static boolean matchesAll(LabelSelector s) {
    return s == null || (empty(s.getMatchExpressions()) && (s.getMatchLabels() == null || s.getMatchLabels().isEmpty()));
  }

  private static boolean empty(List<?> list) {
    return list == null || list.isEmpty();
  }
}
