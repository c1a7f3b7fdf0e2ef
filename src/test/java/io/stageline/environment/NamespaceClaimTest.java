package io.stageline.environment;

import io.stageline.api.v1alpha1.EnvironmentConditions;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.stageline.api.Labels;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.testing.Environments;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Who may have a namespace, decided without a cluster. */
class NamespaceClaimTest {
  private final NamespaceClaim claim = new NamespaceClaim(List.of("stageline-system"));

  private static Environment env(String name, String namespace, String created) {
    Environment env = Environments.development(name).withNamespace(namespace).build();
    env.getMetadata().setCreationTimestamp(created);
    return env;
  }

  private static Namespace namespace(String name, Map<String, String> labels, Map<String, String> annotations) {
    return new NamespaceBuilder().withNewMetadata().withName(name).withLabels(labels).withAnnotations(annotations)
        .endMetadata().build();
  }

  private static Map<String, String> keptFor(String environment) {
    return Map.of(Labels.MANAGED_BY, Labels.STAGELINE, Labels.ENVIRONMENT, environment);
  }

  @Test
  void aFreeNamespaceIsOwned() {
    Environment dev = env("dev", "shop-dev", "2026-01-01T00:00:00Z");
    assertThat(claim.check(dev, null, List.of(dev)).verdict()).isEqualTo(NamespaceClaim.Verdict.OWN);
  }

  @Test
  void reservedAndOperatorNamespacesAreRefused() {
    for (String reserved : List.of("kube-system", "default", "stageline-system")) {
      Environment env = env("sys", reserved, "2026-01-01T00:00:00Z");
      assertThat(claim.check(env, null, List.of(env)).problem().reason()).isEqualTo(EnvironmentConditions.Reason.NAMESPACE_RESERVED);
    }
  }

  @Test
  void anUnmanagedNamespaceIsRefusedUnlessItAsksForAdoption() {
    Environment dev = env("dev", "legacy", "2026-01-01T00:00:00Z");
    NamespaceClaim.Result refused = claim.check(dev, namespace("legacy", Map.of(), Map.of()), List.of(dev));
    assertThat(refused.problem().reason()).isEqualTo(EnvironmentConditions.Reason.NAMESPACE_NOT_MANAGED);
    assertThat(refused.problem().message()).contains(Labels.ADOPT_ANNOTATION);

    NamespaceClaim.Result adopted = claim.check(dev,
        namespace("legacy", Map.of(), Map.of(Labels.ADOPT_ANNOTATION, "true")), List.of(dev));
    assertThat(adopted.verdict()).isEqualTo(NamespaceClaim.Verdict.ADOPT);
  }

  @Test
  void theHolderKeepsItsNamespaceAgainstAnOlderRival() {
    Environment older = env("older", "shared", "2026-01-01T00:00:00Z");
    Environment holder = env("holder", "shared", "2026-02-01T00:00:00Z");
    Namespace held = namespace("shared", keptFor("holder"), Map.of());

    assertThat(claim.check(holder, held, List.of(older, holder)).verdict()).isEqualTo(NamespaceClaim.Verdict.OWN);
    NamespaceClaim.Result rival = claim.check(older, held, List.of(older, holder));
    assertThat(rival.problem().reason()).isEqualTo(EnvironmentConditions.Reason.NAMESPACE_CONFLICT);
    assertThat(rival.problem().message()).contains("holder");
  }

  @Test
  void forAFreeNamespaceTheOlderClaimWins() {
    Environment older = env("older", "shared", "2026-01-01T00:00:00Z");
    Environment newer = env("newer", "shared", "2026-02-01T00:00:00Z");
    assertThat(claim.check(older, null, List.of(older, newer)).verdict()).isEqualTo(NamespaceClaim.Verdict.OWN);
    assertThat(claim.check(newer, null, List.of(older, newer)).problem().reason()).isEqualTo(EnvironmentConditions.Reason.NAMESPACE_CONFLICT);
  }
}
