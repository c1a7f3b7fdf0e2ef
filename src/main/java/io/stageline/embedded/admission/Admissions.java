package io.stageline.embedded.admission;

import io.stageline.embedded.Store;
import io.stageline.embedded.authz.RbacAuthorizer;
import io.stageline.embedded.discovery.ResourceCatalog;
import java.util.List;

/** The admission plug-ins of the embedded API, in kube-apiserver's order. */
public final class Admissions {
  private Admissions() {}

  public static AdmissionChain standard(NamespaceLifecycle namespaces, ResourceCatalog catalog, RbacAuthorizer rbac,
      Store store) {
    return new AdmissionChain(List.of(new BuiltInDefaults(), namespaces, new SecretStringData(),
        new CustomResourceDefinitionAdmission(), new CustomResourceAdmission(), new PodSecurityAdmission(store),
        new RbacEscalationCheck(rbac), new ValidatingAdmissionPolicies(store, rbac)));
  }
}
