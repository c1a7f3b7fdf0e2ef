package io.stageline.embedded.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One admission plug-in. Mutating steps return the (possibly changed) object; validating steps
 * return it unchanged or throw an {@link io.stageline.embedded.ApiException}.
 */
@FunctionalInterface
public interface AdmissionStep {
  ObjectNode admit(AdmissionRequest request);
}
