package io.stageline.cli.plugin;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/** Error messages in kubectl's words, one line, never a stack trace. */
final class PluginErrors {
  private PluginErrors() {}

  /**
   * What failed and why. {@code server} is the API address the command used, named when it cannot be
   * reached, because a stale kubeconfig pointing to a stopped embedded API is the usual cause.
   */
  static String describe(Exception e, String server) {
    Throwable unreachable = unreachableCause(e);
    if (unreachable != null) {
      return "cannot reach the Kubernetes API at " + (server == null ? "(unknown address)" : server) + ": "
          + causeText(unreachable) + " (is the cluster, or `java -jar target/stageline.jar`, running? "
          + "check --kubeconfig and --context)";
    }
    if (e instanceof KubernetesClientException k && k.getStatus() != null && k.getStatus().getMessage() != null) {
      String reason = k.getStatus().getReason();
      return "from server" + (reason == null ? "" : " (" + reason + ")") + ": " + k.getStatus().getMessage();
    }
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }

  private static Throwable unreachableCause(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof ConnectException || c instanceof UnknownHostException || c instanceof HttpTimeoutException
          || c instanceof TimeoutException || c instanceof SSLException) {
        return c;
      }
    }
    return null;
  }

  private static String causeText(Throwable c) {
    String type;
    if (c instanceof ConnectException) {
      type = "connection refused";
    } else if (c instanceof UnknownHostException) {
      type = "unknown host";
    } else if (c instanceof HttpTimeoutException || c instanceof TimeoutException) {
      type = "no answer in time";
    } else if (c instanceof SSLException) {
      type = "TLS handshake failed";
    } else {
      type = c.getClass().getSimpleName();
    }
    return c.getMessage() == null || c.getMessage().isBlank() || c instanceof ConnectException ? type
        : type + " (" + c.getMessage() + ")";
  }
}
