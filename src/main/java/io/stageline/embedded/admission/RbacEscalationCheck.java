package io.stageline.embedded.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stageline.embedded.ApiException;
import io.stageline.embedded.FieldError;
import io.stageline.embedded.Json;
import io.stageline.embedded.authz.RbacAuthorizer;
import io.stageline.embedded.authz.ResourceAttributes;
import io.stageline.embedded.authz.RuleCoverage;
import io.stageline.embedded.authz.UserInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * RBAC's escalation prevention, as kube-apiserver's RBAC storage enforces it: a Role or
 * ClusterRole may be written only by someone who holds every permission it grants (or has
 * {@code escalate} on it; an {@code aggregationRule} needs full authority), and a RoleBinding or
 * ClusterRoleBinding only by someone who holds every permission of the role it refers to (or has
 * {@code bind} on that role). A binding's {@code roleRef} cannot change. {@code system:masters}
 * may do anything. This is what keeps the operator least-privileged in the embedded API too.
 */
public final class RbacEscalationCheck implements AdmissionStep {
  private static final String GROUP = "rbac.authorization.k8s.io";
  private final RbacAuthorizer rbac;

  public RbacEscalationCheck(RbacAuthorizer rbac) {
    this.rbac = rbac;
  }

  @Override
  public ObjectNode admit(AdmissionRequest request) {
    ObjectNode object = request.object();
    if (object == null || request.operation() == Operation.DELETE || !request.type().group().equals(GROUP)
        || request.user() == null || request.user().isMaster()
        || (request.subresource() != null && !request.subresource().isEmpty())) {
      return object;
    }
    String kind = request.type().kind();
    String namespace = kind.startsWith("Cluster") ? null : request.namespace();
    switch (kind) {
      case "Role", "ClusterRole" -> checkRole(request, object, namespace);
      case "RoleBinding", "ClusterRoleBinding" -> checkBinding(request, object, namespace);
      default -> { }
    }
    return object;
  }

  private void checkRole(AdmissionRequest request, ObjectNode role, String namespace) {
    UserInfo user = request.user();
    String plural = request.type().plural();
    String name = role.path("metadata").path("name").asText();
    if (rbac.allowed(user, ResourceAttributes.resource("escalate", GROUP, plural, namespace, name))) {
      return;
    }
    List<JsonNode> held = rbac.rulesFor(user, namespace);
    List<JsonNode> requested = new ArrayList<>();
    role.path("rules").forEach(requested::add);
    List<String> missing = RuleCoverage.uncovered(held, requested);
    if (!missing.isEmpty()) {
      throw forbidden(plural, name, notHeld(user, missing));
    }
    if (role.path("aggregationRule").path("clusterRoleSelectors").size() > 0
        && !RuleCoverage.uncovered(held, List.of(RuleCoverage.FULL_AUTHORITY)).isEmpty()) {
      throw forbidden(plural, name, "must have cluster-admin privileges to use the aggregationRule");
    }
  }

  private void checkBinding(AdmissionRequest request, ObjectNode binding, String namespace) {
    UserInfo user = request.user();
    String plural = request.type().plural();
    String name = binding.path("metadata").path("name").asText();
    JsonNode roleRef = binding.path("roleRef");
    if (request.oldObject() != null && !request.oldObject().path("roleRef").equals(roleRef)) {
      throw ApiException.invalid(GROUP, request.type().kind(), name, List.of(FieldError.invalid("roleRef", roleRef,
          "cannot change roleRef")));
    }
    String roleKind = roleRef.path("kind").asText();
    String rolePlural = "ClusterRole".equals(roleKind) ? "clusterroles" : "roles";
    if (rbac.allowed(user, ResourceAttributes.resource("bind", GROUP, rolePlural, namespace,
        roleRef.path("name").asText()))) {
      return;
    }
    List<String> missing = RuleCoverage.uncovered(rbac.rulesFor(user, namespace),
        rbac.rulesOfRoleRef(roleRef, namespace));
    if (!missing.isEmpty()) {
      throw forbidden(plural, name, notHeld(user, missing));
    }
  }

  private static String notHeld(UserInfo user, List<String> missing) {
    List<String> quoted = user.groups().stream().map(g -> "\"" + g + "\"").toList();
    return "user \"" + user.username() + "\" (groups=[" + String.join(" ", quoted) + "]) is attempting to grant "
        + "RBAC permissions not currently held:\n" + String.join("\n", missing);
  }

  private static ApiException forbidden(String plural, String name, String reason) {
    ObjectNode details = Json.object().put("name", name).put("group", GROUP).put("kind", plural);
    return new ApiException(403, "Forbidden", plural + "." + GROUP + " \"" + name + "\" is forbidden: " + reason,
        details);
  }
}
