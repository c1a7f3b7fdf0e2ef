package io.stageline.conditions;

import io.stageline.api.v1alpha1.StatusConditions;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.CustomResource;
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
 * Answers a resource the operator cannot act on: one it cannot read into the model, or one whose
 * reconcile threw. Either way the resource gets {@code Ready=False} with a reason and a message
 * that names no internals and no stored value, one Warning event when that answer changes, a
 * count in {@code stageline_reported_problems_total}, and a log line (the exception stays in the
 * log). Every reconciler uses it, so no failure is silent and none stops the operator.
 */
public final class ProblemReport {
  public static final String UNREADABLE = "Unreadable";
  public static final String RECONCILE_FAILED = "ReconcileFailed";
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
    problem.ifPresent(p -> report(resource, UNREADABLE, "the stored object cannot be read: " + p
        + "; the operator leaves it alone until it is corrected or deleted", null));
    return problem.isPresent();
  }

  /** Reports a reconcile that threw; the operator retries it. */
  public void reconcileFailed(CustomResource<? extends ModelPart, ? extends StagelineStatus> resource, Exception e) {
    // the API's answer may come wrapped (a step's or the workflow's exception): its status code is what counts
    Throwable api = e;
    while (api != null && !(api instanceof KubernetesClientException)) {
      api = api.getCause();
    }
    String cause = api instanceof KubernetesClientException k && k.getCode() > 0
        ? "the API server answered " + k.getCode()
        : "an unexpected error in the operator";
    report(resource, RECONCILE_FAILED, "reconcile failed: " + cause + "; it is retried (details in the operator log)", e);
  }

  private void report(CustomResource<? extends ModelPart, ? extends StagelineStatus> resource, String reason,
      String message, Exception e) {
    String kind = resource.getKind();
    String name = resource.getMetadata().getName();
    String namespace = resource.getMetadata().getNamespace();
    if (e == null) {
      LOG.warn("{} {}{}: {}", kind, namespace == null ? "" : namespace + "/", name, message);
    } else {
      LOG.warn("{} {}{}: {}", kind, namespace == null ? "" : namespace + "/", name, message, e);
    }
    StagelineStatus status = resource.getStatus();
    List<Condition> existing = status == null ? null : status.getConditions();
    Optional<Condition> ready = Conditions.find(existing, StatusConditions.READY);
    if (ready.isPresent() && Conditions.FALSE.equals(ready.get().getStatus()) && reason.equals(ready.get().getReason())
        && Objects.equals(message, ready.get().getMessage())) {
      return; // already said: no write, no second event
    }
    Counter.builder("stageline.reported.problems").description("Resources answered with Unreadable or ReconcileFailed")
        .tag("kind", kind).tag("reason", reason).register(registry).increment();
    List<Condition> conditions = Conditions.from(existing, resource.getMetadata().getGeneration(), clock)
        .setFalse(StatusConditions.READY, reason, message).build();
    ObjectNode body = JSON.createObjectNode();
    body.putObject("status").set("conditions", JSON.valueToTree(conditions));
    try {
      var resources = client.resources(resource.getClass());
      (namespace == null ? resources.withName(name) : resources.inNamespace(namespace).withName(name))
          .subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE), body.toString());
    } catch (KubernetesClientException patchFailed) {
      LOG.warn("cannot write the {} condition of {} {}: {}", reason, kind, name, patchFailed.getMessage());
    }
    auditor.refused(resource, "Reconcile", reason, message);
  }
}
