package io.stageline.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A request to move a release into an Environment once every gate passes; lives in the target's namespace. */
@Group("stageline.io")
@Version("v1alpha1")
@ShortNames("promo")
@AdditionalPrinterColumn(name = "Environment", jsonPath = ".spec.environment", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Version", jsonPath = ".status.release.version", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Waiting-On", jsonPath = ".status.waitingOn", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Reason", jsonPath = ".status.conditions[?(@.status==\"False\")].reason",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
@ValidationRule(
    value = "!has(oldSelf.status) || !has(oldSelf.status.phase) || !(oldSelf.status.phase in ['Succeeded', 'Failed', 'RolledBack', 'Rejected']) || self.spec == oldSelf.spec",
    message = "a finished promotion is immutable: create a new one")
@ValidationRule(
    value = "!has(oldSelf.status) || !has(oldSelf.status.phase) || oldSelf.status.phase == 'Pending'"
        + " || (has(self.spec.gates) ? self.spec.gates : []) == (has(oldSelf.spec.gates) ? oldSelf.spec.gates : [])",
    message = "gates cannot change once a promotion waits for them: create a new promotion")
public class Promotion extends CustomResource<PromotionSpec, PromotionStatus> implements Namespaced {
  // one object the model cannot hold must not stop its kind's informer: see LenientRead
  @Override
  @JsonDeserialize(using = LenientRead.class)
  public void setSpec(PromotionSpec spec) {
    super.setSpec(spec);
  }

  @Override
  @JsonDeserialize(using = LenientRead.class)
  public void setStatus(PromotionStatus status) {
    super.setStatus(status);
  }
}
