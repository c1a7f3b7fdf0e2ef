package io.stageline.reliability;

import io.fabric8.mockwebserver.http.MockResponse;
import io.stageline.embedded.ApiFault;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;

/** Faults for {@link io.stageline.embedded.EmbeddedApiServer#injectFault}, counting what they injected. */
final class Faults {
  private Faults() {}

  /** Answers the first {@code times} matching requests (method, path with query) with an error status. */
  static Counted failFirst(int times, int code, String reason, BiPredicate<String, String> matches) {
    AtomicInteger injected = new AtomicInteger();
    ApiFault fault = (request, api) -> {
      if (matches.test(request.getMethod(), request.getPath()) && injected.getAndIncrement() < times) {
        return status(code, reason);
      }
      return null;
    };
    return new Counted(fault, injected, times);
  }

  /** Delays every answer except watches (which would only be held open longer). */
  static ApiFault slow(Duration delay) {
    return (request, api) -> request.getPath().contains("watch=true") ? null
        : api.dispatch(request).setBodyDelay(delay);
  }

  static MockResponse status(int code, String reason) {
    return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
        .setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
            + "\"message\":\"injected fault: " + reason + "\",\"reason\":\"" + reason + "\",\"code\":" + code + "}");
  }

  static boolean isWatch(String path) {
    return path.contains("watch=true");
  }

  /** A fault plus how often it fired (it fires at most {@code limit} times). */
  record Counted(ApiFault fault, AtomicInteger injected, int limit) {
    int fired() {
      return Math.min(injected.get(), limit);
    }
  }
}
