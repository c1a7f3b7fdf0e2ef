package io.stageline.testing;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the requests one client sends, by kind: reads (GET of an object or a list), watches (a GET
 * with {@code watch=true}, which informers open and keep) and writes (every other method). Installed
 * on the operator's client, so the counts are the operator's alone and not the test's own requests.
 */
public final class ApiRequests {
  private final LongAdder reads = new LongAdder();
  private final LongAdder watches = new LongAdder();
  private final LongAdder writes = new LongAdder();
  /** Every request as "METHOD path?query", in order, so that a failing assertion can say which they were. */
  private final java.util.List<String> log = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

  /** A client for {@code config} whose requests this counter counts. */
  public KubernetesClient client(Config config) {
    return new KubernetesClientBuilder().withConfig(config)
        .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("stageline-request-counter", new Interceptor() {
          @Override
          public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
            count(request);
          }
        })).build();
  }

  private void count(HttpRequest request) {
    log.add(request.method() + " " + request.uri().getRawPath()
        + (request.uri().getRawQuery() == null ? "" : "?" + request.uri().getRawQuery()));
    if (!"GET".equals(request.method())) {
      writes.increment();
    } else if (String.valueOf(request.uri().getQuery()).contains("watch=true")) {
      watches.increment();
    } else {
      reads.increment();
    }
  }

  /** GETs of objects and lists, watches not included. */
  public long reads() {
    return reads.sum();
  }

  /** The requests sent since the {@code from}-th one (a count of {@link #reads()} + watches + writes taken earlier). */
  public java.util.List<String> since(long from) {
    synchronized (log) {
      return java.util.List.copyOf(log.subList((int) Math.min(from, log.size()), log.size()));
    }
  }

  /** All requests sent so far. */
  public long total() {
    return log.size();
  }

  public long watches() {
    return watches.sum();
  }

  /** POST, PUT, PATCH and DELETE requests. */
  public long writes() {
    return writes.sum();
  }
}
