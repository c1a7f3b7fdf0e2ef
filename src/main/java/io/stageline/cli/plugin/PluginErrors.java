package io.stageline.cli.plugin;

import io.fabric8.kubernetes.client.KubernetesClientException;

/** Error messages in kubectl's words, never a stack trace. */
final class PluginErrors {
  private PluginErrors() {}

  static String describe(Exception e) {
    if (e instanceof KubernetesClientException k) {
      if (k.getStatus() != null && k.getStatus().getMessage() != null) {
        String reason = k.getStatus().getReason();
        return (reason == null ? "" : "(" + reason + ") ") + k.getStatus().getMessage();
      }
      if (k.getCode() == 0) {
        return "cannot reach the cluster: " + rootMessage(k);
      }
    }
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }

  private static String rootMessage(Throwable t) {
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }
}
