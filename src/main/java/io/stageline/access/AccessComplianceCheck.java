package io.stageline.access;

import io.stageline.kube.LeanItemStore;
import io.stageline.api.v1alpha1.EnvironmentConditions;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.micrometer.core.instrument.Gauge;
import io.stageline.api.Labels;
import io.stageline.api.v1alpha1.AccessPolicy;
import io.stageline.api.v1alpha1.ComplianceFinding;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.environment.ComplianceCheck;
import io.stageline.environment.step.StepContext;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Access findings about an Environment's namespace, reported by the Environment reconciler's
 * {@code ComplianceStep} (which owns {@code status.compliance} and the {@code Compliant} condition):
 * <ul>
 *   <li>{@code UnmanagedRoleBinding}: a RoleBinding no existing AccessPolicy manages;</li>
 *   <li>{@code ForeignClusterRole}: a RoleBinding of a ClusterRole other than the five access levels;</li>
 *   <li>{@code EmergencyTooLong}: an emergency binding lasting longer than the stage allows.</li>
 * </ul>
 * A RoleBinding labelled {@code stageline.io/allowed: "true"} was reviewed and is accepted.
 * Also keeps {@code stageline_access_compliance_findings{environment}}.
 */
public final class AccessComplianceCheck implements ComplianceCheck {
  static final String METRIC = "stageline_access_compliance_findings";
  private static final String EVENT_SOURCE = "access-compliance-rolebindings";
  private static final String POLICY_SOURCE = "access-compliance-policies";

  private final Map<String, Integer> findingsByEnvironment = new ConcurrentHashMap<>();

  @Override
  public List<ComplianceFinding> findings(StepContext step) {
    Environment env = step.environment();
    // From the informer's cache and by name, not by LIST: this runs on every Environment reconcile,
    // and a LIST per reconcile made the benchmark's API time grow with N squared (docs/performance.md).
    List<RoleBinding> bindings = roleBindingsIn(step);
    Set<String> policies = bindings.stream()
        .map(rb -> Objects.requireNonNullElse(rb.getMetadata().getLabels(), Map.<String, String>of())
            .get(Labels.ACCESS_POLICY))
        .filter(Objects::nonNull).distinct()
        .filter(name -> policies(step).get(new ResourceID(name)).isPresent())
        .collect(Collectors.toSet());
    StageAccessRules rules = StageAccessRules.of(env);
    List<ComplianceFinding> findings = new ArrayList<>();
    for (RoleBinding rb : bindings) {
      Map<String, String> labels = Objects.requireNonNullElse(rb.getMetadata().getLabels(), Map.of());
      if ("true".equals(labels.get(Labels.ALLOWED))) {
        continue;
      }
      String object = "rolebinding/" + rb.getMetadata().getName();
      String policy = labels.get(Labels.ACCESS_POLICY);
      if (policy == null || !policies.contains(policy) || !Labels.STAGELINE.equals(labels.get(Labels.MANAGED_BY))) {
        findings.add(ComplianceCheck.finding(EnvironmentConditions.Reason.UNMANAGED_ROLE_BINDING, object, "RoleBinding " + rb.getMetadata().getName()
            + " is not managed by any AccessPolicy; manage it with one or label it " + Labels.ALLOWED + "=true"));
      }
      if (rb.getRoleRef() != null && "ClusterRole".equals(rb.getRoleRef().getKind())
          && !AccessRoles.isAccessRole(rb.getRoleRef().getName())) {
        findings.add(ComplianceCheck.finding(EnvironmentConditions.Reason.FOREIGN_CLUSTER_ROLE, object, "RoleBinding " + rb.getMetadata().getName()
            + " binds ClusterRole " + rb.getRoleRef().getName() + ", not one of the five access levels"));
      }
      if ("true".equals(labels.get(Labels.EMERGENCY))) {
        emergencyTooLong(rb, rules).ifPresent(message -> findings.add(
            ComplianceCheck.finding(EnvironmentConditions.Reason.EMERGENCY_TOO_LONG, object, message)));
      }
    }
    record(step, findings.size());
    return findings;
  }

  @SuppressWarnings("unchecked")
  private static List<RoleBinding> roleBindingsIn(StepContext step) {
    var source = (InformerEventSource<RoleBinding, Environment>) step.context().eventSourceRetriever()
        .getEventSourceFor(RoleBinding.class, EVENT_SOURCE);
    return source.list(step.namespace()).toList();
  }

  @SuppressWarnings("unchecked")
  private static InformerEventSource<AccessPolicy, Environment> policies(StepContext step) {
    return (InformerEventSource<AccessPolicy, Environment>) step.context().eventSourceRetriever()
        .getEventSourceFor(AccessPolicy.class, POLICY_SOURCE);
  }

  private static java.util.Optional<String> emergencyTooLong(RoleBinding rb, StageAccessRules rules) {
    Map<String, String> annotations = Objects.requireNonNullElse(rb.getMetadata().getAnnotations(), Map.of());
    try {
      Instant granted = Instant.parse(annotations.get(Labels.GRANTED_AT));
      Instant expires = Instant.parse(annotations.get(Labels.EXPIRES_AT));
      Duration length = Duration.between(granted, expires);
      return rules.maxEmergencyDuration().filter(max -> length.compareTo(max) > 0)
          .map(max -> "emergency RoleBinding " + rb.getMetadata().getName() + " lasts " + length
              + ", longer than the stage's maxEmergencyDuration " + max);
    } catch (NullPointerException | DateTimeParseException e) {
      return java.util.Optional.of("emergency RoleBinding " + rb.getMetadata().getName()
          + " carries no valid " + Labels.GRANTED_AT + "/" + Labels.EXPIRES_AT + ": its length is unknown");
    }
  }

  private void record(StepContext step, int count) {
    String name = step.name();
    if (findingsByEnvironment.put(name, count) == null) {
      Gauge.builder(METRIC, findingsByEnvironment, m -> m.getOrDefault(name, 0))
          .description("Access compliance findings in an Environment's namespace")
          .tag("environment", name)
          .register(step.operator().metrics().registry());
    }
  }

  /**
   * RoleBinding changes in any namespace, mapped to the Environments that own the namespace, so that
   * findings follow a RoleBinding created or removed by hand at once. The Environment reconciler
   * registers it among its event sources.
   */
  @Override
  public List<EventSource<?, Environment>> eventSources(EventSourceContext<Environment> context) {
    // a policy created or deleted changes which bindings are managed; policies are few and change rarely
    var policies = new InformerEventSource<>(
        InformerEventSourceConfiguration.from(AccessPolicy.class, Environment.class)
            .withName(POLICY_SOURCE)
            .withItemStore(new LeanItemStore<>())
            .withSecondaryToPrimaryMapper(p -> context.getPrimaryCache().list()
                .map(ResourceID::fromResource).collect(Collectors.toSet()))
            .build(),
        context);
    return List.of(roleBindingEvents(context), policies);
  }

  private static InformerEventSource<RoleBinding, Environment> roleBindingEvents(EventSourceContext<Environment> context) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(RoleBinding.class, Environment.class)
            .withName(EVENT_SOURCE)
            .withItemStore(new LeanItemStore<>())
            .withWatchAllNamespaces()
            .withSecondaryToPrimaryMapper(rb -> context.getPrimaryCache().list()
                .filter(e -> e.getSpec() != null && e.targetNamespace().equals(rb.getMetadata().getNamespace()))
                .map(e -> new ResourceID(e.getMetadata().getName()))
                .collect(Collectors.toSet()))
            .build(),
        context);
  }
}
