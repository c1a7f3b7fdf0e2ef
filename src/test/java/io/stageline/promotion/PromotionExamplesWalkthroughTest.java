package io.stageline.promotion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.api.v1alpha1.Approval;
import io.stageline.api.v1alpha1.Promotion;
import io.stageline.api.v1alpha1.PromotionStatus.Phase;
import io.stageline.testing.PromotionPath;
import io.stageline.testing.Awaits;
import io.stageline.testing.Edits;
import io.stageline.testing.MutableClock;
import io.stageline.testing.ApprovalPolicy;
import io.stageline.testing.OperatorExtension;
import java.io.FileInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The examples carry shop 1.4.0 from development to production through every gate kind, the way
 * people and CI would: a pipeline succeeds, test Jobs complete, time passes, release managers approve.
 */
class PromotionExamplesWalkthroughTest {
  MutableClock clock = MutableClock.systemUtc();
  @RegisterExtension OperatorExtension op = OperatorExtension.running().withClock(clock);

  @Test
  void exampleReleaseTravelsFromDevelopmentToProduction() throws Exception {
    clock.setTo(Instant.parse("2026-12-01T09:00:00Z")); // a Tuesday, 10:00 in Berlin
    KubernetesClient client = op.client();
    PromotionPath f = PromotionPath.of(op);
    ApprovalPolicy.install(client);
    for (String file : List.of("config-and-secrets.yaml", "environments.yaml")) {
      apply(client, "examples/" + file);
    }
    await().atMost(Awaits.TIMEOUT).until(() -> List.of("shop-dev", "shop-test", "shop-staging", "shop-prod")
        .stream().allMatch(ns -> client.namespaces().withName(ns).get() != null));

    apply(client, "examples/promotions/promotion-1-development.yaml");
    await().untilAsserted(() -> assertThat(f.waitingOn("shop-dev", "shop-1-4-0"))
        .isEqualTo("Job shop-dev/shop-build-1-4-0 not found"));
    f.completeJobCreated("shop-dev", "shop-build-1-4-0"); // CI builds the release
    f.awaitPhase("shop-dev", "shop-1-4-0", Phase.Succeeded);

    apply(client, "examples/promotions/promotion-2-test.yaml");
    f.completeJob("shop-test", "shop-1-4-0-automated-tests", "Complete");
    assertThat(f.awaitPhase("shop-test", "shop-1-4-0", Phase.Succeeded).getStatus().getRelease().getVersion()).isEqualTo("1.4.0");

    apply(client, "examples/promotions/promotion-3-staging.yaml");
    await().untilAsserted(() -> assertThat(f.waitingOn("shop-staging", "shop-1-4-0")).isEqualTo("soak ends in 2h"));
    clock.advance(Duration.ofMinutes(121));
    f.completeJob("shop-staging", "shop-1-4-0-integration-tests", "Complete");
    f.completeJob("shop-staging", "shop-1-4-0-verify-smoke", "Complete");
    f.awaitPhase("shop-staging", "shop-1-4-0", Phase.Succeeded);

    apply(client, "examples/promotions/promotion-4-production.yaml");
    await().untilAsserted(() -> assertThat(f.waitingOn("shop-prod", "shop-1-4-0")).isEqualTo("soak ends in 1d"));
    clock.advance(Duration.ofDays(1));
    await().untilAsserted(() -> assertThat(f.waitingOn("shop-prod", "shop-1-4-0"))
        .isEqualTo("0 of 2 approvals; needs a member of release-managers"));
    client.resource(new RoleBindingBuilder()
        .withNewMetadata().withName("release-managers").withNamespace("shop-prod").endMetadata()
        .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName("stageline-approve").endRoleRef()
        .addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("Group").withName("release-managers").endSubject()
        .build()).create();
    approve("bob");
    approve("carol");
    f.completeJob("shop-prod", "shop-1-4-0-verify-checkout-slo", "Complete");

    Promotion production = f.awaitPhase("shop-prod", "shop-1-4-0", Phase.Succeeded);
    assertThat(production.getStatus().getGates()).extracting(g -> g.getMessage()).containsExactly(
        production.getStatus().getGates().get(0).getMessage(), "2 of 2 approvals: bob, carol",
        "window open until 16:00 Europe/Berlin");
    assertThat(f.env("production").getStatus().getRelease().getVersion()).isEqualTo("1.4.0");
    assertThat(f.env("production").getStatus().getRelease().getVerified()).isTrue();
    assertThat(op.operator().context().metrics().scrape()).containsPattern("stageline_release_lead_time_seconds_count(\\{[^}]*\\})? 1");
  }

  private void approve(String user) {
    Approval a = new Approval(user, Instant.now().toString(), "ship it");
    a.setGroups(List.of("release-managers"));
    try (KubernetesClient as = op.api().newClient(user, "release-managers")) {
      await().ignoreExceptions().until(() -> Edits.edit(as.resources(Promotion.class).inNamespace("shop-prod").withName("shop-1-4-0"), p -> {
            p.getSpec().getApprovals().add(a);
            return p;
          }) != null);
    }
  }

  private static void apply(KubernetesClient client, String file) throws Exception {
    try (InputStream in = new FileInputStream(file)) {
      client.load(in).createOrReplace();
    }
  }
}
