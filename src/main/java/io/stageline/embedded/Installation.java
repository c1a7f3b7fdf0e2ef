package io.stageline.embedded;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * What the embedded API holds before anyone uses it, applied by the administrator as a cluster's
 * installer would: kube-apiserver's system namespaces and default RBAC objects (at every start) and the parts of
 * {@code kubectl apply -k deploy/} that make sense without a kubelet (the build copies deploy/
 * into the jar): namespaces, the operator's ServiceAccount and RBAC, the access ClusterRoles and
 * the approval ValidatingAdmissionPolicy. The Deployment and Service are left out: the operator
 * runs in this process.
 */
public final class Installation {
  /** The parts of deploy/ the embedded API can install. */
  public enum Part {
    /** The operator's namespace, its ServiceAccount and its ClusterRole, Role and bindings. */
    OPERATOR_IDENTITY(o -> !o.getKind().equals("Namespace") || o.getMetadata().getName().equals("stageline-system"),
        "namespace.yaml", "serviceaccount.yaml", "operator-rbac.yaml"),
    /** The configuration and vault namespaces Environments read from. */
    NAMESPACES(o -> true, "namespace.yaml"),
    /** The four access-level ClusterRoles. */
    ACCESS_ROLES(o -> true, "access-clusterroles.yaml"),
    /** The ValidatingAdmissionPolicy that makes approvals signatures, and its binding. */
    APPROVAL_POLICY(o -> true, "approval-policy.yaml");

    private final java.util.function.Predicate<HasMetadata> objects;
    private final List<String> files;

    Part(java.util.function.Predicate<HasMetadata> objects, String... files) {
      this.objects = objects;
      this.files = List.of(files);
    }
  }

  private static final String DEPLOY = "/io/stageline/embedded/deploy/";
  private static final String BOOTSTRAP = "/io/stageline/embedded/bootstrap-rbac.yaml";
  private static final String SYSTEM_NAMESPACES = "/io/stageline/embedded/bootstrap-namespaces.yaml";

  private Installation() {}

  /** kube-apiserver's default RBAC objects and its system namespaces ({@code default}, {@code kube-system}, ...). */
  static void bootstrap(KubernetesClient admin) {
    apply(admin, SYSTEM_NAMESPACES, o -> true);
    apply(admin, BOOTSTRAP, o -> true);
  }

  static void install(KubernetesClient admin, Part part) {
    for (String file : part.files) {
      apply(admin, DEPLOY + file, part.objects);
    }
  }

  private static void apply(KubernetesClient admin, String resource, java.util.function.Predicate<HasMetadata> wanted) {
    try (InputStream in = Installation.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not on the class path; build with mvn package");
      }
      for (HasMetadata object : admin.load(in).items()) {
        if (!wanted.test(object)) {
          continue;
        }
        admin.resource(object).createOr(NonDeletingOperation::update);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
