package io.stageline.access;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import io.stageline.api.Labels;
import io.stageline.api.v1alpha1.AccessPolicy;
import io.stageline.api.v1alpha1.SubjectRef;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The RoleBinding a {@link DesiredBinding} becomes, and what of an existing one must match it. */
public final class RoleBindings {
  static final String RBAC_GROUP = "rbac.authorization.k8s.io";
  private RoleBindings() {}

  /**
   * The owner reference points at the cluster-scoped AccessPolicy (allowed for namespaced
   * dependents), so a real cluster's garbage collector also removes the bindings; the operator
   * does not rely on it and deletes them itself, behind a finalizer.
   */
  public static RoleBinding desired(DesiredBinding d, AccessPolicy policy) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(Labels.MANAGED_BY, Labels.STAGELINE);
    labels.put(Labels.ENVIRONMENT, d.environment());
    labels.put(Labels.ACCESS_POLICY, policy.getMetadata().getName());
    labels.put(Labels.ACCESS_LEVEL, d.level().name());
    Map<String, String> annotations = new LinkedHashMap<>();
    if (d.isEmergency()) {
      labels.put(Labels.EMERGENCY, "true");
      annotations.put(Labels.EMERGENCY_REASON, d.emergency().reason());
      if (d.emergency().ticket() != null) {
        annotations.put(Labels.EMERGENCY_TICKET, d.emergency().ticket());
      }
      annotations.put(Labels.GRANTED_AT, d.emergency().grantedAt().toString());
      annotations.put(Labels.EXPIRES_AT, d.emergency().expiresAt().toString());
    }
    return new RoleBindingBuilder()
        .withNewMetadata()
          .withName(d.name())
          .withNamespace(d.namespace())
          .withLabels(labels)
          .withAnnotations(annotations.isEmpty() ? null : annotations)
          .withOwnerReferences(new OwnerReferenceBuilder()
              .withApiVersion(policy.getApiVersion())
              .withKind(policy.getKind())
              .withName(policy.getMetadata().getName())
              .withUid(policy.getMetadata().getUid())
              .build())
        .endMetadata()
        .withNewRoleRef(RBAC_GROUP, "ClusterRole", d.level().clusterRole())
        .withSubjects(d.subjects().stream().map(RoleBindings::subject).toList())
        .build();
  }

  public static Subject subject(SubjectRef ref) {
    SubjectBuilder b = new SubjectBuilder().withKind(ref.getKind().name()).withName(ref.getName());
    return ref.getKind() == SubjectRef.Kind.ServiceAccount
        ? b.withNamespace(ref.getNamespace()).build()
        : b.withApiGroup(RBAC_GROUP).build();
  }

  /** The inverse of {@link #subject}, in the same text form as status and audit lines use. */
  public static String describe(Subject s) {
    return s.getKind() + ":" + (s.getNamespace() == null || s.getNamespace().isEmpty() ? "" : s.getNamespace() + "/")
        + s.getName();
  }

  /**
   * What makes a binding the one desired besides its marks (see {@code ManagedObjects}): the subjects, and
   * the owner. The roleRef cannot be updated; a binding whose roleRef differs is replaced.
   */
  static Object content(RoleBinding rb) {
    return Arrays.asList(nullToEmpty(rb.getSubjects()), rb.getMetadata().getOwnerReferences());
  }

  private static List<Subject> nullToEmpty(List<Subject> subjects) {
    return subjects == null ? List.of() : subjects;
  }
}
