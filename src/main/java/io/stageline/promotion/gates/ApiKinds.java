package io.stageline.promotion.gates;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The kinds the API server serves, learnt from its discovery documents as kubectl learns them: each
 * kind's plural and whether it is namespaced, so a condition gate can name a cluster-scoped object
 * and an irregular plural. A group version is asked again only when a kind is missing from what was
 * learnt, at most once per {@link #RELEARN_NANOS} (a CRD installed later is found; a kind that is
 * not served costs no request per reconcile).
 */
final class ApiKinds {
  record Kind(String plural, boolean namespaced) {}

  static final long RELEARN_NANOS = 30_000_000_000L;

  private record Learnt(Map<String, Kind> kinds, long at) {}

  private final KubernetesClient client;
  private final Map<String, Learnt> byGroupVersion = new ConcurrentHashMap<>();

  ApiKinds(KubernetesClient client) {
    this.client = client;
  }

  /** The kind as the server serves it; empty when discovery does not list it (or cannot be read). */
  Optional<Kind> find(String apiVersion, String kind) {
    Learnt learnt = byGroupVersion.get(apiVersion);
    if (learnt == null || (!learnt.kinds().containsKey(kind) && System.nanoTime() - learnt.at() > RELEARN_NANOS)) {
      learnt = new Learnt(discover(apiVersion), System.nanoTime());
      byGroupVersion.put(apiVersion, learnt);
    }
    return Optional.ofNullable(learnt.kinds().get(kind));
  }

  private Map<String, Kind> discover(String apiVersion) {
    APIResourceList list;
    try {
      list = client.getApiResources(apiVersion);
    } catch (KubernetesClientException e) {
      return Map.of();
    }
    if (list == null || list.getResources() == null) {
      return Map.of();
    }
    return list.getResources().stream()
        .filter(r -> r.getName() != null && !r.getName().contains("/")) // subresources such as pods/log
        .collect(Collectors.toMap(APIResource::getKind, r -> new Kind(r.getName(), Boolean.TRUE.equals(r.getNamespaced())),
            (a, b) -> a));
  }
}
