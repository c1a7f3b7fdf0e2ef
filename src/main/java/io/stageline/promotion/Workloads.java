package io.stageline.promotion;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;

/** What Stageline reads of the Deployments and StatefulSets an Environment's {@code spec.workloads.selector} selects. */
public final class Workloads {
  private Workloads() {}

  public static PodTemplateSpec template(HasMetadata workload) {
    return workload instanceof Deployment d ? d.getSpec().getTemplate() : ((StatefulSet) workload).getSpec().getTemplate();
  }

  /** Rolled out: the controller saw the latest spec and every replica runs it and is available. */
  public static boolean rolledOut(HasMetadata workload) {
    long generation = workload.getMetadata().getGeneration() == null ? 0 : workload.getMetadata().getGeneration();
    if (workload instanceof Deployment d) {
      var s = d.getStatus();
      int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
      return s != null && s.getObservedGeneration() != null && s.getObservedGeneration() >= generation
          && n(s.getUpdatedReplicas()) == replicas && n(s.getAvailableReplicas()) == replicas;
    }
    StatefulSet st = (StatefulSet) workload;
    var s = st.getStatus();
    int replicas = st.getSpec().getReplicas() == null ? 1 : st.getSpec().getReplicas();
    return s != null && s.getObservedGeneration() != null && s.getObservedGeneration() >= generation
        && n(s.getUpdatedReplicas()) == replicas && n(s.getReadyReplicas()) == replicas;
  }

  public static String describe(HasMetadata workload) {
    return workload.getKind() + " " + workload.getMetadata().getName();
  }

  private static int n(Integer value) {
    return value == null ? 0 : value;
  }
}
