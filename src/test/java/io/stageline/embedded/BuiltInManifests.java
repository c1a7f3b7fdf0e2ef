package io.stageline.embedded;

/** One manifest of each built-in kind the kubectl matrix covers; {@code NS} is the namespace. */
final class BuiltInManifests {
  private BuiltInManifests() {}

  static final String ALL = """
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: settings, namespace: NS, labels: {app: web}}
      data: {mode: fast}
      ---
      apiVersion: v1
      kind: Secret
      metadata: {name: token, namespace: NS}
      type: Opaque
      stringData: {token: not-a-real-one}
      ---
      apiVersion: v1
      kind: ResourceQuota
      metadata: {name: quota, namespace: NS}
      spec: {hard: {pods: "10"}}
      ---
      apiVersion: v1
      kind: LimitRange
      metadata: {name: limits, namespace: NS}
      spec:
        limits:
        - type: Container
          default: {cpu: 500m}
      ---
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: {name: deny-other-namespaces, namespace: NS}
      spec:
        podSelector: {}
        ingress:
        - from:
          - podSelector: {}
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web, namespace: NS}
      spec:
        replicas: 1
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec:
            containers:
            - name: web
              image: nginx:1.27
      ---
      apiVersion: batch/v1
      kind: Job
      metadata: {name: migrate, namespace: NS}
      spec:
        template:
          spec:
            restartPolicy: Never
            containers:
            - name: migrate
              image: busybox:1.36
      ---
      apiVersion: coordination.k8s.io/v1
      kind: Lease
      metadata: {name: leader, namespace: NS}
      spec: {holderIdentity: operator-0}
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: Role
      metadata: {name: reader, namespace: NS}
      rules:
      - apiGroups: [""]
        resources: [configmaps]
        verbs: [get, list]
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata: {name: readers, namespace: NS}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}
      subjects:
      - {kind: Group, name: readers, apiGroup: rbac.authorization.k8s.io}
      """;

  /** Cluster-scoped objects and Stageline kinds, so that every listed kind has a row. */
  static final String CLUSTER = """
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRole
      metadata: {name: matrix-reader}
      rules:
      - apiGroups: [stageline.io]
        resources: [environments]
        verbs: [get, list]
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRoleBinding
      metadata: {name: matrix-readers}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: matrix-reader}
      subjects:
      - {kind: Group, name: readers, apiGroup: rbac.authorization.k8s.io}
      ---
      apiVersion: stageline.io/v1alpha1
      kind: Environment
      metadata: {name: matrix}
      spec: {stage: development}
      ---
      apiVersion: stageline.io/v1alpha1
      kind: Promotion
      metadata: {name: matrix, namespace: NS}
      spec: {environment: matrix}
      ---
      apiVersion: stageline.io/v1alpha1
      kind: AccessPolicy
      metadata: {name: matrix}
      spec:
        environments: {stages: [development]}
        grants:
        - access: read
          subjects: [{kind: Group, name: readers}]
      ---
      apiVersion: admissionregistration.k8s.io/v1
      kind: ValidatingAdmissionPolicy
      metadata: {name: matrix}
      spec:
        matchConstraints:
          resourceRules:
          - apiGroups: [""]
            apiVersions: [v1]
            operations: [CREATE]
            resources: [secrets]
        validations:
        - expression: "true"
      """;
}
