package io.stageline.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.stageline.api.v1alpha1.AccessPolicySpec.Level;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The operator's own shipped RBAC is least privilege where access is concerned. */
class OperatorRbacTest {
  static final Path FILE = Path.of("deploy/operator-rbac.yaml");

  private static List<HasMetadata> objects() throws IOException {
    try (InputStream in = Files.newInputStream(FILE)) {
      return Serialization.unmarshal(in);
    }
  }

  private static ClusterRole operatorRole() throws IOException {
    return objects().stream().filter(ClusterRole.class::isInstance).map(ClusterRole.class::cast)
        .filter(r -> r.getMetadata().getName().equals("stageline-operator")).findFirst().orElseThrow();
  }

  @Test
  void operatorMayBindOnlyTheFourAccessClusterRoles() throws IOException {
    List<String> four = Arrays.stream(Level.values()).map(Level::clusterRole).toList();
    List<PolicyRule> bindRules = operatorRole().getRules().stream()
        .filter(r -> r.getVerbs().contains("bind") || r.getVerbs().contains("*")).toList();
    assertThat(bindRules).isNotEmpty().allSatisfy(r -> {
      assertThat(r.getVerbs()).doesNotContain("*");
      assertThat(r.getApiGroups()).containsExactly("rbac.authorization.k8s.io");
      assertThat(r.getResources()).containsExactly("clusterroles");
      assertThat(r.getResourceNames()).containsExactlyInAnyOrderElementsOf(four);
    });
  }

  @Test
  void operatorMayEscalateOnlyTheFourAccessRolesByNameAndHasNoImpersonateOrWildcards() throws IOException {
    List<String> four = Arrays.stream(Level.values()).map(Level::clusterRole).toList();
    for (HasMetadata object : objects()) {
      List<PolicyRule> rules = object instanceof ClusterRole cr ? cr.getRules()
          : object instanceof Role r ? r.getRules() : List.of();
      for (PolicyRule rule : rules) {
        assertThat(rule.getVerbs()).as(object.getMetadata().getName()).doesNotContain("impersonate", "*");
        assertThat(rule.getResources()).doesNotContain("*");
        assertThat(rule.getApiGroups()).doesNotContain("*");
        if (rule.getVerbs().contains("escalate")) {
          assertThat(rule.getApiGroups()).containsExactly("rbac.authorization.k8s.io");
          assertThat(rule.getResources()).containsExactly("clusterroles");
          assertThat(rule.getResourceNames()).containsExactlyInAnyOrderElementsOf(four);
        }
      }
    }
  }

  @Test
  void roleChangesAreLimitedToTheFourByName() throws IOException {
    List<String> four = Arrays.stream(Level.values()).map(Level::clusterRole).toList();
    assertThat(operatorRole().getRules())
        .filteredOn(r -> r.getResources().contains("clusterroles") || r.getResources().contains("roles"))
        .filteredOn(r -> r.getVerbs().stream().anyMatch(v -> List.of("update", "patch", "delete", "escalate").contains(v)))
        .allSatisfy(r -> assertThat(r.getResourceNames()).containsExactlyInAnyOrderElementsOf(four));
  }

  /**
   * With escalate on the five by name, the operator keeps them without holding what they grant: no
   * cluster-wide exec, attach or port-forward into pods, which only people's access levels need.
   */
  @Test
  void operatorDoesNotHoldWhatOnlyTheAccessRolesNeed() throws IOException {
    List<PolicyRule> own = operatorRole().getRules();
    for (String resource : List.of("pods/exec", "pods/attach", "pods/portforward")) {
      for (String verb : List.of("create", "get")) {
        assertThat(AccessRolesManifestTest.allows(own, "", resource, verb)).as("%s %s", verb, resource).isFalse();
      }
    }
    assertThat(AccessRoles.all().stream().flatMap(r -> r.getRules().stream())
        .anyMatch(r -> r.getResources().contains("pods/exec"))).as("an access role grants exec").isTrue();
  }

  @Test
  void operatorRoleIsBoundToItsServiceAccount() throws IOException {
    ClusterRoleBinding binding = objects().stream().filter(ClusterRoleBinding.class::isInstance)
        .map(ClusterRoleBinding.class::cast).findFirst().orElseThrow();
    assertThat(binding.getRoleRef().getName()).isEqualTo("stageline-operator");
    assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
      assertThat(s.getKind()).isEqualTo("ServiceAccount");
      assertThat(s.getName()).isEqualTo("stageline-operator");
      assertThat(s.getNamespace()).isEqualTo("stageline-system");
    });
  }
}
