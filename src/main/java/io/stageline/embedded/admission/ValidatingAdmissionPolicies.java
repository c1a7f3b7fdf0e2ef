package io.stageline.embedded.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cel.common.values.NullValue;
import io.stageline.embedded.ApiException;
import io.stageline.embedded.Json;
import io.stageline.embedded.Store;
import io.stageline.embedded.authz.RbacAuthorizer;
import io.stageline.embedded.validation.CelEngine;
import io.stageline.embedded.validation.CelValues;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Enforces the ValidatingAdmissionPolicies (admissionregistration.k8s.io/v1) stored in the API
 * through their bindings, as kube-apiserver does: match constraints and binding match resources,
 * {@code matchConditions}, {@code variables}, {@code validations} with {@code message} or
 * {@code messageExpression} and {@code reason}, and {@code failurePolicy}. Expressions see
 * {@code object}, {@code oldObject}, {@code request} (operation, userInfo, kind, resource, name,
 * namespace, subResource, dryRun), {@code namespaceObject}, {@code variables} and {@code authorizer}
 * (RBAC asked for the requesting user, {@link CelAuthorizer}). Only the
 * {@code Deny} action is enforced; {@code paramKind} policies are skipped (no params).
 */
public final class ValidatingAdmissionPolicies implements AdmissionStep {
  private static final String API = "/apis/admissionregistration.k8s.io/v1";
  private final Store store;
  private final RbacAuthorizer rbac;
  private static final CelEngine ENGINE = new CelEngine(List.of("object", "oldObject", "request", "params",
      "namespaceObject", "variables"), CelAuthorizer::declare);
  private final CelEngine engine = ENGINE;

  public ValidatingAdmissionPolicies(Store store, RbacAuthorizer rbac) {
    this.store = store;
    this.rbac = rbac;
  }

  @Override
  public ObjectNode admit(AdmissionRequest request) {
    for (JsonNode binding : store.list(API + "/validatingadmissionpolicybindings").items()) {
      String policyName = binding.path("spec").path("policyName").asText("");
      Optional<ObjectNode> policy = store.get(API + "/validatingadmissionpolicies/" + policyName);
      if (policy.isEmpty() || policy.get().path("spec").has("paramKind")) {
        continue;
      }
      JsonNode actions = binding.path("spec").path("validationActions");
      boolean deny = actions.isEmpty() || actions.toString().contains("\"Deny\"");
      if (!deny) {
        continue;
      }
      JsonNode spec = policy.get().path("spec");
      if (PolicyMatcher.matches(spec.path("matchConstraints"), request, this::namespace)
          && PolicyMatcher.matches(binding.path("spec").path("matchResources"), request, this::namespace)) {
        enforce(policyName, binding.path("metadata").path("name").asText(), spec, request);
      }
    }
    return request.object();
  }

  private JsonNode namespace(String name) {
    return store.get("/api/v1/namespaces/" + name).orElse(null);
  }

  private void enforce(String policyName, String bindingName, JsonNode spec, AdmissionRequest request) {
    boolean failOpen = "Ignore".equals(spec.path("failurePolicy").asText("Fail"));
    Map<String, Object> context = context(request);
    String prefix = "ValidatingAdmissionPolicy '" + policyName + "' with binding '" + bindingName + "' denied request: ";
    try {
      for (JsonNode condition : spec.path("matchConditions")) {
        if (!Boolean.TRUE.equals(engine.evaluate(condition.path("expression").asText(), context))) {
          return;
        }
      }
      Map<String, Object> variables = new LinkedHashMap<>();
      context.put("variables", variables);
      for (JsonNode variable : spec.path("variables")) {
        variables.put(variable.path("name").asText(), engine.evaluate(variable.path("expression").asText(), context));
      }
      for (JsonNode validation : spec.path("validations")) {
        Object result = engine.evaluate(validation.path("expression").asText(), context);
        if (!Boolean.TRUE.equals(result)) {
          throw denied(request, validation.path("reason").asText("Invalid"), prefix + message(validation, context));
        }
      }
    } catch (IllegalArgumentException e) {
      if (!failOpen) {
        throw denied(request, "Invalid", prefix + "expression failed: " + e.getMessage());
      }
    }
  }

  private String message(JsonNode validation, Map<String, Object> context) {
    if (validation.has("messageExpression")) {
      try {
        Object message = engine.evaluate(validation.get("messageExpression").asText(), context);
        if (message instanceof String text && !text.isBlank()) {
          return text;
        }
      } catch (IllegalArgumentException e) {
        // kube-apiserver falls back to the static message when messageExpression fails
      }
    }
    return validation.has("message") ? validation.get("message").asText()
        : "failed expression: " + validation.path("expression").asText();
  }

  private static ApiException denied(AdmissionRequest request, String reason, String message) {
    int code = switch (reason) {
      case "Forbidden" -> 403;
      case "Unauthorized" -> 401;
      case "RequestEntityTooLarge" -> 413;
      default -> 422;
    };
    ObjectNode details = Json.object().put("name", request.name()).put("group", request.type().group())
        .put("kind", request.type().plural());
    return new ApiException(code, reason, message, details);
  }

  private Map<String, Object> context(AdmissionRequest request) {
    Map<String, Object> context = new HashMap<>();
    context.put("object", CelValues.of(request.object(), false));
    context.put("oldObject", CelValues.of(request.oldObject(), false));
    context.put("params", NullValue.NULL_VALUE);
    JsonNode ns = request.type().namespaced() && request.namespace() != null ? namespace(request.namespace()) : null;
    context.put("namespaceObject", CelValues.of(ns, false));
    Map<String, Object> user = new HashMap<>();
    user.put("username", request.user().username());
    user.put("groups", request.user().groups());
    user.put("uid", "");
    user.put("extra", Map.of());
    Map<String, Object> req = new HashMap<>();
    req.put("operation", request.operation().name());
    req.put("userInfo", user);
    req.put("name", request.name() == null ? "" : request.name());
    req.put("namespace", request.namespace() == null ? "" : request.namespace());
    req.put("subResource", request.subresource() == null ? "" : request.subresource());
    req.put("dryRun", request.dryRun());
    req.put("kind", Map.of("group", request.type().group(), "version", request.type().version(),
        "kind", request.type().kind()));
    req.put("resource", Map.of("group", request.type().group(), "version", request.type().version(),
        "resource", request.type().plural()));
    context.put("request", req);
    context.put("authorizer", new CelAuthorizer.Authorizer(rbac, request.user()));
    context.put("variables", Map.of());
    return context;
  }
}
