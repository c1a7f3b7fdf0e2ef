package io.stageline.access;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.api.Labels;
import io.stageline.api.v1alpha1.AccessPolicy;
import io.stageline.api.v1alpha1.AccessPolicySpec.Emergency;
import io.stageline.api.v1alpha1.AccessPolicySpec.EnvironmentSelector;
import io.stageline.api.v1alpha1.AccessPolicySpec.Grant;
import io.stageline.api.v1alpha1.AccessPolicySpec.Level;
import io.stageline.api.v1alpha1.AccessPolicySpec;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.Stage;
import io.stageline.api.v1alpha1.SubjectRef;
import io.stageline.testing.Environments;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Builders for the access tests' Environments, namespaces and policies. */
final class AccessFixtures {
  private AccessFixtures() {}

  /** An Environment; the operator's Environment reconciler provisions its namespace. */
  static Environment createEnvironment(KubernetesClient client, String name, Stage stage, Map<String, String> labels) {
    return client.resource(Environments.of(name, stage).withLabels(labels).build()).create();
  }

  static SubjectRef group(String name) {
    return new SubjectRef(SubjectRef.Kind.Group, name, null);
  }

  static SubjectRef user(String name) {
    return new SubjectRef(SubjectRef.Kind.User, name, null);
  }

  static SubjectRef serviceAccount(String namespace, String name) {
    return new SubjectRef(SubjectRef.Kind.ServiceAccount, name, namespace);
  }

  static Grant grant(Level level, SubjectRef... subjects) {
    Grant g = new Grant();
    g.setAccess(level);
    g.setSubjects(new ArrayList<>(List.of(subjects)));
    return g;
  }

  static Grant emergency(Level level, Instant expiresAt, String reason, String ticket, SubjectRef... subjects) {
    Grant g = grant(level, subjects);
    Emergency e = new Emergency();
    e.setExpiresAt(expiresAt.toString());
    e.setReason(reason);
    e.setTicket(ticket);
    g.setEmergency(e);
    return g;
  }

  static EnvironmentSelector stages(Stage... stages) {
    EnvironmentSelector s = new EnvironmentSelector();
    s.setStages(new ArrayList<>(List.of(stages)));
    return s;
  }

  static EnvironmentSelector labels(Map<String, String> labels) {
    EnvironmentSelector s = new EnvironmentSelector();
    s.setSelector(new io.fabric8.kubernetes.api.model.LabelSelectorBuilder().withMatchLabels(labels).build());
    return s;
  }

  static AccessPolicy policy(String name, EnvironmentSelector environments, Grant... grants) {
    AccessPolicy p = new AccessPolicy();
    p.setMetadata(new ObjectMetaBuilder().withName(name).build());
    AccessPolicySpec spec = new AccessPolicySpec();
    spec.setEnvironments(environments);
    spec.setGrants(new ArrayList<>(Stream.of(grants).toList()));
    p.setSpec(spec);
    return p;
  }

  static List<RoleBinding> bindingsOf(KubernetesClient client, String policy) {
    return client.rbac().roleBindings().inAnyNamespace().withLabel(Labels.ACCESS_POLICY, policy).list()
        .getItems();
  }

  static RoleBinding binding(KubernetesClient client, String namespace, String name) {
    return client.rbac().roleBindings().inNamespace(namespace).withName(name).get();
  }

  static List<String> subjects(RoleBinding rb) {
    return rb == null ? List.of() : rb.getSubjects().stream().map(RoleBindings::describe).toList();
  }

  /** The policy's status; an AssertionError (which awaitility retries) while it has none yet. */
  static io.stageline.api.v1alpha1.AccessPolicyStatus status(KubernetesClient client, String name) {
    AccessPolicy policy = get(client, name);
    if (policy == null || policy.getStatus() == null) {
      throw new AssertionError("AccessPolicy " + name + " has no status yet");
    }
    return policy.getStatus();
  }

  /** The policy once it has a status; an AssertionError (which awaitility retries) before. */
  static AccessPolicy withStatus(KubernetesClient client, String name) {
    status(client, name);
    return get(client, name);
  }

  static AccessPolicy get(KubernetesClient client, String name) {
    return client.resources(AccessPolicy.class).withName(name).get();
  }
}
