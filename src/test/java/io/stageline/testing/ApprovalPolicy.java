package io.stageline.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The shipped approval ValidatingAdmissionPolicy and its binding (deploy/approval-policy.yaml), as an installer applies them. */
public final class ApprovalPolicy {
  public static final String FILE = "deploy/approval-policy.yaml";

  private ApprovalPolicy() {}

  public static void install(KubernetesClient admin) {
    try (InputStream in = new FileInputStream(FILE)) {
      for (HasMetadata object : admin.load(in).items()) {
        admin.resource(object).createOr(NonDeletingOperation::update);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
