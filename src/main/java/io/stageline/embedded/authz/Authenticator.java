package io.stageline.embedded.authz;

import io.stageline.embedded.ApiException;
import io.stageline.embedded.ApiRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * Identifies the caller: the kubeconfig's bearer token {@code stageline-admin} is user
 * {@code admin} in {@code system:masters}. kubectl sends no bearer token over plain HTTP, so a
 * request without credentials is the administrator too, as on the old insecure localhost port of
 * kube-apiserver (the embedded API listens on the loopback interface only). Impersonation
 * headers (what {@code kubectl --as/--as-group} and fabric8's impersonation send) then act as
 * another user, as kube-apiserver does, provided the caller may {@code impersonate}.
 */
public final class Authenticator {
  private final RbacAuthorizer rbac;

  public Authenticator(RbacAuthorizer rbac) {
    this.rbac = rbac;
  }

  public UserInfo identify(ApiRequest request) {
    UserInfo caller = caller(request.header("Authorization"));
    String impersonated = request.header("Impersonate-User");
    if (impersonated == null || impersonated.isBlank()) {
      return caller;
    }
    if (!caller.isMaster() && !rbac.allowed(caller, ResourceAttributes.resource("impersonate", "", "users", null,
        impersonated))) {
      throw ApiException.forbidden("users \"" + impersonated + "\" is forbidden: User \"" + caller.username()
          + "\" cannot impersonate resource \"users\" in API group \"\" at the cluster scope");
    }
    List<String> groups = new ArrayList<>();
    for (String header : request.headers("Impersonate-Group")) {
      for (String group : header.split(",")) {
        if (!group.isBlank() && !groups.contains(group.trim())) {
          groups.add(group.trim());
        }
      }
    }
    if (!impersonated.equals("system:anonymous") && !groups.contains("system:authenticated")) {
      groups.add("system:authenticated");
    }
    return new UserInfo(impersonated, List.copyOf(groups));
  }

  private static UserInfo caller(String authorization) {
    if (authorization == null || authorization.isBlank()) {
      return UserInfo.ADMIN;
    }
    String token = authorization.replaceFirst("(?i)^Bearer\\s+", "").trim();
    if (token.equals(UserInfo.ADMIN_TOKEN)) {
      return UserInfo.ADMIN;
    }
    throw new ApiException(401, "Unauthorized", "Unauthorized", null);
  }
}
