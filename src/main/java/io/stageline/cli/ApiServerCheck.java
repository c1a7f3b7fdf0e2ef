package io.stageline.cli;

import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReview;
import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReviewBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Which Kubernetes API the operator talks to, as whom, and whether it answers: what the operator
 * says at start, and what {@code /readyz} reports while the API cannot be reached. A check is one
 * quick request ({@code GET /version}, no retries), so an unreachable API is one line in the log,
 * not a loop of stack traces.
 */
final class ApiServerCheck {
  private final Config config;
  private final String source;

  ApiServerCheck(Config config, String source) {
    this.config = config;
    this.source = source;
  }

  /** Where a cluster's configuration comes from, as fabric8 and kubectl look for it. */
  static String sourceOf(Map<String, String> env, Path home) {
    String kubeconfig = env.get("KUBECONFIG");
    if (kubeconfig != null && !kubeconfig.isBlank()) {
      return "KUBECONFIG=" + kubeconfig;
    }
    if (env.containsKey("KUBERNETES_SERVICE_HOST")) {
      return "in-cluster configuration";
    }
    return home == null ? "kubeconfig" : home.resolve(".kube").resolve("config").toString();
  }

  String server() {
    return config.getMasterUrl().replaceAll("/+$", "");
  }

  /** Null when the API answers, else one line: address, cause, what to do. */
  String problem() {
    Config quick = new ConfigBuilder(config).withRequestRetryBackoffLimit(0).withConnectionTimeout(5_000)
        .withRequestTimeout(5_000).build();
    try (KubernetesClient probe = new KubernetesClientBuilder().withConfig(quick).build()) {
      probe.getKubernetesVersion();
      return null;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 401 || e.getCode() == 403) {
        return "the Kubernetes API at " + server() + " (" + source + ") refuses the credentials (HTTP " + e.getCode()
            + "); renew them or choose another context";
      }
      return unreachable(e);
    } catch (RuntimeException e) {
      return unreachable(e);
    }
  }

  private String unreachable(Throwable e) {
    return "cannot reach the Kubernetes API at " + server() + " (" + source + "): " + rootCause(e)
        + "; start that cluster, point KUBECONFIG at one that runs, or run with --embedded";
  }

  /**
   * What actually went wrong, on one line: the JDK's HTTP client reports a refused connection as a
   * {@code ConnectException} without a message, so that is named; otherwise the deepest message.
   */
  static String rootCause(Throwable e) {
    String deepest = null;
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof java.net.ConnectException) {
        return t.getMessage() == null || t.getMessage().isBlank() ? "connection refused" : oneLine(t.getMessage());
      }
      if (t instanceof java.net.UnknownHostException) {
        return "unknown host " + oneLine(String.valueOf(t.getMessage()));
      }
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        deepest = t.getMessage();
      } else if (deepest == null && t.getCause() == null) {
        deepest = t.getClass().getSimpleName();
      }
    }
    return oneLine(deepest == null ? e.getClass().getSimpleName() : deepest);
  }

  private static String oneLine(String text) {
    return text.replaceAll("\\s+", " ").trim();
  }

  /**
   * Who the API says we are (a SelfSubjectReview, what {@code kubectl auth whoami} asks); when the
   * API has no such review, the kubeconfig's user.
   */
  String identity() {
    Config quick = new ConfigBuilder(config).withRequestRetryBackoffLimit(0).withRequestTimeout(5_000).build();
    try (KubernetesClient reviewer = new KubernetesClientBuilder().withConfig(quick).build()) {
      SelfSubjectReview review = reviewer.resource(new SelfSubjectReviewBuilder().build()).create();
      if (review != null && review.getStatus() != null && review.getStatus().getUserInfo() != null
          && review.getStatus().getUserInfo().getUsername() != null) {
        return review.getStatus().getUserInfo().getUsername();
      }
    } catch (RuntimeException e) {
      // an API before 1.28, or one that does not let us ask: say what the configuration names
    }
    if (config.getCurrentContext() != null && config.getCurrentContext().getContext() != null
        && config.getCurrentContext().getContext().getUser() != null) {
      return "kubeconfig user " + config.getCurrentContext().getContext().getUser();
    }
    return config.getUsername() != null ? config.getUsername() : "the configured credentials";
  }
}
