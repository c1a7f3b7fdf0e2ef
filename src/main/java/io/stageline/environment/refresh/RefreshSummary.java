package io.stageline.environment.refresh;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stageline.api.v1alpha1.DatabaseRefreshStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The counts {@code stageline mask-db --summary-file /dev/termination-log} leaves in its pod's
 * termination message, read back by the operator. The message comes from a pod, through the pod's
 * status, which anyone allowed to write pods in the operator's namespace could set: it is untrusted
 * input. It is read only up to the kubelet's own limit, must be one JSON object of numbers, each
 * within what status accepts, and is never quoted back: a problem names the field, not its content.
 */
record RefreshSummary(int tables, long rows, long bytes, double seconds, Long maskedValues, Long detectorHits) {
  /** The kubelet keeps at most 4096 bytes of a container's termination message; more was not written by it. */
  static final int MAX_BYTES = 4096;
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  /** Longer than any run the summary could describe (30 years), so a larger value is not believed. */
  private static final double MAX_SECONDS = 1e9;

  /** Why a termination message is not a summary; the message never quotes what was read. */
  static final class Unreadable extends Exception {
    Unreadable(String message) {
      super(message, null, false, false);
    }
  }

  static RefreshSummary parse(String message) throws Unreadable {
    if (message == null || message.isBlank()) {
      throw new Unreadable("the pod left no termination message");
    }
    if (message.length() > MAX_BYTES || message.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      throw new Unreadable("the termination message is longer than " + MAX_BYTES + " bytes");
    }
    JsonNode root;
    try {
      root = JSON.readTree(message);
    } catch (IOException | RuntimeException e) {
      throw new Unreadable("the termination message is not JSON");
    }
    if (root == null || !root.isObject()) {
      throw new Unreadable("the termination message is not a JSON object");
    }
    if (root.has("error")) {
      throw new Unreadable("the termination message reports an error although the Job completed");
    }
    return new RefreshSummary(
        (int) count(root, "tables", DatabaseRefreshStatus.MAX_TABLES),
        count(root, "rows", DatabaseRefreshStatus.MAX_COUNT),
        count(root, "bytes", DatabaseRefreshStatus.MAX_COUNT),
        seconds(root),
        optionalCount(root, "maskedValues"),
        optionalCount(root, "detectorHits"));
  }

  private static Long optionalCount(JsonNode root, String field) throws Unreadable {
    return root.has(field) ? count(root, field, DatabaseRefreshStatus.MAX_COUNT) : null;
  }

  private static long count(JsonNode root, String field, double max) throws Unreadable {
    JsonNode n = root.get(field);
    if (n == null) {
      throw new Unreadable("the summary has no " + field);
    }
    if (!n.isIntegralNumber()) {
      throw new Unreadable("the summary's " + field + " is not a whole number");
    }
    long v = n.asLong();
    if (!n.canConvertToLong() || v < 0 || v > max) {
      throw new Unreadable("the summary's " + field + " is outside 0.." + (long) max);
    }
    return v;
  }

  private static double seconds(JsonNode root) throws Unreadable {
    JsonNode n = root.get("seconds");
    if (n == null) {
      throw new Unreadable("the summary has no seconds");
    }
    if (!n.isNumber()) {
      throw new Unreadable("the summary's seconds is not a number");
    }
    double v = n.asDouble();
    if (!(v >= 0 && v <= MAX_SECONDS)) {
      throw new Unreadable("the summary's seconds is outside 0.." + (long) MAX_SECONDS);
    }
    return v;
  }

  /** Per second over the copy's own time; unset when the copy took no measurable time. */
  Long perSecond(long count) {
    if (seconds <= 0) {
      return null;
    }
    return (long) Math.min(DatabaseRefreshStatus.MAX_COUNT, Math.floor(count / seconds));
  }

  void applyTo(DatabaseRefreshStatus status) {
    status.setTables(tables);
    status.setRows(rows);
    status.setBytes(bytes);
    status.setRowsPerSecond(perSecond(rows));
    status.setBytesPerSecond(perSecond(bytes));
    status.setMaskedValues(maskedValues);
    status.setDetectorHits(detectorHits);
  }
}
