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
 * installer would: kube-apiserver's default RBAC objects (at every start) and the parts of
 * {@code kubectl apply -k deploy/} that make sense without a kubelet (the build copies deploy/
 * into the jar): namespaces, the operator's ServiceAccount and RBAC, the access ClusterRoles and
 * the approval ValidatingAdmissionPolicy. The Deployment and Service are left out: the operator
 * runs in this process.
 */
public final class Installation {
  /** The parts of deploy/ the embedded API can install. */
  public enum Part {
    /** Namespaces, the operator's ServiceAccount and its ClusterRole, Role and bindings. */
    OPERATOR_IDENTITY("namespace.yaml", "serviceaccount.yaml", "operator-rbac.yaml"),
    /** The four access-level ClusterRoles. */
    ACCESS_ROLES("access-clusterroles.yaml"),
    /** The ValidatingAdmissionPolicy that makes approvals signatures, and its binding. */
    APPROVAL_POLICY("approval-policy.yaml");

    private final List<String> files;

    Part(String... files) {
      this.files = List.of(files);
    }
  }

  private static final String DEPLOY = "/io/stageline/embedded/deploy/";
  private static final String BOOTSTRAP = "/io/stageline/embedded/bootstrap-rbac.yaml";

  private Installation() {}

  static void bootstrapRbac(KubernetesClient admin) {
    apply(admin, BOOTSTRAP);
  }

  static void install(KubernetesClient admin, Part part) {
    for (String file : part.files) {
      apply(admin, DEPLOY + file);
    }
  }

  private static void apply(KubernetesClient admin, String resource) {
    try (InputStream in = Installation.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not on the class path; build with mvn package");
      }
      for (HasMetadata object : admin.load(in).items()) {
        admin.resource(object).createOr(NonDeletingOperation::update);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
