package io.stageline.environment;

import io.stageline.conditions.InputProblem;
import io.stageline.api.v1alpha1.EnvironmentConditions;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.stageline.api.v1alpha1.ConfigSpec;
import io.stageline.api.v1alpha1.ConfigSpec.CollisionPolicy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Renders layered configuration: source ConfigMaps in order (a later one wins, unless the spec says
 * {@code onCollision: Reject}), then inline data; the result is identified by a content hash.
 */
final class ConfigRenderer {
  /** Kubernetes refuses ConfigMaps whose data exceeds 1 MiB. */
  static final int MAX_BYTES = 1024 * 1024;
  private static final Pattern KEY = Pattern.compile("[-._a-zA-Z0-9]+");

  /** A rendering: the data and where it came from, or the problem that stopped it. */
  record Rendered(Map<String, String> data, String hash, List<String> sources, InputProblem problem) {
    static Rendered problem(String reason, String message) {
      return new Rendered(null, null, null, new InputProblem(EnvironmentConditions.Type.CONFIG_READY, reason, message));
    }
  }

  /** {@code lookup} finds a source ConfigMap by name in the config namespace (null when missing). */
  Rendered render(ConfigSpec spec, Function<String, ConfigMap> lookup) {
    Map<String, String> data = new TreeMap<>();
    Map<String, String> origin = new TreeMap<>();
    List<String> sources = new ArrayList<>();
    boolean reject = spec.getOnCollision() == CollisionPolicy.Reject;
    for (ConfigSpec.Source source : spec.getSources()) {
      ConfigMap cm = lookup.apply(source.getName());
      if (cm == null) {
        return Rendered.problem(EnvironmentConditions.Reason.CONFIG_SOURCE_NOT_FOUND, "config source ConfigMap " + source.getName()
            + " does not exist in the config namespace");
      }
      sources.add(source.getName() + "@" + cm.getMetadata().getResourceVersion());
      String collision = merge(data, origin, cm.getData(), "ConfigMap " + source.getName(), reject);
      if (collision != null) {
        return Rendered.problem(EnvironmentConditions.Reason.KEY_COLLISION, collision);
      }
    }
    String collision = merge(data, origin, spec.getData(), "inline data", reject);
    if (collision != null) {
      return Rendered.problem(EnvironmentConditions.Reason.KEY_COLLISION, collision);
    }
    for (String key : data.keySet()) {
      if (!KEY.matcher(key).matches()) {
        return Rendered.problem(EnvironmentConditions.Reason.INVALID_KEY, "config key '" + key + "' is not a valid ConfigMap key");
      }
    }
    long size = data.entrySet().stream()
        .mapToLong(e -> bytes(e.getKey()) + bytes(e.getValue())).sum();
    if (size > MAX_BYTES) {
      return Rendered.problem(EnvironmentConditions.Reason.CONFIG_TOO_LARGE, "rendered configuration is " + size
          + " bytes, over the ConfigMap limit of " + MAX_BYTES);
    }
    return new Rendered(data, hash(data), sources, null);
  }

  private static String merge(Map<String, String> data, Map<String, String> origin, Map<String, String> layer,
      String from, boolean reject) {
    if (layer == null) {
      return null;
    }
    for (var entry : new TreeMap<>(layer).entrySet()) {
      if (reject && origin.containsKey(entry.getKey())) {
        return "key " + entry.getKey() + " is set by both " + origin.get(entry.getKey()) + " and " + from
            + " (onCollision: Reject)";
      }
      data.put(entry.getKey(), entry.getValue() == null ? "" : entry.getValue());
      origin.put(entry.getKey(), from);
    }
    return null;
  }

  /** SHA-256 over the sorted entries, each key and value length-prefixed so that no two renderings collide. */
  static String hash(Map<String, String> data) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      new TreeMap<>(data).forEach((k, v) -> {
        digest.update((k.length() + ":" + k + v.length() + ":" + v).getBytes(StandardCharsets.UTF_8));
      });
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }

  private static long bytes(String s) {
    return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
  }
}
