package io.stageline.access;

import io.stageline.api.v1alpha1.AccessPolicySpec;
import io.stageline.api.v1alpha1.AccessPolicySpec.EnvironmentSelector;
import io.stageline.api.v1alpha1.AccessPolicySpec.Grant;
import io.stageline.api.v1alpha1.SubjectRef;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The checks the CRD schema and CEL rules make at admission, repeated where no admission ran (the
 * embedded API, an old CRD): a policy that fails one is reported Invalid and touches nothing.
 */
public final class PolicyValidation {
  private PolicyValidation() {}

  /** Why the spec cannot be applied, or null when it can. */
  public static String problem(AccessPolicySpec spec) {
    if (spec == null) {
      return "spec is missing";
    }
    String selection = selectionProblem(spec.getEnvironments());
    if (selection != null) {
      return selection;
    }
    List<Grant> grants = spec.getGrants();
    if (grants == null || grants.isEmpty()) {
      return "spec.grants is empty: grant at least one level to at least one subject";
    }
    for (int i = 0; i < grants.size(); i++) {
      String problem = grantProblem(grants.get(i));
      if (problem != null) {
        return "spec.grants[" + i + "]: " + problem;
      }
    }
    return null;
  }

  private static String selectionProblem(EnvironmentSelector selection) {
    if (selection == null) {
      return "spec.environments is missing: select environments by paths, selector, stages or names";
    }
    boolean any = selection.getSelector() != null
        || (selection.getStages() != null && !selection.getStages().isEmpty())
        || (selection.getNames() != null && !selection.getNames().isEmpty())
        || (selection.getPaths() != null && !selection.getPaths().isEmpty());
    return any ? null : "spec.environments selects nothing: give paths, a selector, stages or names";
  }

  private static String grantProblem(Grant grant) {
    if (grant.getAccess() == null) {
      return "access must be one of read, write, deploy, approve, admin";
    }
    if (grant.getSubjects() == null || grant.getSubjects().isEmpty()) {
      return "subjects is empty: name at least one User, Group or ServiceAccount";
    }
    for (SubjectRef subject : grant.getSubjects()) {
      if (subject.getKind() == null) {
        return "subject kind must be User, Group or ServiceAccount";
      }
      if (subject.getName() == null || subject.getName().isBlank()) {
        return "a subject needs a name";
      }
      if (subject.getKind() == SubjectRef.Kind.ServiceAccount
          && (subject.getNamespace() == null || subject.getNamespace().isBlank())) {
        return "a ServiceAccount subject needs a namespace";
      }
    }
    if (grant.getEmergency() != null) {
      if (grant.getEmergency().getReason() == null || grant.getEmergency().getReason().isBlank()) {
        return "an emergency grant needs a reason";
      }
      if (parseTime(grant.getEmergency().getExpiresAt()) == null) {
        return "an emergency grant needs expiresAt as an RFC 3339 time, e.g. 2026-01-31T18:00:00Z";
      }
    }
    return null;
  }

  /** RFC 3339, or null when missing or malformed. */
  public static Instant parseTime(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
