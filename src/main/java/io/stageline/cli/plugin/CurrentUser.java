package io.stageline.cli.plugin;

import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReview;
import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReviewBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** Who the cluster thinks we are, as {@code kubectl auth whoami} asks it. */
final class CurrentUser {
  private CurrentUser() {}

  static String of(KubernetesClient client) {
    if (servesSelfSubjectReview(client)) {
      String reviewed = review(client);
      if (reviewed != null) {
        return reviewed;
      }
    }
    return fromKubeconfig(client);
  }

  /** Asked first, so that an API without the kind (before 1.28, or the embedded API) gets no request it may never answer. */
  private static boolean servesSelfSubjectReview(KubernetesClient client) {
    try {
      var resources = client.getApiResources("authentication.k8s.io/v1");
      return resources != null && resources.getResources() != null
          && resources.getResources().stream().anyMatch(r -> "selfsubjectreviews".equals(r.getName()));
    } catch (KubernetesClientException | IllegalArgumentException e) {
      return false;
    }
  }

  private static String review(KubernetesClient client) {
    // a short timeout: an API that does not know the kind may never answer
    Config quick = new ConfigBuilder(client.getConfiguration()).withRequestTimeout(5000).build();
    try (KubernetesClient reviewer = new KubernetesClientBuilder().withConfig(quick).build()) {
      SelfSubjectReview review = reviewer.resource(new SelfSubjectReviewBuilder().build()).create();
      if (review != null && review.getStatus() != null && review.getStatus().getUserInfo() != null
          && review.getStatus().getUserInfo().getUsername() != null) {
        return review.getStatus().getUserInfo().getUsername();
      }
    } catch (KubernetesClientException e) {
      // not allowed or not answered: fall back to the kubeconfig
    }
    return null;
  }

  private static String fromKubeconfig(KubernetesClient client) {
    String username = client.getConfiguration().getUsername();
    if (username != null && !username.isBlank()) {
      return username;
    }
    if (client.getConfiguration().getCurrentContext() != null
        && client.getConfiguration().getCurrentContext().getContext() != null
        && client.getConfiguration().getCurrentContext().getContext().getUser() != null) {
      return client.getConfiguration().getCurrentContext().getContext().getUser();
    }
    throw new IllegalStateException("cannot tell who you are: the cluster has no SelfSubjectReview and the "
        + "kubeconfig names no user");
  }
}
