package io.stageline.promotion.gates;

import io.stageline.kube.LeanItemStore;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.javaoperatorsdk.operator.processing.event.EventSourceRetriever;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.ObjectRef;
import io.stageline.api.v1alpha1.Promotion;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Informers for the kinds condition gates name beyond the Jobs and workloads the promotion controller
 * always watches (a Tekton PipelineRun, an Argo AnalysisRun, a CRD): registered with the controller
 * when a gate first names a kind, dropped when no unfinished promotion names it any more, so a gate
 * waits on events rather than polling and the operator caches only kinds in use.
 *
 * <p>A kind is watched only when discovery lists it and the operator may list and watch it cluster-wide
 * (a SelfSubjectAccessReview, asked before an informer that would fail is started); otherwise its
 * objects are read on demand and polled, as before, and the kind is tried again after a minute (the
 * CRD may be installed, or the right granted, later).
 */
public final class GateWatches {
  private static final Logger LOG = LoggerFactory.getLogger(GateWatches.class);
  private static final long RETRY_NANOS = 60_000_000_000L;

  private final KubernetesClient client;
  private final ApiKinds kinds;
  private final Function<String, Environment> environments;
  private final Map<String, InformerEventSource<GenericKubernetesResource, Promotion>> watching = new ConcurrentHashMap<>();
  private final Map<String, Long> refusedAt = new ConcurrentHashMap<>();
  private volatile EventSourceRetriever<Promotion> retriever;

  public GateWatches(KubernetesClient client, Function<String, Environment> environments) {
    this.client = client;
    this.kinds = new ApiKinds(client);
    this.environments = environments;
  }

  ApiKinds kinds() {
    return kinds;
  }

  /** The controller's event sources, to register informers with (the same for every reconcile). */
  public void bind(EventSourceRetriever<Promotion> retriever) {
    this.retriever = retriever;
  }

  /**
   * The object from a watching informer: present (its value null when it does not exist) when the kind
   * is watched, empty when it must be read from the API and polled.
   */
  Optional<Optional<GenericKubernetesResource>> cached(ObjectRef ref, String namespace) {
    InformerEventSource<GenericKubernetesResource, Promotion> informer = watch(ref.getApiVersion(), ref.getKind());
    if (informer == null) {
      return Optional.empty();
    }
    return Optional.of(informer.get(new ResourceID(ref.getName(), namespace)));
  }

  private InformerEventSource<GenericKubernetesResource, Promotion> watch(String apiVersion, String kind) {
    String key = key(apiVersion, kind);
    InformerEventSource<GenericKubernetesResource, Promotion> informer = watching.get(key);
    if (informer != null || retriever == null) {
      return informer;
    }
    Long refused = refusedAt.get(key);
    if (refused != null && System.nanoTime() - refused < RETRY_NANOS) {
      return null;
    }
    synchronized (this) {
      informer = watching.get(key);
      if (informer != null) {
        return informer;
      }
      Optional<ApiKinds.Kind> served = kinds.find(apiVersion, kind);
      if (served.isEmpty() || !mayListAndWatch(apiVersion, served.get())) {
        refusedAt.put(key, System.nanoTime());
        return null;
      }
      GroupVersionKind gvk = new GroupVersionKind(apiVersion, kind);
      var config = InformerEventSourceConfiguration.from(gvk, Promotion.class)
          .withName(name(key))
          .withItemStore(new LeanItemStore<>())
          .withSecondaryToPrimaryMapper(object -> namingPromotions(apiVersion, kind, object))
          .build();
      try {
        informer = (InformerEventSource<GenericKubernetesResource, Promotion>) retriever.dynamicallyRegisterEventSource(
            new InformerEventSource<>(config, retriever.eventSourceContextForDynamicRegistration()));
      } catch (RuntimeException e) {
        LOG.warn("cannot watch {} {} for condition gates ({}); its objects are polled", apiVersion, kind,
            e.getClass().getSimpleName());
        refusedAt.put(key, System.nanoTime());
        return null;
      }
      watching.put(key, informer);
      LOG.info("watching {} {} for condition gates", apiVersion, kind);
      return informer;
    }
  }

  /** Drops the informers of kinds no unfinished promotion names any more. */
  public void prune(List<Promotion> unfinished) {
    if (retriever == null || watching.isEmpty()) {
      return;
    }
    Set<String> needed = unfinished.stream().flatMap(p -> refs(p).stream())
        .map(r -> key(r.getApiVersion(), r.getKind())).collect(Collectors.toSet());
    synchronized (this) {
      for (String key : List.copyOf(watching.keySet())) {
        if (!needed.contains(key)) {
          watching.remove(key);
          retriever.dynamicallyDeRegisterEventSource(name(key));
          LOG.info("no longer watching {} for condition gates", key);
        }
      }
    }
  }

  private boolean mayListAndWatch(String apiVersion, ApiKinds.Kind kind) {
    String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    for (String verb : List.of("list", "watch")) {
      SelfSubjectAccessReview review = new SelfSubjectAccessReviewBuilder().withNewSpec().withNewResourceAttributes()
          .withGroup(group).withResource(kind.plural()).withVerb(verb).endResourceAttributes().endSpec().build();
      try {
        SelfSubjectAccessReview answer = client.resource(review).create();
        if (answer.getStatus() == null || !Boolean.TRUE.equals(answer.getStatus().getAllowed())) {
          return false;
        }
      } catch (KubernetesClientException e) {
        return false;
      }
    }
    return true;
  }

  private Set<ResourceID> namingPromotions(String apiVersion, String kind, GenericKubernetesResource object) {
    var context = retriever.eventSourceContextForDynamicRegistration();
    String name = object.getMetadata().getName();
    String namespace = object.getMetadata().getNamespace();
    return context.getPrimaryCache().list()
        .filter(p -> p.getStatus() == null || p.getStatus().getPhase() == null || !p.getStatus().getPhase().isFinal())
        .filter(p -> refs(p).stream().anyMatch(r -> apiVersion.equals(r.getApiVersion()) && kind.equals(r.getKind())
            && name.equals(r.getName())
            && (namespace == null || namespace.equals(r.getNamespace() == null ? p.getMetadata().getNamespace() : r.getNamespace()))))
        .map(ResourceID::fromResource)
        .collect(Collectors.toSet());
  }

  /** The objects a promotion's condition gates name: its own, its verification's and its target's required gates. */
  private List<ObjectRef> refs(Promotion p) {
    return PromotionGates.conditionRefs(p, environments.apply(p.getSpec().getEnvironment())).stream()
        .filter(r -> !ConditionGateEvaluator.WATCHED_KINDS.contains(r.getKind()))
        .toList();
  }

  private static String key(String apiVersion, String kind) {
    return kind + "." + apiVersion;
  }

  private static String name(String key) {
    return "promotion-gate-kind-" + key.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
  }
}
