package io.stageline.kube;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a 403 from the API server: which permission the caller lacked, from the authorizer's message
 * ({@code User "x" cannot create resource "podmonitors" in API group "monitoring.coreos.com" in the
 * namespace "dev"}), so that a status condition can name what to grant.
 */
public final class Forbidden {
  public static final String REASON = "Forbidden";
  private static final Pattern RBAC = Pattern.compile(
      "cannot (\\S+) resource \"([^\"]+)\" in API group \"([^\"]*)\"(?: in the namespace \"([^\"]+)\"| at the cluster scope)?");

  private Forbidden() {}

  /** Whether the exception (or its cause) is the API server's 403. */
  public static boolean is(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof KubernetesClientException k && k.getCode() == 403) {
        return true;
      }
    }
    return false;
  }

  /**
   * The missing permission in RBAC terms, e.g. {@code create podmonitors.monitoring.coreos.com in namespace
   * dev}; for a 403 that is not the authorizer's (an admission policy), the server's message.
   */
  public static String permission(Throwable e) {
    KubernetesClientException k = null;
    for (Throwable t = e; t != null && k == null; t = t.getCause()) {
      if (t instanceof KubernetesClientException candidate) {
        k = candidate;
      }
    }
    String message = k == null ? String.valueOf(e.getMessage())
        : k.getStatus() != null && k.getStatus().getMessage() != null ? k.getStatus().getMessage() : k.getMessage();
    Matcher m = RBAC.matcher(message);
    if (!m.find()) {
      return message;
    }
    String resource = m.group(3).isEmpty() ? m.group(2) : m.group(2) + "." + m.group(3);
    return m.group(1) + " " + resource + (m.group(4) == null ? " (cluster-wide)" : " in namespace " + m.group(4));
  }
}
