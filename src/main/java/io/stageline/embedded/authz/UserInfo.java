package io.stageline.embedded.authz;

import java.util.List;

/** Who sent a request: what kube-apiserver's authenticators and impersonation produce. */
public record UserInfo(String username, List<String> groups) {
  public static final String ADMIN_TOKEN = "stageline-admin";
  public static final UserInfo ADMIN = new UserInfo("admin", List.of("system:masters", "system:authenticated"));
  public static final UserInfo ANONYMOUS = new UserInfo("system:anonymous", List.of("system:unauthenticated"));

  public boolean isMaster() {
    return groups.contains("system:masters");
  }
}
