package io.stageline.embedded.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stageline.embedded.authz.UserInfo;
import io.stageline.embedded.discovery.ResourceType;

/**
 * One write as admission sees it: the operation, the kind, the new object (null on DELETE), the
 * stored object (null on CREATE), the caller, and whether unknown fields must be rejected.
 */
public record AdmissionRequest(Operation operation, ResourceType type, String namespace, String name,
    String subresource, ObjectNode object, ObjectNode oldObject, UserInfo user, boolean strictFields,
    boolean dryRun) {

  public AdmissionRequest withObject(ObjectNode newObject) {
    return new AdmissionRequest(operation, type, namespace, name, subresource, newObject, oldObject, user,
        strictFields, dryRun);
  }
}
