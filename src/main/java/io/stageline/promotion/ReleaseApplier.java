package io.stageline.promotion;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.stageline.api.v1alpha1.Environment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Sets a release's images on the target's workloads, container by container name, with a JSON
 * patch that replaces only those images, so nothing else of a workload its owners edit is touched, and
 * whose test op fails the patch rather than change the wrong container if the list moved. A container that already runs the
 * image is left alone, so applying twice (a restart during Promoting) changes nothing the second time.
 */
public class ReleaseApplier {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesClient client;
  private final PromotionReads reads;

  ReleaseApplier(KubernetesClient client, PromotionReads reads) {
    this.client = client;
    this.reads = reads;
  }

  /** Returns the workloads it changed ("Deployment web"). */
  public List<String> apply(Environment target, Map<String, String> images) {
    List<String> changed = new ArrayList<>();
    for (HasMetadata workload : reads.workloads(target)) {
      List<Map<String, Object>> ops = new ArrayList<>();
      List<Container> containers = Workloads.template(workload).getSpec().getContainers();
      for (int i = 0; i < containers.size(); i++) {
        Container c = containers.get(i);
        String image = images.get(c.getName());
        if (image != null && !image.equals(c.getImage())) {
          String path = "/spec/template/spec/containers/" + i;
          // The test op makes the patch fail rather than change the wrong container if the list moved.
          ops.add(Map.of("op", "test", "path", path + "/name", "value", c.getName()));
          ops.add(Map.of("op", "replace", "path", path + "/image", "value", image));
        }
      }
      if (!ops.isEmpty()) {
        patch(workload, ops);
        changed.add(Workloads.describe(workload));
      }
    }
    return changed;
  }

  private void patch(HasMetadata workload, List<Map<String, Object>> ops) {
    try {
      client.resource(workload).patch(PatchContext.of(PatchType.JSON), JSON.writeValueAsString(ops));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
