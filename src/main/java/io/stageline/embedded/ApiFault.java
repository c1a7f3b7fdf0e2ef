package io.stageline.embedded;

import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A test hook for the reliability suite: a fault answers a request in the API's place (a 500, a
 * 409, a 410 on a watch) or delays the API's own answer, and returns null to let a request pass.
 * Installed with {@link EmbeddedApiServer#injectFault}; never set in production.
 */
@FunctionalInterface
public interface ApiFault {
  MockResponse answer(RecordedRequest request, Dispatcher api);

  /** The dispatcher in front of the API that consults the installed fault first. */
  final class Front extends Dispatcher {
    private final Dispatcher api;
    private final AtomicReference<ApiFault> fault;

    Front(Dispatcher api, AtomicReference<ApiFault> fault) {
      this.api = api;
      this.fault = fault;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      ApiFault current = fault.get();
      MockResponse answer = current == null ? null : current.answer(request, api);
      return answer != null ? answer : api.dispatch(request);
    }

    @Override
    public void shutdown() {
      api.shutdown();
    }
  }
}
