package io.stageline.embedded.authz;

import io.stageline.embedded.ApiException;
import io.stageline.embedded.ApiRequest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Identifies the caller as kube-apiserver's token authenticator does: a bearer token the API
 * issued ({@link #issue}) is its user; an unknown token is {@code 401 Unauthorized}; a request
 * without credentials is {@code system:anonymous}. Tokens are random and live as long as the API
 * process (the kubeconfig is rewritten on every start). Impersonation headers (what
 * {@code kubectl --as/--as-group} and fabric8's impersonation send) then act as another user,
 * provided RBAC gives the caller the {@code impersonate} verb on that user (or ServiceAccount)
 * and on every group, answered with kube-apiserver's Forbidden otherwise.
 */
public final class Authenticator {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final RbacAuthorizer rbac;
  private final Map<String, UserInfo> tokens = new ConcurrentHashMap<>();

  public Authenticator(RbacAuthorizer rbac) {
    this.rbac = rbac;
  }

  /** A new bearer token that authenticates as {@code user}. */
  public String issue(UserInfo user) {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String token = HexFormat.of().formatHex(bytes);
    tokens.put(token, user);
    return token;
  }

  public UserInfo identify(ApiRequest request) {
    UserInfo caller = caller(request.header("Authorization"));
    String impersonated = request.header("Impersonate-User");
    List<String> groups = impersonatedGroups(request);
    if (impersonated == null || impersonated.isBlank()) {
      if (!groups.isEmpty()) {
        throw ApiException.badRequest("requested " + groups + " without impersonating a user");
      }
      return caller;
    }
    String[] serviceAccount = new UserInfo(impersonated, List.of()).serviceAccount();
    if (serviceAccount != null) {
      requireImpersonate(caller, "serviceaccounts", serviceAccount[0], serviceAccount[1]);
    } else {
      requireImpersonate(caller, "users", null, impersonated);
    }
    for (String group : groups) {
      requireImpersonate(caller, "groups", null, group);
    }
    List<String> all = new ArrayList<>();
    if (serviceAccount != null) {
      all.addAll(UserInfo.serviceAccount(serviceAccount[0], serviceAccount[1]).groups());
    }
    groups.stream().filter(g -> !all.contains(g)).forEach(all::add);
    if (!impersonated.equals("system:anonymous") && !all.contains("system:authenticated")) {
      all.add("system:authenticated");
    }
    return new UserInfo(impersonated, List.copyOf(all));
  }

  private void requireImpersonate(UserInfo caller, String resource, String namespace, String name) {
    ResourceAttributes attributes = ResourceAttributes.resource("impersonate", "", resource, namespace, name);
    if (!rbac.allowed(caller, attributes)) {
      throw RequestAuthorizer.forbidden(caller, attributes);
    }
  }

  private static List<String> impersonatedGroups(ApiRequest request) {
    List<String> groups = new ArrayList<>();
    for (String header : request.headers("Impersonate-Group")) {
      for (String group : header.split(",")) {
        if (!group.isBlank() && !groups.contains(group.trim())) {
          groups.add(group.trim());
        }
      }
    }
    return groups;
  }

  private UserInfo caller(String authorization) {
    if (authorization == null || authorization.isBlank()) {
      return UserInfo.ANONYMOUS;
    }
    String token = authorization.replaceFirst("(?i)^Bearer\\s+", "").trim();
    UserInfo user = tokens.get(token);
    if (user == null) {
      throw new ApiException(401, "Unauthorized", "Unauthorized", null);
    }
    return user;
  }
}
