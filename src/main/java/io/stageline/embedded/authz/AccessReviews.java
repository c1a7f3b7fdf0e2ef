package io.stageline.embedded.authz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stageline.embedded.ApiException;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers SubjectAccessReview, LocalSubjectAccessReview and SelfSubjectAccessReview (what
 * {@code kubectl auth can-i} sends) with the RBAC authorizer. Nothing is stored.
 */
public final class AccessReviews {
  private final RbacAuthorizer rbac;

  public AccessReviews(RbacAuthorizer rbac) {
    this.rbac = rbac;
  }

  /** A SelfSubjectRulesReview: the caller's rules in {@code spec.namespace}. */
  public ObjectNode rules(ObjectNode review, UserInfo caller) {
    ObjectNode answer = review.deepCopy();
    answer.put("apiVersion", "authorization.k8s.io/v1").put("kind", "SelfSubjectRulesReview");
    if (!answer.has("metadata")) {
      answer.putObject("metadata");
    }
    ObjectNode status = answer.putObject("status");
    var resourceRules = status.putArray("resourceRules");
    var nonResourceRules = status.putArray("nonResourceRules");
    for (JsonNode rule : rbac.rulesFor(caller, review.path("spec").path("namespace").asText(""))) {
      ObjectNode copy = ((ObjectNode) rule).deepCopy();
      if (copy.has("nonResourceURLs")) {
        nonResourceRules.add(copy.retain("verbs", "nonResourceURLs"));
      } else {
        resourceRules.add(copy.retain("verbs", "apiGroups", "resources", "resourceNames"));
      }
    }
    status.put("incomplete", false);
    return answer;
  }

  public ObjectNode review(String kind, String pathNamespace, ObjectNode review, UserInfo caller) {
    JsonNode spec = review.path("spec");
    UserInfo subject;
    if (kind.equals("SelfSubjectAccessReview")) {
      subject = caller;
    } else {
      List<String> groups = new ArrayList<>();
      spec.path("groups").forEach(g -> groups.add(g.asText()));
      String user = spec.path("user").asText("");
      if (user.isEmpty() && groups.isEmpty()) {
        throw new ApiException(422, "Invalid", kind + ".authorization.k8s.io \"\" is invalid: spec.user: "
            + "Invalid value: \"\": at least one of user or group must be specified", null);
      }
      subject = new UserInfo(user, groups);
    }
    ResourceAttributes attributes = attributes(spec);
    if (kind.equals("LocalSubjectAccessReview") && attributes.namespace() == null) {
      attributes = new ResourceAttributes(attributes.verb(), attributes.group(), attributes.resource(),
          attributes.subresource(), pathNamespace, attributes.name(), null);
    }
    RbacAuthorizer.Decision decision = rbac.decide(subject, attributes);
    ObjectNode answer = review.deepCopy();
    answer.put("apiVersion", "authorization.k8s.io/v1").put("kind", kind);
    if (!answer.has("metadata")) {
      answer.putObject("metadata");
    }
    ObjectNode status = answer.putObject("status").put("allowed", decision.allowed());
    if (!decision.reason().isEmpty()) {
      status.put("reason", decision.reason());
    }
    return answer;
  }

  private static ResourceAttributes attributes(JsonNode spec) {
    JsonNode resource = spec.path("resourceAttributes");
    if (!resource.isMissingNode()) {
      String namespace = resource.path("namespace").asText("");
      return new ResourceAttributes(resource.path("verb").asText(), resource.path("group").asText(""),
          resource.path("resource").asText(), resource.path("subresource").asText(""),
          namespace.isEmpty() ? null : namespace, resource.path("name").asText(null), null);
    }
    JsonNode nonResource = spec.path("nonResourceAttributes");
    return new ResourceAttributes(nonResource.path("verb").asText(), "", "", "", null, null,
        nonResource.path("path").asText());
  }
}
