package io.stageline.access;

import io.stageline.kube.LeanItemStore;
import io.stageline.api.v1alpha1.AccessPolicyConditions;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.stageline.api.Labels;
import io.stageline.api.v1alpha1.AccessPolicy;
import io.stageline.api.v1alpha1.AccessPolicySpec.Level;
import io.stageline.audit.Auditor;
import io.stageline.kube.ManagedObjects;
import io.stageline.runtime.Leadership;
import java.util.Arrays;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the five access ClusterRoles present and exactly as {@link AccessRoles} defines them: created
 * at start, and an edit or delete by anyone else is reverted as soon as the watch reports it.
 *
 * <p>It is an event source of the AccessPolicy controller only so that JOSDK starts and stops it
 * with the operator (on every replica; only the leader writes); the roles must exist even while no AccessPolicy does, so it reconciles them
 * itself instead of triggering policy reconciles.
 */
class AccessRolesKeeper extends AbstractEventSource<ClusterRole, AccessPolicy> {
  private static final Logger LOG = LoggerFactory.getLogger(AccessRolesKeeper.class);

  private final KubernetesClient client;
  private final Auditor auditor;
  private final Leadership leadership;
  private SharedIndexInformer<ClusterRole> informer;

  AccessRolesKeeper(KubernetesClient client, Auditor auditor, Leadership leadership) {
    super(ClusterRole.class, "access-clusterroles");
    this.client = client;
    this.auditor = auditor;
    this.leadership = leadership;
  }

  @Override
  public synchronized void start() {
    // a standby watches too, but only the leader writes; it checks every role when it takes over
    leadership.whenLeading(() -> {
      for (Level level : Level.values()) {
        keep(level.clusterRole());
      }
    });
    informer = client.rbac().clusterRoles().withLabel(Labels.ACCESS_LEVEL).runnableInformer(0)
        .itemStore(new LeanItemStore<>()).addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(ClusterRole role) {
        keep(role.getMetadata().getName());
      }

      @Override
      public void onUpdate(ClusterRole old, ClusterRole role) {
        keep(role.getMetadata().getName());
      }

      @Override
      public void onDelete(ClusterRole role, boolean unknownFinalState) {
        keep(role.getMetadata().getName());
      }
    }).run();
    super.start();
  }

  @Override
  public synchronized void stop() {
    if (informer != null) {
      informer.close();
    }
    super.stop();
  }

  @Override
  public Set<ClusterRole> getSecondaryResources(AccessPolicy primary) {
    return Set.of();
  }

  /** Creates the role if missing and restores its rules and marks if changed; writes nothing otherwise. */
  synchronized void keep(String name) {
    if (!AccessRoles.isAccessRole(name) || !leadership.isLeader()) {
      return;
    }
    ClusterRole desired = AccessRoles.clusterRole(Level.valueOf(name.substring("stageline-".length())));
    try {
      ClusterRole actual = client.rbac().clusterRoles().withName(name).get();
      switch (ManagedObjects.apply(client, actual, desired, AccessRolesKeeper::content)) {
        case CREATED -> LOG.info("created access ClusterRole {}", name);
        case UNCHANGED -> { }
        default -> auditor.success(actual, "DriftCorrected", AccessPolicyConditions.Reason.CLUSTER_ROLE_RESTORED,
            "access ClusterRole " + name + " was changed by someone else; its rules were restored");
      }
    } catch (RuntimeException e) {
      // the next watch event or the restart retries; a failed keep must not stop the operator
      LOG.warn("cannot keep access ClusterRole {}: {}", name, e.getMessage());
    }
  }

  /** A role's rules, and no aggregation (an aggregated role's rules would be overwritten by the controller). */
  static Object content(ClusterRole role) {
    return Arrays.asList(role.getRules(), role.getAggregationRule());
  }
}
