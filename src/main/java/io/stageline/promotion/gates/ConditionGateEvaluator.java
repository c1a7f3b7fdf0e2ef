package io.stageline.promotion.gates;

import io.stageline.api.Labels;
import io.fabric8.kubernetes.api.Pluralize;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.stageline.api.v1alpha1.Gate.ConditionGate;
import io.stageline.api.v1alpha1.ObjectRef;
import io.stageline.kube.Forbidden;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Any object's status condition must have a status (default True): a Job's Complete, a Tekton
 * PipelineRun's Succeeded, an Argo AnalysisRun's condition, a cluster-scoped object's (named by the
 * platform's required gates only). Kinds and their scope come from the server's discovery. Jobs and
 * workloads are always watched; other kinds are watched by informers started when a gate names them
 * ({@link GateWatches}), or, where the operator may not list and watch them, read again with a
 * growing interval (5s up to 5m).
 */
public class ConditionGateEvaluator implements GateEvaluator {
  /** Kinds the promotion reconciler always watches; others are watched on demand by {@link GateWatches}. */
  public static final Set<String> WATCHED_KINDS = Set.of("Job", "Deployment", "StatefulSet");
  private static final Duration MIN_POLL = Duration.ofSeconds(5);
  private static final Duration MAX_POLL = Duration.ofMinutes(5);

  private final KubernetesClient client;
  private final GateWatches watches;
  private final ApiKinds kinds;

  public ConditionGateEvaluator(KubernetesClient client, GateWatches watches) {
    this.client = client;
    this.watches = watches;
    this.kinds = watches.kinds();
  }

  @Override
  public GateResult evaluate(GateInput in) {
    ConditionGate gate = in.gate().getCondition();
    ObjectRef ref = gate.getRef();
    // a kind discovery does not list (yet) is taken as namespaced: reading it says whether it exists
    ApiKinds.Kind kind = kinds.find(ref.getApiVersion(), ref.getKind())
        .orElse(new ApiKinds.Kind(Pluralize.toPlural(ref.getKind().toLowerCase(Locale.ROOT)), true));
    String namespace = !kind.namespaced() ? null : ref.getNamespace() == null ? in.namespace() : ref.getNamespace();
    String wanted = gate.getStatus() == null ? "True" : gate.getStatus();
    String what = ref.getKind() + " " + (namespace == null ? "" : namespace + "/") + ref.getName();
    if (namespace == null && !namedByThePlatform(in, ref)) {
      return GateResult.failed(what + " is cluster-scoped: only the platform's required gates (Environment \""
          + in.target().getMetadata().getName() + "\" spec.promotionPolicy.requiredGates) may name cluster-scoped objects");
    }
    Optional<Optional<GenericKubernetesResource>> cached = WATCHED_KINDS.contains(ref.getKind()) ? Optional.empty()
        : watches.cached(ref, namespace);
    GenericKubernetesResource object;
    try {
      object = cached.isPresent() ? cached.get().orElse(null) : read(ref, kind, namespace);
    } catch (KubernetesClientException e) {
      if (!Forbidden.is(e)) {
        throw e;
      }
      return GateResult.forbidden("the operator may not read " + what + ": it lacks " + Forbidden.permission(e)
          + "; grant it with a ClusterRole labelled " + Labels.GATE_READER + "=\"true\" (see docs/install.md)",
          pollAfter(in));
    }
    boolean watched = cached.isPresent() || WATCHED_KINDS.contains(ref.getKind());
    if (object == null) {
      return poll(in, watched, GateResult.waiting(what + " not found"));
    }
    List<Map<String, Object>> conditions = conditions(object);
    Optional<Map<String, Object>> condition = find(conditions, gate.getType());
    if (condition.isPresent() && wanted.equals(condition.get().get("status"))) {
      return GateResult.passed(what + ": " + gate.getType() + " is " + wanted);
    }
    Optional<String> terminal = terminalFailure(conditions, gate.getType(), wanted);
    if (terminal.isPresent()) {
      return GateResult.failed(what + " failed: " + terminal.get());
    }
    String actual = condition.map(c -> gate.getType() + " is " + c.get("status") + reasonOf(c))
        .orElse("no " + gate.getType() + " condition yet");
    return poll(in, watched, GateResult.waiting("waiting for " + what + " " + gate.getType() + "=" + wanted + " (" + actual + ")"));
  }

