package io.stageline.conditions;

import io.stageline.api.v1alpha1.StatusConditions;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.stageline.api.v1alpha1.ModelPart;
import io.stageline.api.v1alpha1.StagelineStatus;
import io.stageline.audit.Auditor;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a resource the operator cannot act on. One it cannot read into the model gets {@code Ready=False}
 * reason {@code Unreadable}; one whose reconcile threw gets {@code ReconcileError=True} with the failure's
 * category as reason (Ready stays as the last successful reconcile left it), removed again by the next
 * reconcile that succeeds. Either way: a message that names no internals and no stored value, one Warning
 * event when that answer changes, a count in {@code stageline_reported_problems_total}, and a log line (the
 * exception stays in the log). Every reconciler uses it, so no failure is silent and none stops the operator.
 */
public final class ProblemReport {
  private static final Logger LOG = LoggerFactory.getLogger(ProblemReport.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesClient client;
  private final Auditor auditor;
  private final MeterRegistry registry;
  private final Clock clock;

  public ProblemReport(KubernetesClient client, Auditor auditor, MeterRegistry registry, Clock clock) {
    this.client = client;
    this.auditor = auditor;
    this.registry = registry;
    this.clock = clock;
  }

  /**
   * Reports the resource if its spec or status could not be read; the caller then leaves it alone.
   *
   * @return whether it was unreadable
   */
  public boolean unreadable(CustomResource<? extends ModelPart, ? extends StagelineStatus> resource) {
    Optional<String> problem = ModelPart.unreadable(resource);
    if (problem.isEmpty()) {
      return false;
    }
    String reason = StatusConditions.Reason.UNREADABLE;
    String message = "the stored object cannot be read: " + problem.get()
        + "; the operator leaves it alone until it is corrected or deleted";
    log(resource, message, null);
    List<Condition> existing = resource.getStatus() == null ? null : resource.getStatus().getConditions();
    if (alreadySaid(existing, StatusConditions.READY, Conditions.FALSE, reason, message)) {
      return true;
    }
    count(resource, reason);
    // the model cannot hold this object, so its status is written as a bare merge patch of the conditions
    List<Condition> conditions = Conditions.from(existing, resource.getMetadata().getGeneration(), clock)
        .setFalse(StatusConditions.READY, reason, message).build();
    ObjectNode body = JSON.createObjectNode();
    body.putObject("status").set("conditions", JSON.valueToTree(conditions));
    String name = resource.getMetadata().getName();
    String namespace = resource.getMetadata().getNamespace();
    try {
      var resources = client.resources(resource.getClass());
      (namespace == null ? resources.withName(name) : resources.inNamespace(namespace).withName(name))
          .subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE), body.toString());
    } catch (KubernetesClientException patchFailed) {
      LOG.warn("cannot write the {} condition of {} {}: {}", reason, resource.getKind(), name, patchFailed.getMessage());
    }
    auditor.refused(resource, "Reconcile", reason, message);
    return true;
  }

  /**
   * Answers a reconcile that threw, from a reconciler's {@code updateErrorStatus}: sets {@code ReconcileError=True}
   * (written with JOSDK's patch-and-cache, so the retry starts from it), leaves every other condition alone, and
   * lets JOSDK retry with the controller's back-off.
   */
  public <R extends CustomResource<? extends ModelPart, ? extends StagelineStatus>> ErrorStatusUpdateControl<R>
      reconcileFailed(R resource, Context<R> context, Exception e) {
    Failure failure = Failure.of(e);
    log(resource, failure.message(), e);
    // the status as last written, from the cache: the copy the failed pass got may hold what it computed
    R written = context.getPrimaryCache().get(ResourceID.fromResource(resource)).orElse(resource);
    List<Condition> existing = written.getStatus() == null ? null : written.getStatus().getConditions();
    if (alreadySaid(existing, StatusConditions.RECONCILE_ERROR, Conditions.TRUE, failure.reason(), failure.message())) {
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    count(resource, failure.reason());
    try {
      // never changes the cached object: the patched copy is a new one
      PrimaryUpdateAndCacheUtils.mergePatchStatusAndCacheResource(written, context, latest -> {
        List<Condition> now = latest.getStatus() == null ? null : latest.getStatus().getConditions();
        List<Condition> conditions = Conditions.from(now, latest.getMetadata().getGeneration(), clock)
            .setTrue(StatusConditions.RECONCILE_ERROR, failure.reason(), failure.message()).build();
        return withConditions(latest, conditions);
      });
    } catch (RuntimeException patchFailed) {
      // the API that made the reconcile fail may refuse this write too; the retry tries again
      LOG.warn("cannot write the {} condition of {} {}: {}", StatusConditions.RECONCILE_ERROR, resource.getKind(),
          resource.getMetadata().getName(), patchFailed.getMessage());
    }
    auditor.failure(resource, "Reconcile", failure.reason(), failure.message());
    return ErrorStatusUpdateControl.noStatusUpdate();
  }

  /**
   * What a reconcile that threw is reported as: a stable category and a message with the API's status code at
   * most (an exception's own text may carry names, values or internals, so it stays in the log).
   */
  public record Failure(String reason, String message) {
    public static Failure of(Throwable e) {
      // the API's answer may come wrapped (a step's or the workflow's exception): its status code is what counts
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        if (cause instanceof KubernetesClientException k) {
          if (k.getCode() == 409) {
            return new Failure(StatusConditions.Reason.CONFLICT, "reconcile failed: the API server answered 409 "
                + "(the object changed meanwhile); retried on the newer version");
          }
          if (k.getCode() > 0) {
            return new Failure(StatusConditions.Reason.API_ERROR, "reconcile failed: the API server answered "
                + k.getCode() + "; retried with back-off (details in the operator log)");
          }
          return new Failure(StatusConditions.Reason.API_UNREACHABLE, "reconcile failed: the API server did not "
              + "answer; retried with back-off (details in the operator log)");
        }
      }
      return new Failure(StatusConditions.Reason.INTERNAL_ERROR, "reconcile failed: an unexpected error in the "
          + "operator; retried with back-off (details in the operator log)");
    }
  }

  private static boolean alreadySaid(List<Condition> existing, String type, String status, String reason,
      String message) {
    // already said: no write, no second event
    return Conditions.find(existing, type).filter(c -> status.equals(c.getStatus()) && reason.equals(c.getReason())
        && Objects.equals(message, c.getMessage())).isPresent();
  }

  private void count(HasMetadata resource, String reason) {
    Counter.builder("stageline.reported.problems").description("Resources answered with Unreadable or ReconcileError")
        .tag("kind", resource.getKind()).tag("reason", reason).register(registry).increment();
  }

  private static void log(HasMetadata resource, String message, Exception e) {
    String namespace = resource.getMetadata().getNamespace();
    String where = (namespace == null ? "" : namespace + "/") + resource.getMetadata().getName();
    if (e == null) {
      LOG.warn("{} {}: {}", resource.getKind(), where, message);
    } else {
      LOG.warn("{} {}: {}", resource.getKind(), where, message, e);
    }
  }

  /** The resource with these conditions in its status (a status is created when it has none yet). */
  @SuppressWarnings("unchecked")
  private <R extends HasMetadata> R withConditions(R resource, List<Condition> conditions) {
    var serialization = client.getKubernetesSerialization();
    ObjectNode tree = serialization.convertValue(resource, ObjectNode.class);
    ObjectNode status = tree.has("status") && tree.get("status").isObject()
        ? (ObjectNode) tree.get("status") : tree.putObject("status");
    status.set("conditions", JSON.valueToTree(conditions));
    return (R) serialization.convertValue(tree, resource.getClass());
  }
}
