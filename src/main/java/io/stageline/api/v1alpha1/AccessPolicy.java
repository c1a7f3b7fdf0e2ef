package io.stageline.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** The access matrix: which subjects get which level in which Environments, kept as RoleBindings. */
@Group("stageline.io")
@Version("v1alpha1")
@ShortNames("ap")
@Plural("accesspolicies")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Bindings", jsonPath = ".status.bindingCount", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Expires", jsonPath = ".status.expiresAt", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class AccessPolicy extends CustomResource<AccessPolicySpec, AccessPolicyStatus> {
  // one object the model cannot hold must not stop its kind's informer: see LenientRead
  @Override
  @JsonDeserialize(using = LenientRead.class)
  public void setSpec(AccessPolicySpec spec) {
    super.setSpec(spec);
  }

  @Override
  @JsonDeserialize(using = LenientRead.class)
  public void setStatus(AccessPolicyStatus status) {
    super.setStatus(status);
  }
}
