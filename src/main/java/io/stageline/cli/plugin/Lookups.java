package io.stageline.cli.plugin;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.Promotion;
import io.stageline.api.v1alpha1.StagelineStatus;
import io.stageline.conditions.Conditions;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/** Finding Stageline's objects by the names users type, with kubectl's "not found" wording. */
final class Lookups {
  private Lookups() {}

  static Environment environment(KubernetesClient client, String name) {
    Environment env = client.resources(Environment.class).withName(name).get();
    if (env == null) {
      throw new NotFound("environments.stageline.io \"" + name + "\" not found");
    }
    return env;
  }

  /** A promotion in the given namespace, or the only one with that name in any namespace. */
  static Promotion promotion(KubernetesClient client, String namespace, String name) {
    if (namespace != null) {
      Promotion p = client.resources(Promotion.class).inNamespace(namespace).withName(name).get();
      if (p == null) {
        throw new NotFound("promotions.stageline.io \"" + name + "\" not found in namespace " + namespace);
      }
      return p;
    }
    List<Promotion> found = client.resources(Promotion.class).inAnyNamespace().list().getItems().stream()
        .filter(p -> p.getMetadata().getName().equals(name)).toList();
    if (found.isEmpty()) {
      throw new NotFound("promotions.stageline.io \"" + name + "\" not found");
    }
    if (found.size() > 1) {
      throw new IllegalArgumentException("promotions named \"" + name + "\" exist in several namespaces ("
          + String.join(", ", found.stream().map(p -> p.getMetadata().getNamespace()).toList())
          + "): choose one with -n");
    }
    return found.get(0);
  }

  static Optional<Condition> condition(StagelineStatus status, String type) {
    return status == null ? Optional.empty() : Conditions.find(status.getConditions(), type);
  }

  /** kubectl's short age: 45s, 12m, 3h, 5d. */
  static String age(String timestamp, Instant now) {
    if (timestamp == null) {
      return null;
    }
    try {
      Duration d = Duration.between(Instant.parse(timestamp), now);
      if (d.isNegative()) {
        return "0s";
      }
      if (d.toMinutes() < 2) {
        return d.toSeconds() + "s";
      }
      if (d.toHours() < 2) {
        return d.toMinutes() + "m";
      }
      if (d.toDays() < 2) {
        return d.toHours() + "h";
      }
      return d.toDays() + "d";
    } catch (DateTimeParseException e) {
      return timestamp;
    }
  }

  /** A missing object: exit code 1 with kubectl's message. */
  static final class NotFound extends RuntimeException {
    NotFound(String message) {
      super(message);
    }
  }
}
