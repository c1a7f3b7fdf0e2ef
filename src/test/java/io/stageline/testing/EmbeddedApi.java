package io.stageline.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.embedded.EmbeddedApiServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh embedded API for one test class, without the operator (the API's own tests; {@link OperatorExtension}
 * runs the operator): {@code @RegisterExtension static final EmbeddedApi api = EmbeddedApi.started();}, then
 * {@link #admin()} as the administrator, {@link #newClient(String, String...)} as a user (what {@code kubectl --as}
 * does), and {@link #kubeconfig()} for kubectl and other clients.
 */
public final class EmbeddedApi implements BeforeAllCallback, AfterAllCallback {
  private final boolean requireExistingNamespaces;
  private EmbeddedApiServer server;
  private KubernetesClient admin;
  private Path kubeconfig;

  private EmbeddedApi(boolean requireExistingNamespaces) {
    this.requireExistingNamespaces = requireExistingNamespaces;
  }

  public static EmbeddedApi started() {
    return new EmbeddedApi(false);
  }

  /** As kube-apiserver's NamespaceLifecycle admits: a namespaced write needs its namespace to exist. */
  public static EmbeddedApi requiringExistingNamespaces() {
    return new EmbeddedApi(true);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    server = EmbeddedApiServer.start(0);
    if (requireExistingNamespaces) {
      server.requireExistingNamespaces();
    }
    admin = server.newClient();
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    if (admin != null) {
      admin.close();
    }
    if (server != null) {
      server.close();
    }
    if (kubeconfig != null) {
      // kubectl may leave its own files (a discovery cache) beside the kubeconfig
      try (Stream<Path> files = Files.walk(kubeconfig.getParent())) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(file);
        }
      }
    }
  }

  public EmbeddedApiServer server() {
    return server;
  }

  /** The administrator's client, open for the whole class. */
  public KubernetesClient admin() {
    return admin;
  }

  /** A new client acting as the user in these groups; the caller closes it. */
  public KubernetesClient newClient(String user, String... groups) {
    return server.newClient(user, groups);
  }

  /** A kubeconfig for the administrator, written once per class. */
  public synchronized Path kubeconfig() {
    if (kubeconfig == null) {
      try {
        kubeconfig = Files.createTempDirectory("embedded-api").resolve("kubeconfig");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      server.writeKubeconfig(kubeconfig);
    }
    return kubeconfig;
  }
}
