package io.stageline.embedded;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.stageline.embedded.admission.AdmissionChain;
import io.stageline.embedded.authz.AccessReviews;
import io.stageline.embedded.authz.Authenticator;
import io.stageline.embedded.authz.RbacAuthorizer;
import io.stageline.embedded.authz.RequestAuthorizer;
import io.stageline.embedded.discovery.DiscoveryDocuments;
import io.stageline.embedded.discovery.ResourceCatalog;
import io.stageline.embedded.openapi.OpenApiDocuments;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The front door of the embedded API: identifies the caller, authorizes the request with RBAC,
 * answers what the mock store cannot
 * (version, discovery, OpenAPI, access reviews) and hands resource requests to the
 * {@link ResourceHandler}. Never lets an exception escape: a client always gets an answer.
 */
final class ApiDispatcher extends Dispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(ApiDispatcher.class);
  private final Authenticator authenticator;
  private final RequestAuthorizer authorizer;
  private final RbacAuthorizer rbac;
  private final DiscoveryDocuments discovery;
  private final OpenApiDocuments openApi;
  private final AccessReviews accessReviews;
  private final ResourceHandler resources;
  private final AtomicLong writes;

  ApiDispatcher(Store store, ResourceCatalog catalog, AdmissionChain admission, Authenticator authenticator,
      RequestAuthorizer authorizer, RbacAuthorizer rbac, AccessReviews accessReviews, AtomicLong writes) {
    this.authenticator = authenticator;
    this.authorizer = authorizer;
    this.rbac = rbac;
    this.discovery = new DiscoveryDocuments(catalog);
    this.openApi = new OpenApiDocuments(catalog);
    this.accessReviews = accessReviews;
    this.resources = new ResourceHandler(store, catalog, admission);
    this.writes = writes;
  }

  @Override
  public MockResponse dispatch(RecordedRequest raw) {
    ApiRequest request = new ApiRequest(raw);
    try {
      request.user(authenticator.identify(request));
      authorizer.authorize(request, request.user());
      try {
        return route(request);
      } finally {
        if (changesRbac(request)) {
          rbac.invalidate();
        }
      }
    } catch (ApiException e) {
      return Responses.error(e);
    } catch (RuntimeException e) {
      LOG.warn("embedded API failed on {} {}", raw.getMethod(), raw.getPath(), e);
      return Responses.error(new ApiException(500, "InternalError", "internal error: " + e, null));
    }
  }

  private MockResponse route(ApiRequest request) {
    String path = request.path();
    String accept = request.accept();
    boolean get = request.method().equals("GET");
    if (get) {
      switch (path) {
        case "/version":
          return Responses.json(200, DiscoveryDocuments.version());
        case "/healthz", "/readyz", "/livez":
          return new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain").setBody("ok");
        case "/api":
          return DiscoveryDocuments.wantsAggregated(accept)
              ? Responses.json(200, discovery.aggregated(true), DiscoveryDocuments.AGGREGATED_CONTENT_TYPE)
              : Responses.json(200, discovery.apiVersions());
        case "/apis":
          return DiscoveryDocuments.wantsAggregated(accept)
              ? Responses.json(200, discovery.aggregated(false), DiscoveryDocuments.AGGREGATED_CONTENT_TYPE)
              : Responses.json(200, discovery.apiGroupList());
        case "/openapi/v3":
          return Responses.json(200, openApi.index());
        case "/openapi/v2":
          throw ApiException.notFound("the embedded API publishes OpenAPI v3 only (/openapi/v3)");
        default:
          break;
      }
      if (path.startsWith("/openapi/v3/")) {
        ObjectNode document = openApi.document(path.substring("/openapi/v3/".length()));
        if (document == null) {
          throw ApiException.notFound("the server could not find the requested resource");
        }
        return Responses.json(200, document);
      }
      String[] parts = path.replaceAll("^/+|/+$", "").split("/");
      if (parts.length == 2 && parts[0].equals("api")) {
        return found(discovery.apiResourceList("", parts[1]));
      }
      if (parts.length == 2 && parts[0].equals("apis")) {
        return found(discovery.apiGroup(parts[1]));
      }
      if (parts.length == 3 && parts[0].equals("apis")) {
        return found(discovery.apiResourceList(parts[1], parts[2]));
      }
    }
    ResourcePath resourcePath = ResourcePath.parse(path);
    if (resourcePath == null) {
      throw ApiException.notFound("the server could not find the requested resource");
    }
    if (resourcePath.group().equals("authorization.k8s.io") && request.method().equals("POST")) {
      return review(request, resourcePath);
    }
    if (resourcePath.group().equals("authentication.k8s.io") && resourcePath.plural().equals("selfsubjectreviews")
        && request.method().equals("POST")) {
      return Responses.json(201, whoAmI(request.user()));
    }
    if (!get && !request.isWebSocketUpgrade()) {
      writes.incrementAndGet();
    }
    return resources.handle(request, resourcePath);
  }

  /** A write that may change what RBAC decides: RBAC objects, or a Namespace (deleting one deletes its bindings). */
  private static boolean changesRbac(ApiRequest request) {
    if (request.method().equals("GET")) {
      return false;
    }
    ResourcePath path = ResourcePath.parse(request.path());
    return path != null && (path.group().equals("rbac.authorization.k8s.io")
        || (path.group().isEmpty() && path.plural().equals("namespaces")));
  }

  private MockResponse review(ApiRequest request, ResourcePath path) {
    String kind = switch (path.plural()) {
      case "subjectaccessreviews" -> "SubjectAccessReview";
      case "selfsubjectaccessreviews" -> "SelfSubjectAccessReview";
      case "localsubjectaccessreviews" -> "LocalSubjectAccessReview";
      case "selfsubjectrulesreviews" -> "SelfSubjectRulesReview";
      default -> throw ApiException.notFound("the server could not find the requested resource");
    };
    ObjectNode body = ResourceHandler.bodyObject(request);
    return Responses.json(201, kind.equals("SelfSubjectRulesReview") ? accessReviews.rules(body, request.user())
        : accessReviews.review(kind, path.namespace(), body, request.user()));
  }

  /** A SelfSubjectReview ({@code kubectl auth whoami}): the caller as authenticated and impersonated. */
  private static ObjectNode whoAmI(io.stageline.embedded.authz.UserInfo user) {
    ObjectNode review = io.stageline.embedded.Json.object().put("apiVersion", "authentication.k8s.io/v1")
        .put("kind", "SelfSubjectReview");
    review.putObject("metadata");
    ObjectNode info = review.putObject("status").putObject("userInfo").put("username", user.username());
    user.groups().forEach(info.withArray("groups")::add);
    return review;
  }

  private static MockResponse found(ObjectNode document) {
    if (document == null) {
      throw ApiException.notFound("the server could not find the requested resource");
    }
    return Responses.json(200, document);
  }
}
