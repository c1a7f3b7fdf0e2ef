package io.stageline.cli.plugin;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * kubectl's connection flags, with kubectl's meaning; without them, the current context of
 * $KUBECONFIG or ~/.kube/config. kubectl itself refuses flags placed before a plugin's name, so
 * they go after it: {@code kubectl stageline approve p --as erin --as-group release-approvers}.
 */
class ClusterOptions {
  private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|h|m|s)");

  @Option(names = "--kubeconfig", paramLabel = "FILE", description = "Path to the kubeconfig file to use.")
  Path kubeconfig;

  @Option(names = "--context", description = "The kubeconfig context to use.")
  String context;

  @Option(names = {"-n", "--namespace"}, description = "Namespace of the promotion (default: found by name).")
  String namespace;

  @Option(names = "--as", paramLabel = "USER", description = "Username to impersonate for the operation.")
  String as;

  @Option(names = "--as-group", paramLabel = "GROUP",
      description = "Group to impersonate for the operation; repeat for several groups.")
  List<String> asGroups = new ArrayList<>();

  @Option(names = "--request-timeout", paramLabel = "DURATION",
      description = "How long to wait for one request before giving up, e.g. 10s, 1m, 2m3s "
          + "(a bare number is seconds; 0 waits forever, as kubectl).")
  String requestTimeout;

  KubernetesClient client() {
    return new KubernetesClientBuilder().withConfig(config()).build();
  }

  Config config() {
    Config base;
    if (kubeconfig != null) {
      if (!Files.isRegularFile(kubeconfig)) {
        throw new IllegalArgumentException("kubeconfig " + kubeconfig + " does not exist");
      }
      base = Config.fromKubeconfig(context, kubeconfig.toFile());
    } else {
      base = Config.autoConfigure(context);
    }
    ConfigBuilder config = new ConfigBuilder(base);
    if (as != null) {
      config.withImpersonateUsername(as);
    }
    if (!asGroups.isEmpty()) {
      if (as == null) {
        // kubectl's rule: the API server refuses group impersonation without a user
        throw new IllegalArgumentException("--as-group requires --as: impersonating groups needs a user");
      }
      config.withImpersonateGroups(asGroups.toArray(String[]::new));
    }
    if (requestTimeout != null) {
      int millis = (int) Math.min(Integer.MAX_VALUE, parseTimeout(requestTimeout).toMillis());
      config.withRequestTimeout(millis).withConnectionTimeout(millis == 0 ? base.getConnectionTimeout() : millis);
    }
    return config.build();
  }

  /** kubectl's {@code --request-timeout}: a Go duration of h, m, s and ms parts, or bare seconds. */
  static Duration parseTimeout(String value) {
    String v = value.trim();
    if (v.matches("\\d+")) {
      return Duration.ofSeconds(Long.parseLong(v));
    }
    Matcher m = DURATION_PART.matcher(v);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find() && m.start() == end) {
      long n = Long.parseLong(m.group(1));
      total = total.plus(switch (m.group(2)) {
        case "h" -> Duration.ofHours(n);
        case "m" -> Duration.ofMinutes(n);
        case "s" -> Duration.ofSeconds(n);
        default -> Duration.ofMillis(n);
      });
      end = m.end();
    }
    if (end == 0 || end != v.length()) {
      throw new IllegalArgumentException("invalid --request-timeout \"" + value
          + "\": use a duration such as 10s, 1m or 2m3s, or a number of seconds");
    }
    return total;
  }

  /** Where requests go, for messages that must say which API could not be reached. */
  String server() {
    try {
      return config().getMasterUrl();
    } catch (RuntimeException e) {
      return null;
    }
  }
}
