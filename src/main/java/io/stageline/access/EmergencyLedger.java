package io.stageline.access;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.stageline.api.Labels;
import io.stageline.api.v1alpha1.AccessPolicyStatus.EmergencyGrant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emergency grants remembered outside the policy that made them, in the ConfigMap {@value #NAME} of
 * the operator's namespace, keyed by the grant's identity ({@link BindingPlanner#grantKey}: level,
 * subjects, reason, ticket). A policy's status forgets its grants when the policy is deleted; this
 * does not, so deleting and re-creating a policy finds its grant's first grantedAt (the cap still
 * counts from it) and an expired grant stays expired. Read only when a policy names a grant its
 * status does not know, written only when a grant is first bound or expires.
 */
final class EmergencyLedger {
  static final String NAME = "stageline-emergency-grants";
  private static final Logger LOG = LoggerFactory.getLogger(EmergencyLedger.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesClient client;
  private final String namespace;

  EmergencyLedger(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  /** Adds to {@code records} what the ledger knows of the grants {@code keys} names and the records lack. */
  void recall(Set<String> keys, List<EmergencyGrant> records) {
    List<String> unknown = keys.stream().filter(k -> records.stream().noneMatch(r -> k.equals(r.getGrant()))).toList();
    if (unknown.isEmpty()) {
      return;
    }
    ConfigMap ledger = client.configMaps().inNamespace(namespace).withName(NAME).get();
    if (ledger == null || ledger.getData() == null) {
      return;
    }
    for (String key : unknown) {
      String entry = ledger.getData().get(key);
      if (entry != null) {
        try {
          records.add(JSON.readValue(entry, EmergencyGrant.class));
        } catch (JsonProcessingException e) {
          LOG.warn("emergency ledger entry {} cannot be read; the grant counts as new", key);
        }
      }
    }
  }

  /** Records grants that were just bound or just expired. */
  void remember(Collection<EmergencyGrant> changed) {
    if (changed.isEmpty()) {
      return;
    }
    ObjectNode data = JSON.createObjectNode();
    for (EmergencyGrant g : changed) {
      data.put(g.getGrant(), JSON.valueToTree(g).toString());
    }
    ObjectNode patch = JSON.createObjectNode();
    patch.set("data", data);
    try {
      if (client.configMaps().inNamespace(namespace).withName(NAME).get() == null) {
        client.resource(new ConfigMapBuilder().withNewMetadata().withName(NAME).withNamespace(namespace)
            .addToLabels(Labels.MANAGED_BY, Labels.STAGELINE).endMetadata().build()).create();
      }
      client.configMaps().inNamespace(namespace).withName(NAME)
          .patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
    } catch (KubernetesClientException e) {
      // the grant is still capped by the policy's own status; only re-creation is not covered
      LOG.warn("cannot record emergency grants in {}/{} (HTTP {})", namespace, NAME, e.getCode());
    }
  }
}
