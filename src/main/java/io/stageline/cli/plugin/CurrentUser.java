package io.stageline.cli.plugin;

import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReview;
import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Arrays;
import java.util.List;

/** Who the cluster thinks we are, as {@code kubectl auth whoami} asks it. */
record CurrentUser(String name, List<String> groups) {

  static String of(KubernetesClient client) {
    return whoami(client).name();
  }

  /**
   * The user and groups the API server authenticates (impersonation included); without
   * SelfSubjectReview, the impersonated user and groups, else the kubeconfig's user with no groups.
   */
  static CurrentUser whoami(KubernetesClient client) {
    if (servesSelfSubjectReview(client)) {
      CurrentUser reviewed = review(client);
      if (reviewed != null) {
        return reviewed;
      }
    }
    Config config = client.getConfiguration();
    if (config.getImpersonateUsername() != null) {
      String[] groups = config.getImpersonateGroups();
      return new CurrentUser(config.getImpersonateUsername(), groups == null ? List.of() : Arrays.asList(groups));
    }
    return new CurrentUser(fromKubeconfig(client), List.of());
  }

  /** Asked first, so that an API without the kind (before 1.28) gets no request it may never answer. */
  private static boolean servesSelfSubjectReview(KubernetesClient client) {
    try {
      var resources = client.getApiResources("authentication.k8s.io/v1");
      return resources != null && resources.getResources() != null
          && resources.getResources().stream().anyMatch(r -> "selfsubjectreviews".equals(r.getName()));
    } catch (KubernetesClientException | IllegalArgumentException e) {
      return false;
    }
  }

  private static CurrentUser review(KubernetesClient client) {
    // a short timeout: an API that does not know the kind may never answer
    Config quick = new ConfigBuilder(client.getConfiguration()).withRequestTimeout(5000).build();
    try (KubernetesClient reviewer = new KubernetesClientBuilder().withConfig(quick).build()) {
      SelfSubjectReview review = reviewer.resource(new SelfSubjectReviewBuilder().build()).create();
      UserInfo user = review == null || review.getStatus() == null ? null : review.getStatus().getUserInfo();
      if (user != null && user.getUsername() != null) {
        return new CurrentUser(user.getUsername(), user.getGroups() == null ? List.of() : user.getGroups());
      }
    } catch (KubernetesClientException e) {
      // not allowed or not answered: fall back to what the client was told
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
