package io.stageline.testing;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The one timeout policy for waiting on the operator (or the API, or a process) in tests: generous,
 * because the suite runs on shared, loaded machines where a reconcile that takes 50 ms idle can take
 * many seconds. A wait only bounds how long a broken operator takes to fail a test; it never asserts
 * speed. {@code -Dstageline.test.awaitSeconds=N} raises it for slower machines.
 *
 * <p>A bare {@code await()} already waits this long ({@link Defaults} sets Awaitility's default for every
 * test class); {@code await().atMost(TIMEOUT)} says so explicitly. A negative check ("nothing changes") is
 * {@code await().during(d).atMost(TIMEOUT.plus(d))}, where {@code d} says how long to watch.
 */
public final class Awaits {
  /** How long to wait for the operator to converge. */
  public static final Duration TIMEOUT = Duration.ofSeconds(Long.getLong("stageline.test.awaitSeconds", 60));

  /** For starting a JVM or a control plane: several times the operator's wait. */
  public static final Duration PROCESS_START = TIMEOUT.multipliedBy(4);

  private Awaits() {
  }

  /** Registered for every test class by JUnit's extension autodetection (src/test/resources). */
  public static final class Defaults implements BeforeAllCallback {
    @Override
    public void beforeAll(ExtensionContext context) {
      Awaitility.setDefaultTimeout(TIMEOUT);
    }
  }
}
