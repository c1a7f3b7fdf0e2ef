package io.stageline.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.api.Labels;
import io.stageline.audit.AuditEvent.Outcome;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records each decision twice, as a Kubernetes Event on the resource and as one JSON line on the
 * {@code audit} logger. Never throws: a failed Event is logged and the decision stands.
 */
public class Auditor {
  /** The logger audit lines go to; route it to its own appender to ship them elsewhere. */
  public static final String AUDIT_LOGGER = "audit";

  private static final Logger AUDIT = LoggerFactory.getLogger(AUDIT_LOGGER);
  private static final Logger LOG = LoggerFactory.getLogger(Auditor.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_MESSAGE = 1024;
  private static final int RECENT = 200;
  /** Cluster-scoped resources have no namespace of their own; their Events go here, as kube does. */
  private static final String CLUSTER_EVENTS_NAMESPACE = "default";

  private final KubernetesClient client;
  private final Clock clock;
  private final Deque<AuditEvent> recent = new ArrayDeque<>();
  private final List<Consumer<AuditEvent>> listeners = new CopyOnWriteArrayList<>();

  public Auditor(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  public void success(HasMetadata resource, String action, String reason, String message) {
    record(resource, action, Outcome.Success, reason, message, null, Map.of(), false);
  }

  public void failure(HasMetadata resource, String action, String reason, String message) {
    record(resource, action, Outcome.Failure, reason, message, null, Map.of(), true);
  }

  public void refused(HasMetadata resource, String action, String reason, String message) {
    record(resource, action, Outcome.Refused, reason, message, null, Map.of(), true);
  }

  /**
   * Records a decision. {@code warning} makes the Event a Warning even for a success, for
   * decisions that must be loud such as emergency access.
   */
  public AuditEvent record(HasMetadata resource, String action, Outcome outcome, String reason, String message,
      String actor, Map<String, String> details, boolean warning) {
    AuditEvent event = new AuditEvent(
        Instant.now(clock).truncatedTo(ChronoUnit.MILLIS).toString(),
        resource.getKind(),
        resource.getMetadata().getName(),
        resource.getMetadata().getNamespace(),
        action,
        outcome,
        reason,
        truncate(message),
        actor,
        details == null || details.isEmpty() ? null : Map.copyOf(details));
    writeLine(event);
    remember(event);
    publishEvent(resource, event, warning || event.isWarning());
    return event;
  }

  /** The most recent decisions, newest first (for the dashboard). */
  public synchronized List<AuditEvent> recent() {
    return new ArrayList<>(recent);
  }

  public void addListener(Consumer<AuditEvent> listener) {
    listeners.add(listener);
  }

  private synchronized void remember(AuditEvent event) {
    recent.addFirst(event);
    while (recent.size() > RECENT) {
      recent.removeLast();
    }
    listeners.forEach(l -> l.accept(event));
  }

  private void writeLine(AuditEvent event) {
    try {
      AUDIT.info(JSON.writeValueAsString(event));
    } catch (JsonProcessingException e) {
      LOG.warn("cannot write audit line for {} {}: {}", event.kind(), event.name(), e.getMessage());
    }
  }

  private void publishEvent(HasMetadata resource, AuditEvent event, boolean warning) {
    String namespace = resource.getMetadata().getNamespace() != null
        ? resource.getMetadata().getNamespace()
        : CLUSTER_EVENTS_NAMESPACE;
    try {
      client.v1().events().inNamespace(namespace).resource(new EventBuilder()
          .withNewMetadata()
            .withName(resource.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 8))
            .withNamespace(namespace)
            .addToLabels(Labels.MANAGED_BY, Labels.STAGELINE)
          .endMetadata()
          .withInvolvedObject(new ObjectReferenceBuilder()
              .withApiVersion(resource.getApiVersion())
              .withKind(resource.getKind())
              .withName(resource.getMetadata().getName())
              .withNamespace(resource.getMetadata().getNamespace())
              .withUid(resource.getMetadata().getUid())
              .build())
          .withType(warning ? "Warning" : "Normal")
          .withReason(event.reason())
          .withAction(event.action())
          .withMessage(event.message())
          .withFirstTimestamp(event.time())
          .withLastTimestamp(event.time())
          .withCount(1)
          .withReportingComponent("stageline")
          .withNewSource().withComponent("stageline").endSource()
          .build()).create();
    } catch (RuntimeException e) {
      LOG.warn("cannot publish Event {} for {} {}: {}", event.reason(), event.kind(), event.name(), e.getMessage());
    }
  }

  private static String truncate(String message) {
    if (message == null) {
      return "";
    }
    return message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE - 3) + "...";
  }
}
