package io.stageline.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** One stage of a delivery path, with the namespace and everything in it that the stage owns. */
@Group("stageline.io")
@Version("v1alpha1")
@ShortNames("env")
@AdditionalPrinterColumn(name = "Stage", jsonPath = ".spec.stage", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Namespace", jsonPath = ".status.namespace", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Release", jsonPath = ".status.release.version", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Reason", jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Parity", jsonPath = ".status.conditions[?(@.type==\"InParity\")].reason", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
@ValidationRule(
    value = "!has(self.spec.upstream) || self.spec.upstream != self.metadata.name",
    message = "an Environment cannot be its own upstream",
    fieldPath = ".spec.upstream")
public class Environment extends CustomResource<EnvironmentSpec, EnvironmentStatus> {
  // one object the model cannot hold must not stop its kind's informer: see LenientRead
  @Override
  @JsonDeserialize(using = LenientRead.class)
  public void setSpec(EnvironmentSpec spec) {
    super.setSpec(spec);
  }

  @Override
  @JsonDeserialize(using = LenientRead.class)
  public void setStatus(EnvironmentStatus status) {
    super.setStatus(status);
  }

  /** The namespace this Environment provisions: {@code spec.namespace}, else its own name. */
  public String targetNamespace() {
    String ns = getSpec() == null ? null : getSpec().getNamespace();
    return ns == null || ns.isBlank() ? getMetadata().getName() : ns;
  }
}
