package io.stageline.embedded.authz;

import io.stageline.embedded.ApiException;
import io.stageline.embedded.ApiRequest;
import io.stageline.embedded.Json;
import io.stageline.embedded.ResourcePath;
import java.util.Locale;

/**
 * Authorizes every request before it is served, as kube-apiserver's authorization filter does:
 * the request's attributes (verb, API group, resource, subresource, namespace, name, or the path
 * of a non-resource URL) are decided by RBAC, and a denial is the same {@code 403 Forbidden}
 * Status, e.g. {@code promotions.stageline.io is forbidden: User "carl" cannot create resource
 * "promotions" in API group "stageline.io" in the namespace "shop-dev"}.
 */
public final class RequestAuthorizer {
  private final RbacAuthorizer rbac;

  public RequestAuthorizer(RbacAuthorizer rbac) {
    this.rbac = rbac;
  }

  public void authorize(ApiRequest request, UserInfo user) {
    ResourceAttributes attributes = attributes(request);
    if (!rbac.allowed(user, attributes)) {
      throw forbidden(user, attributes);
    }
  }

  /** What kube-apiserver's RequestInfoFactory makes of a request. */
  public static ResourceAttributes attributes(ApiRequest request) {
    String method = request.method().toUpperCase(Locale.ROOT);
    ResourcePath path = ResourcePath.parse(request.path());
    if (path == null) {
      return new ResourceAttributes(method.toLowerCase(Locale.ROOT), "", "", "", null, null, request.path());
    }
    String name = path.name();
    String verb = switch (method) {
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> name == null ? "deletecollection" : "delete";
      default -> name != null ? "get" : watching(request) ? "watch" : "list";
    };
    if (name == null && (verb.equals("list") || verb.equals("watch"))) {
      name = nameFromFieldSelector(request.param("fieldSelector"));
    }
    String namespace = path.namespace();
    if (path.group().isEmpty() && path.plural().equals("namespaces") && path.name() != null) {
      namespace = path.name();
    }
    return new ResourceAttributes(verb, path.group(), path.plural(),
        path.subresource() == null ? "" : path.subresource(), namespace, name, null);
  }

  private static boolean watching(ApiRequest request) {
    String watch = request.param("watch");
    return request.isWebSocketUpgrade() || "true".equalsIgnoreCase(watch) || "1".equals(watch);
  }

  /** A list or watch of one object by {@code metadata.name=X} is authorized for that name. */
  private static String nameFromFieldSelector(String selector) {
    if (selector == null) {
      return null;
    }
    for (String term : selector.split(",")) {
      String trimmed = term.trim();
      for (String op : new String[] {"metadata.name==", "metadata.name="}) {
        if (trimmed.startsWith(op) && !trimmed.startsWith("metadata.name!=")) {
          return trimmed.substring(op.length());
        }
      }
    }
    return null;
  }

  /** kube-apiserver's Forbidden for a denied request. */
  public static ApiException forbidden(UserInfo user, ResourceAttributes attributes) {
    if (attributes.isNonResource()) {
      return new ApiException(403, "Forbidden", "forbidden: User \"" + user.username() + "\" cannot "
          + attributes.verb() + " path \"" + attributes.nonResourcePath() + "\"", Json.object());
    }
    String resource = attributes.subresource() == null || attributes.subresource().isEmpty()
        ? attributes.resource() : attributes.resource() + "/" + attributes.subresource();
    String scope = attributes.namespace() == null || attributes.namespace().isEmpty() ? "at the cluster scope"
        : "in the namespace \"" + attributes.namespace() + "\"";
    String reason = "User \"" + user.username() + "\" cannot " + attributes.verb() + " resource \"" + resource
        + "\" in API group \"" + attributes.group() + "\" " + scope;
    String qualified = attributes.group().isEmpty() ? attributes.resource()
        : attributes.resource() + "." + attributes.group();
    String name = attributes.name() == null ? "" : attributes.name();
    String message = name.isEmpty() ? qualified + " is forbidden: " + reason
        : qualified + " \"" + name + "\" is forbidden: " + reason;
    var details = Json.object();
    if (!name.isEmpty()) {
      details.put("name", name);
    }
    if (!attributes.group().isEmpty()) {
      details.put("group", attributes.group());
    }
    details.put("kind", attributes.resource());
    return new ApiException(403, "Forbidden", message, details);
  }
}
