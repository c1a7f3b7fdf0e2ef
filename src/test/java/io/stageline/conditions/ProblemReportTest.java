package io.stageline.conditions;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.stageline.conditions.ProblemReport.Failure;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** How a reconcile that threw is categorised for the ReconcileError condition, and that no exception text leaks. */
class ProblemReportTest {
  private static final String SECRET = "password=hunter2";

  @Test
  void anApiAnswerIsAnApiErrorNamingOnlyItsStatusCode() {
    Failure f = Failure.of(new KubernetesClientException(SECRET, 503, null));
    assertThat(f.reason()).isEqualTo("ApiError");
    assertThat(f.message()).contains("503").doesNotContain(SECRET);
  }

  @Test
  void aConflictIsItsOwnCategory() {
    assertThat(Failure.of(new KubernetesClientException(SECRET, 409, null)).reason()).isEqualTo("Conflict");
  }

  @Test
  void theApiAnswerIsFoundInsideTheExceptionsThatWrapIt() {
    Exception wrapped = new IllegalStateException(SECRET, new RuntimeException(new KubernetesClientException(SECRET, 422, null)));
    Failure f = Failure.of(wrapped);
    assertThat(f.reason()).isEqualTo("ApiError");
    assertThat(f.message()).contains("422").doesNotContain(SECRET);
  }

  @Test
  void aRequestThatGotNoAnswerIsApiUnreachable() {
    Failure f = Failure.of(new KubernetesClientException(SECRET, new IOException("connection refused " + SECRET)));
    assertThat(f.reason()).isEqualTo("ApiUnreachable");
    assertThat(f.message()).doesNotContain(SECRET);
  }

  @Test
  void anythingElseIsAnInternalErrorWithoutItsText() {
    Failure f = Failure.of(new NullPointerException(SECRET));
    assertThat(f.reason()).isEqualTo("InternalError");
    assertThat(f.message()).doesNotContain(SECRET).doesNotContain("NullPointerException");
  }
}
