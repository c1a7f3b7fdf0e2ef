package io.stageline.embedded.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Runs admission steps in order, as kube-apiserver runs mutating then validating plug-ins. */
public final class AdmissionChain {
  private final List<AdmissionStep> steps;

  public AdmissionChain(List<AdmissionStep> steps) {
    this.steps = List.copyOf(steps);
  }

  public ObjectNode admit(AdmissionRequest request) {
    AdmissionRequest current = request;
    for (AdmissionStep step : steps) {
      ObjectNode result = step.admit(current);
      current = current.withObject(result);
    }
    return current.object();
  }
}
