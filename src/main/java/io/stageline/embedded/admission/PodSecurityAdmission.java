package io.stageline.embedded.admission;

import io.stageline.api.Labels;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.stageline.embedded.ApiException;
import io.stageline.embedded.Json;
import io.stageline.embedded.Store;
import io.stageline.kube.PodSecurityStandards;
import java.util.Map;
import java.util.Optional;

/**
 * kube-apiserver's Pod Security admission: a Pod created in a namespace labelled
 * {@code pod-security.kubernetes.io/enforce=baseline|restricted} that violates that level is refused
 * ({@code pods "x" is forbidden: violates PodSecurity "restricted:latest": ...}); a workload whose pod
 * template would violate it is admitted with a warning ({@code would violate PodSecurity ...}), as the
 * real plug-in does, since its pods will be refused when its controller creates them.
 */
public final class PodSecurityAdmission implements AdmissionStep {
  /** Workload kinds and where their pod template's spec is. */
  private static final Map<String, String> TEMPLATES = Map.of(
      "Deployment", "/spec/template/spec", "StatefulSet", "/spec/template/spec",
      "DaemonSet", "/spec/template/spec", "ReplicaSet", "/spec/template/spec",
      "ReplicationController", "/spec/template/spec", "Job", "/spec/template/spec",
      "CronJob", "/spec/jobTemplate/spec/template/spec", "PodTemplate", "/template/spec");

  private final Store store;

  public PodSecurityAdmission(Store store) {
    this.store = store;
  }

  @Override
  public ObjectNode admit(AdmissionRequest request) {
    ObjectNode object = request.object();
    String kind = request.type().kind();
    if (object == null || request.type().custom() || request.namespace() == null || request.subresource() != null
        || !(kind.equals("Pod") ? request.operation() == Operation.CREATE : TEMPLATES.containsKey(kind))) {
      return object;
    }
    String level = store.get("/api/v1/namespaces/" + request.namespace())
        .map(ns -> ns.path("metadata").path("labels").path(Labels.POD_SECURITY_ENFORCE).asText(null))
        .orElse(null);
    if (level == null) {
      return object;
    }
    JsonNode spec = kind.equals("Pod") ? object.path("spec") : object.at(TEMPLATES.get(kind));
    if (!spec.isObject()) {
      return object;
    }
    Optional<String> violation = PodSecurityStandards.violation(Json.convert(spec, PodSpec.class), level);
    if (violation.isPresent()) {
      if (kind.equals("Pod")) {
        ObjectNode details = Json.object().put("name", request.name() == null ? "" : request.name())
            .put("kind", "pods");
        throw new ApiException(403, "Forbidden", "pods \"" + (request.name() == null ? "" : request.name())
            + "\" is forbidden: " + violation.get(), details);
      }
      AdmissionWarnings.add("would " + violation.get().replaceFirst("^violates ", "violate "));
    }
    return object;
  }
}
