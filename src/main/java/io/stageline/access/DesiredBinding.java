package io.stageline.access;

import io.stageline.api.v1alpha1.AccessPolicySpec.Level;
import io.stageline.api.v1alpha1.Stage;
import io.stageline.api.v1alpha1.SubjectRef;
import java.time.Instant;
import java.util.List;

/**
 * One RoleBinding a policy implies in one namespace: a level for some subjects, and for an
 * emergency grant the grant's identity and the instant it ends there.
 */
public record DesiredBinding(
    String namespace,
    String name,
    String environment,
    Stage stage,
    Level level,
    List<SubjectRef> subjects,
    Emergency emergency) {

  /** Break-glass facts carried onto the RoleBinding as annotations. */
  public record Emergency(String grant, String reason, String ticket, Instant grantedAt, Instant expiresAt) {}

  public boolean isEmergency() {
    return emergency != null;
  }

  public String key() {
    return namespace + "/" + name;
  }
}
