package io.stageline.access;

import io.stageline.api.v1alpha1.AccessPolicyConditions;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.stageline.access.AccessAudit.BindingFacts;
import io.stageline.api.Labels;
import io.stageline.api.v1alpha1.AccessPolicy;
import io.stageline.kube.ManagedObjects;
import io.stageline.kube.ManagedObjects.Outcome;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Makes the RoleBindings in the cluster equal to a plan: creates what is missing, restores what
 * someone changed, deletes what no grant implies any more. Writes only on a difference, and audits
 * each subject that gains or loses access.
 */
final class BindingApplier {
  private final KubernetesClient client;
  private final AccessAudit audit;
  private InformerEventSource<RoleBinding, AccessPolicy> cache;

  BindingApplier(KubernetesClient client, AccessAudit audit) {
    this.client = client;
    this.audit = audit;
  }

  /**
   * The informer the policies' RoleBindings are read from: what this applier writes goes into it at
   * once, so that a reconcile that starts before the watch event neither writes nor audits it again.
   */
  void cacheIn(InformerEventSource<RoleBinding, AccessPolicy> cache) {
    this.cache = cache;
  }

  /**
   * @param previouslyBound "namespace/binding/subject" entries the last status listed: a subject
   *     missing from them is newly granted, one present was removed by someone else and is restored
   */
  void apply(AccessPolicy policy, AccessPlan plan, List<RoleBinding> existing, Set<String> previouslyBound) {
    Map<String, RoleBinding> actualByKey = existing.stream()
        .collect(Collectors.toMap(rb -> key(rb), Function.identity(), (a, b) -> a));
    for (DesiredBinding d : plan.bindings()) {
      RoleBinding desired = RoleBindings.desired(d, policy);
      RoleBinding actual = actualByKey.remove(d.key());
      // a binding of that name made by hand (not cached, so the create conflicts) is read and taken over
      if (ManagedObjects.apply(client, actual, desired, RoleBindings::content, RoleBinding::getRoleRef,
          cache == null ? (written, previous) -> { } : ManagedObjects.cachedIn(cache))
          == Outcome.UNCHANGED) {
        continue;
      }
      Set<String> before = actual == null ? Set.of() : subjects(actual);
      for (String subject : subjects(desired)) {
        if (!before.contains(subject)) {
          audit.granted(policy, d, subject, previouslyBound.contains(d.key() + "/" + subject));
        }
      }
      for (String subject : before) {
        if (!subjects(desired).contains(subject)) {
          audit.revoked(policy, facts(actual), subject,
              previouslyBound.contains(d.key() + "/" + subject) ? AccessPolicyConditions.Reason.ACCESS_REVOKED : AccessPolicyConditions.Reason.UNAUTHORIZED_SUBJECT_REMOVED);
        }
      }
    }
    for (RoleBinding stale : actualByKey.values()) {
      deleteAll(policy, List.of(stale), plan.expiredBindings().contains(key(stale)) ? AccessPolicyConditions.Reason.EMERGENCY_ACCESS_EXPIRED : AccessPolicyConditions.Reason.ACCESS_REVOKED);
    }
  }

  /** Deletes bindings and audits each subject's loss of access. */
  void deleteAll(AccessPolicy policy, List<RoleBinding> bindings, String reason) {
    for (RoleBinding rb : bindings) {
      try {
        client.resource(rb).delete();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 404) {
          throw e;
        }
      }
      for (String subject : subjects(rb)) {
        audit.revoked(policy, facts(rb), subject, reason);
      }
    }
  }

  static String key(RoleBinding rb) {
    return rb.getMetadata().getNamespace() + "/" + rb.getMetadata().getName();
  }

  static Set<String> subjects(RoleBinding rb) {
    List<Subject> subjects = rb.getSubjects() == null ? List.of() : rb.getSubjects();
    return subjects.stream().map(RoleBindings::describe).collect(Collectors.toCollection(LinkedHashSet::new));
  }

  static BindingFacts facts(RoleBinding rb) {
    Map<String, String> labels = Objects.requireNonNullElse(rb.getMetadata().getLabels(), Map.of());
    Map<String, String> annotations = Objects.requireNonNullElse(rb.getMetadata().getAnnotations(), Map.of());
    String level = labels.getOrDefault(Labels.ACCESS_LEVEL,
        rb.getRoleRef() == null ? "unknown" : rb.getRoleRef().getName());
    return new BindingFacts(rb.getMetadata().getNamespace(), rb.getMetadata().getName(), level,
        "true".equals(labels.get(Labels.EMERGENCY)), annotations.get(Labels.EMERGENCY_REASON),
        annotations.get(Labels.EMERGENCY_TICKET));
  }
}
