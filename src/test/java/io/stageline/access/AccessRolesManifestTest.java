package io.stageline.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.stageline.api.v1alpha1.AccessPolicySpec.Level;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shipped access ClusterRoles are the Java definition, and each level means what docs/access.md says. */
class AccessRolesManifestTest {
  static final Path MANIFEST = Path.of("deploy/access-clusterroles.yaml");

  @Test
  void shippedManifestIsGeneratedFromTheJavaDefinition() throws IOException {
    if (Boolean.getBoolean("stageline.regenerate")) {
      Files.writeString(MANIFEST, AccessRoles.manifest());
    }
    assertThat(Files.readString(MANIFEST))
        .as("deploy/access-clusterroles.yaml is stale: mvn test -Dtest=AccessRolesManifestTest -Dstageline.regenerate=true")
        .isEqualTo(AccessRoles.manifest());
  }

  @Test
  void readSeesEverythingButSecrets() {
    assertThat(allows(Level.read, "", "pods", "list")).isTrue();
    assertThat(allows(Level.read, "", "configmaps", "get")).isTrue();
    assertThat(allows(Level.read, "apps", "deployments", "watch")).isTrue();
    assertThat(allows(Level.read, "stageline.io", "promotions", "get")).isTrue();
    for (String verb : List.of("get", "list", "watch")) {
      assertThat(allows(Level.read, "", "secrets", verb)).isFalse();
    }
    assertThat(allows(Level.read, "", "pods", "delete")).isFalse();
    assertThat(allows(Level.read, "", "configmaps", "update")).isFalse();
  }

  @Test
  void writeChangesWorkloadsAndConfigButNotSecretsOrExec() {
    assertThat(allows(Level.write, "apps", "deployments", "update")).isTrue();
    assertThat(allows(Level.write, "", "configmaps", "patch")).isTrue();
    assertThat(allows(Level.write, "batch", "jobs", "create")).isTrue();
    assertThat(allows(Level.write, "", "secrets", "get")).isFalse();
    assertThat(allows(Level.write, "", "secrets", "update")).isFalse();
    assertThat(allows(Level.write, "", "pods/exec", "create")).isFalse();
    assertThat(allows(Level.write, "stageline.io", "promotions", "approve")).isFalse();
  }

  @Test
  void deployRequestsPromotionsAndPatchesWorkloadImagesOnly() {
    assertThat(allows(Level.deploy, "stageline.io", "promotions", "create")).isTrue();
    assertThat(allows(Level.deploy, "apps", "deployments", "patch")).isTrue();
    assertThat(allows(Level.deploy, "apps", "statefulsets", "patch")).isTrue();
    assertThat(allows(Level.deploy, "apps", "deployments", "delete")).isFalse();
    assertThat(allows(Level.deploy, "", "configmaps", "update")).isFalse();
    assertThat(allows(Level.deploy, "stageline.io", "promotions", "approve")).isFalse();
    assertThat(allows(Level.deploy, "", "secrets", "get")).isFalse();
  }

  @Test
  void adminHasFullControlIncludingApprovingPromotions() {
    assertThat(allows(Level.admin, "stageline.io", "promotions", "approve")).isTrue();
    assertThat(allows(Level.admin, "", "secrets", "get")).isTrue();
    assertThat(allows(Level.admin, "", "pods/exec", "create")).isTrue();
    assertThat(allows(Level.admin, "apps", "deployments", "delete")).isTrue();
    // access itself is managed by AccessPolicies: admin sees RoleBindings but does not write them
    assertThat(allows(Level.admin, "rbac.authorization.k8s.io", "rolebindings", "list")).isTrue();
    assertThat(allows(Level.admin, "rbac.authorization.k8s.io", "rolebindings", "create")).isFalse();
  }

  @Test
  void noLevelUsesWildcards() {
    for (ClusterRole role : AccessRoles.all()) {
      for (PolicyRule rule : role.getRules()) {
        assertThat(rule.getVerbs()).doesNotContain("*", "escalate", "bind", "impersonate");
        assertThat(rule.getResources()).doesNotContain("*");
        assertThat(rule.getApiGroups()).doesNotContain("*");
      }
    }
  }

  static boolean allows(Level level, String group, String resource, String verb) {
    return allows(AccessRoles.clusterRole(level).getRules(), group, resource, verb);
  }

  static boolean allows(List<PolicyRule> rules, String group, String resource, String verb) {
    return rules.stream().anyMatch(r -> (r.getApiGroups().contains(group) || r.getApiGroups().contains("*"))
        && (r.getResources().contains(resource) || r.getResources().contains("*"))
        && (r.getVerbs().contains(verb) || r.getVerbs().contains("*")));
  }
}
