package io.stageline.embedded.authz;

import java.util.List;

/** Who sent a request: what kube-apiserver's authenticators and impersonation produce. */
public record UserInfo(String username, List<String> groups) {
  public static final UserInfo ADMIN = new UserInfo("admin", List.of("system:masters", "system:authenticated"));
  public static final UserInfo ANONYMOUS = new UserInfo("system:anonymous", List.of("system:unauthenticated"));
  private static final String SERVICE_ACCOUNT_PREFIX = "system:serviceaccount:";

  /** A ServiceAccount's identity with the groups kube-apiserver gives it. */
  public static UserInfo serviceAccount(String namespace, String name) {
    return new UserInfo(SERVICE_ACCOUNT_PREFIX + namespace + ":" + name,
        List.of("system:serviceaccounts", "system:serviceaccounts:" + namespace, "system:authenticated"));
  }

  public boolean isMaster() {
    return groups.contains("system:masters");
  }

  /** The namespace and name of a ServiceAccount user, or null for any other user. */
  public String[] serviceAccount() {
    if (!username.startsWith(SERVICE_ACCOUNT_PREFIX)) {
      return null;
    }
    String[] parts = username.substring(SERVICE_ACCOUNT_PREFIX.length()).split(":");
    return parts.length == 2 && !parts[0].isEmpty() && !parts[1].isEmpty() ? parts : null;
  }
}
