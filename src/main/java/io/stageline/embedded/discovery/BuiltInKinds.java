package io.stageline.embedded.discovery;

import static io.stageline.embedded.discovery.ResourceType.ALL_VERBS;
import static io.stageline.embedded.discovery.ResourceType.CREATE_ONLY;

import io.stageline.embedded.table.Column;
import java.util.ArrayList;
import java.util.List;

/**
 * The built-in Kubernetes kinds the embedded API serves, with the printer columns kubectl shows
 * for them. Their storage is the mock's generic store; only the Stageline kinds have schemas.
 */
public final class BuiltInKinds {
  private BuiltInKinds() {}

  public static List<ResourceType> all() {
    List<ResourceType> kinds = new ArrayList<>();
    kinds.add(kind("", "Namespace", "namespaces", false, List.of("ns"), List.of("status", "finalize"),
        List.of(Column.path("Status", "string", ".status.phase"))));
    kinds.add(kind("", "ConfigMap", "configmaps", true, List.of("cm"), List.of(),
        List.of(Column.computed("Data", "string", Column::countOfData))));
    kinds.add(kind("", "Secret", "secrets", true, List.of(), List.of(),
        List.of(Column.path("Type", "string", ".type"), Column.computed("Data", "string", Column::countOfData))));
    kinds.add(kind("", "ServiceAccount", "serviceaccounts", true, List.of("sa"), List.of(), List.of()));
    kinds.add(kind("", "ResourceQuota", "resourcequotas", true, List.of("quota"), List.of("status"), List.of()));
    kinds.add(kind("", "LimitRange", "limitranges", true, List.of("limits"), List.of(), List.of()));
    kinds.add(kind("", "Pod", "pods", true, List.of("po"), List.of("status"),
        List.of(Column.path("Status", "string", ".status.phase"))));
    kinds.add(kind("", "Service", "services", true, List.of("svc"), List.of("status"),
        List.of(Column.path("Type", "string", ".spec.type"), Column.path("Cluster-IP", "string", ".spec.clusterIP"))));
    kinds.add(kind("", "PersistentVolumeClaim", "persistentvolumeclaims", true, List.of("pvc"), List.of("status"),
        List.of(Column.path("Status", "string", ".status.phase"))));
    kinds.add(kind("", "Node", "nodes", false, List.of("no"), List.of("status"), List.of()));
    kinds.add(eventKind());
    kinds.add(kind("apps", "Deployment", "deployments", true, List.of("deploy"), List.of("status", "scale"),
        List.of(Column.computed("Ready", "string", Column::readyReplicas),
            Column.path("Up-To-Date", "integer", ".status.updatedReplicas"),
            Column.path("Available", "integer", ".status.availableReplicas"))));
    kinds.add(kind("apps", "StatefulSet", "statefulsets", true, List.of("sts"), List.of("status", "scale"),
        List.of(Column.computed("Ready", "string", Column::readyReplicas))));
    kinds.add(kind("apps", "ReplicaSet", "replicasets", true, List.of("rs"), List.of("status", "scale"), List.of()));
    kinds.add(kind("apps", "DaemonSet", "daemonsets", true, List.of("ds"), List.of("status"), List.of()));
    kinds.add(kind("batch", "Job", "jobs", true, List.of(), List.of("status"),
        List.of(Column.computed("Status", "string", Column::jobStatus),
            Column.computed("Completions", "string", Column::jobCompletions))));
    kinds.add(kind("batch", "CronJob", "cronjobs", true, List.of("cj"), List.of("status"),
        List.of(Column.path("Schedule", "string", ".spec.schedule"))));
    kinds.add(kind("networking.k8s.io", "NetworkPolicy", "networkpolicies", true, List.of("netpol"), List.of(),
        List.of(Column.computed("Pod-Selector", "string", Column::podSelector))));
    kinds.add(kind("networking.k8s.io", "Ingress", "ingresses", true, List.of("ing"), List.of("status"), List.of()));
    kinds.add(kind("policy", "PodDisruptionBudget", "poddisruptionbudgets", true, List.of("pdb"), List.of("status"),
        List.of()));
    kinds.add(kind("coordination.k8s.io", "Lease", "leases", true, List.of(), List.of(),
        List.of(Column.path("Holder", "string", ".spec.holderIdentity"))));
    String rbac = "rbac.authorization.k8s.io";
    kinds.add(kind(rbac, "Role", "roles", true, List.of(), List.of(), List.of()));
    kinds.add(kind(rbac, "ClusterRole", "clusterroles", false, List.of(), List.of(), List.of()));
    kinds.add(kind(rbac, "RoleBinding", "rolebindings", true, List.of(), List.of(),
        List.of(Column.computed("Role", "string", Column::roleRef))));
    kinds.add(kind(rbac, "ClusterRoleBinding", "clusterrolebindings", false, List.of(), List.of(),
        List.of(Column.computed("Role", "string", Column::roleRef))));
    kinds.add(kind("apiextensions.k8s.io", "CustomResourceDefinition", "customresourcedefinitions", false,
        List.of("crd", "crds"), List.of("status"), List.of(Column.path("Created At", "date", ".metadata.creationTimestamp"))));
    String admission = "admissionregistration.k8s.io";
    kinds.add(kind(admission, "ValidatingAdmissionPolicy", "validatingadmissionpolicies", false, List.of(),
        List.of("status"), List.of()));
    kinds.add(kind(admission, "ValidatingAdmissionPolicyBinding", "validatingadmissionpolicybindings", false,
        List.of(), List.of(), List.of(Column.path("PolicyName", "string", ".spec.policyName"))));
    String authz = "authorization.k8s.io";
    kinds.add(review(authz, "SubjectAccessReview", "subjectaccessreviews", false));
    kinds.add(review(authz, "SelfSubjectAccessReview", "selfsubjectaccessreviews", false));
    kinds.add(review(authz, "LocalSubjectAccessReview", "localsubjectaccessreviews", true));
    kinds.add(review("authentication.k8s.io", "SelfSubjectReview", "selfsubjectreviews", false));
    kinds.add(review(authz, "SelfSubjectRulesReview", "selfsubjectrulesreviews", false));
    return kinds;
  }

  private static ResourceType eventKind() {
    return new ResourceType("", "v1", "Event", "events", "event", true, List.of("ev"), List.of(), ALL_VERBS,
        List.of(), List.of(
            Column.computed("Last Seen", "string", Column::eventLastSeen),
            Column.path("Type", "string", ".type"),
            Column.path("Reason", "string", ".reason"),
            Column.computed("Object", "string", Column::involvedObject),
            Column.path("Message", "string", ".message")), null, false);
  }

  private static ResourceType kind(String group, String kind, String plural, boolean namespaced,
      List<String> shortNames, List<String> subresources, List<Column> columns) {
    List<Column> all = new ArrayList<>(columns);
    all.add(Column.path("Age", "date", ".metadata.creationTimestamp"));
    List<String> categories = List.of("Pod", "Service", "Deployment", "StatefulSet", "ReplicaSet", "DaemonSet",
        "Job", "CronJob").contains(kind) ? List.of("all") : List.of();
    return new ResourceType(group, "v1", kind, plural, kind.toLowerCase(), namespaced, shortNames, categories,
        ALL_VERBS, subresources, all, null, false);
  }

  private static ResourceType review(String group, String kind, String plural, boolean namespaced) {
    return new ResourceType(group, "v1", kind, plural, kind.toLowerCase(), namespaced, List.of(), List.of(),
        CREATE_ONLY, List.of(), List.of(), null, false);
  }
}