  private GenericKubernetesResource read(ObjectRef ref, ApiKinds.Kind kind, String namespace) {
    String[] gv = ref.getApiVersion().contains("/") ? ref.getApiVersion().split("/", 2) : new String[] {"", ref.getApiVersion()};
    ResourceDefinitionContext context = new ResourceDefinitionContext.Builder()
        .withGroup(gv[0])
        .withVersion(gv[1])
        .withKind(ref.getKind())
        .withPlural(kind.plural())
        .withNamespaced(kind.namespaced())
        .build();
    var resources = client.genericKubernetesResources(context);
    return namespace == null ? resources.withName(ref.getName()).get()
        : resources.inNamespace(namespace).withName(ref.getName()).get();
  }

  /**
   * A requester may not make the operator read cluster-wide state for them: a cluster-scoped object
   * is read only for a gate the target Environment's promotion policy declares.
   */
  private static boolean namedByThePlatform(GateInput in, ObjectRef ref) {
    return PromotionGates.declaredRequired(in.target()).orElse(List.of()).stream()
        .anyMatch(g -> g.getCondition() != null && sameObject(g.getCondition().getRef(), ref));
  }

  private static boolean sameObject(ObjectRef a, ObjectRef b) {
    return a != null && a.getApiVersion().equals(b.getApiVersion()) && a.getKind().equals(b.getKind())
        && a.getName().equals(b.getName());
  }

  /**
   * Conventions for "this will never become true": a Job's Failed=True, a Tekton-style
   * Succeeded=False. Other conditions may still turn, so the gate keeps waiting on them.
   */
  private static Optional<String> terminalFailure(List<Map<String, Object>> conditions, String type, String wanted) {
    Optional<Map<String, Object>> failed = find(conditions, "Failed").filter(c -> "True".equals(c.get("status")));
    if (failed.isPresent() && !"Failed".equals(type)) {
      return Optional.of("Failed is True" + reasonOf(failed.get()));
    }
    if ("Succeeded".equals(type) && "True".equals(wanted)) {
      return find(conditions, "Succeeded").filter(c -> "False".equals(c.get("status")))
          .map(c -> "Succeeded is False" + reasonOf(c));
    }
    return Optional.empty();
  }

  private static GateResult poll(GateInput in, boolean watched, GateResult result) {
    if (watched) {
      return result;
    }
    return result.pollAfter(pollAfter(in));
  }

  private static Duration pollAfter(GateInput in) {
    Duration waited = Duration.between(in.since(), in.now());
    Duration next = waited.dividedBy(2);
    return next.compareTo(MIN_POLL) < 0 ? MIN_POLL : next.compareTo(MAX_POLL) > 0 ? MAX_POLL : next;
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> conditions(GenericKubernetesResource object) {
    Object status = object.getAdditionalProperties().get("status");
    if (status instanceof Map<?, ?> map && map.get("conditions") instanceof List<?> list) {
      return (List<Map<String, Object>>) list;
    }
    return List.of();
  }

  private static Optional<Map<String, Object>> find(List<Map<String, Object>> conditions, String type) {
    return conditions.stream().filter(c -> type.equals(c.get("type"))).findFirst();
  }

  private static String reasonOf(Map<String, Object> condition) {
    Object reason = condition.get("reason");
    Object message = condition.get("message");
    if (reason == null && message == null) {
      return "";
    }
    return " (" + (reason == null ? "" : reason) + (message == null ? "" : (reason == null ? "" : ": ") + message) + ")";
  }
}
