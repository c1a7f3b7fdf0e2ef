package io.stageline.environment.refresh;

import io.stageline.conditions.InputProblem;
import io.stageline.api.v1alpha1.EnvironmentConditions;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.api.Labels;
import io.stageline.api.v1alpha1.DatabaseRefresh;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.Stage;
import io.stageline.environment.step.EnvironmentReads;
import io.stageline.environment.seed.SeedFlow;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Decides, without writing anything, whether each declared refresh may run, and with which
 * connections. The Environment's author names the Secrets, so nothing is taken on their word:
 *
 * <ul>
 *   <li>the source is this Environment's upstream chain or a production Environment, and the data
 *       flow follows the seed-data rules (production data is always masked);
 *   <li>the source Secret lives in the source Environment's namespace and its owners have shared it
 *       for refreshes into this Environment: label {@code stageline.io/refresh-source: "true"} and
 *       annotation {@code stageline.io/refresh-to} naming this Environment (or {@code *}); a lower
 *       stage cannot pick any Secret of production's namespace;
 *   <li>the target Secret lives in this Environment's own namespace, and its database is neither
 *       the source nor any database shared as a refresh source anywhere: the refresh empties the
 *       target, and the Job runs with the operator's network reach, so a lower stage must not be
 *       able to point it at production.
 * </ul>
 */
final class RefreshPlanner {
  /** Bad refresh input, reported on DatabaseRefreshReady; messages name Environments and Secrets, never values. */
  static InputProblem.Refused refused(String reason, String message) {
    return new InputProblem(EnvironmentConditions.Type.DATABASE_REFRESH_READY, reason, message).refused();
  }

  private static final int MAX_UPSTREAM_HOPS = 16;

  record Plan(DatabaseRefresh refresh, Stage sourceStage, boolean masking, Map<String, String> source,
      Map<String, String> target) {}

  private final KubernetesClient client;

  RefreshPlanner(KubernetesClient client) {
    this.client = client;
  }

  /**
   * Environments and shared source Secrets come from the informer caches; the target Secret is read from
   * the API, because it is an unlabelled Secret of the user's namespace and caching it would mean caching
   * every Secret of every Environment namespace (a GET only when refreshes are declared).
   */
  List<Plan> plan(Environment env, EnvironmentReads reads) {
    if (env.getSpec().getStage().isProduction()) {
      throw refused(EnvironmentConditions.Reason.INVALID_DATABASE_REFRESH, "production's databases are never refreshed");
    }
    List<Plan> plans = new ArrayList<>();
    Set<String> names = new HashSet<>();
    List<DatabaseRefresh> refreshes = env.getSpec().getDatabaseRefreshes();
    for (int i = 0; i < refreshes.size(); i++) {
      DatabaseRefresh r = refreshes.get(i);
      String where = "databaseRefreshes[" + i + "]";
      if (r.getName() == null || r.getFromEnvironment() == null || r.getSourceSecret() == null
          || r.getTargetSecret() == null) {
        throw refused(EnvironmentConditions.Reason.INVALID_DATABASE_REFRESH, where + ": name, fromEnvironment, sourceSecret and targetSecret "
            + "are required");
      }
      if (!names.add(r.getName())) {
        throw refused(EnvironmentConditions.Reason.INVALID_DATABASE_REFRESH, where + ": the name " + r.getName() + " is used twice");
      }
      plans.add(plan(env, r, where, reads));
    }
    return plans;
  }

  private Plan plan(Environment env, DatabaseRefresh r, String where, EnvironmentReads reads) {
    String self = env.getMetadata().getName();
    if (r.getFromEnvironment().equals(self)) {
      throw refused(EnvironmentConditions.Reason.REFRESH_SOURCE_NOT_ALLOWED, where + ": a database is not refreshed from its own Environment");
    }
    Environment from = reads.environment(r.getFromEnvironment()).orElse(null);
    if (from == null || from.getSpec() == null) {
      throw refused(EnvironmentConditions.Reason.REFRESH_SOURCE_NOT_ALLOWED, where + ": Environment " + r.getFromEnvironment()
          + " not found");
    }
    if (!from.getSpec().getStage().isProduction() && !upstreamChain(env, reads).contains(from.getMetadata().getName())) {
      throw refused(EnvironmentConditions.Reason.REFRESH_SOURCE_NOT_ALLOWED, where + ": Environment " + r.getFromEnvironment()
          + " is neither production nor in this Environment's upstream chain");
    }
    SeedFlow flow = SeedFlow.decide(from.getSpec().getStage(), env.getSpec().getStage(), env.getSpec().getDataMasking());
    if (flow.refusal() != null) {
      throw refused(EnvironmentConditions.Reason.MASKING_REQUIRED, where + ": " + flow.refusal());
    }
    // only Secrets labelled as refresh sources are cached: an unlabelled or missing one gets the same answer,
    // which also tells a lower stage nothing about which Secrets exist in a higher stage's namespace
    Secret source = reads.refreshSource(from.targetNamespace(), r.getSourceSecret()).orElse(null);
    if (source == null || !sharedWith(source, self)) {
      throw refused(EnvironmentConditions.Reason.REFRESH_SOURCE_NOT_SHARED, where + ": Secret " + from.targetNamespace() + "/"
          + r.getSourceSecret() + " is not found or not shared for refreshes into " + self + " (its owners label it "
          + Labels.REFRESH_SOURCE + "=true and name " + self + " in its annotation " + Labels.REFRESH_TO + ")");
    }
    Secret target = client.secrets().inNamespace(env.targetNamespace()).withName(r.getTargetSecret()).get();
    if (target == null) {
      throw refused(EnvironmentConditions.Reason.REFRESH_SECRET_NOT_FOUND, where + ": Secret " + r.getTargetSecret() + " not found "
          + "in namespace " + env.targetNamespace());
    }
    Map<String, String> sourceData = connection(source, where);
    Map<String, String> targetData = connection(target, where);
    String targetDb = database(targetData.get("url"));
    if (targetDb.equals(database(sourceData.get("url")))) {
      throw refused(EnvironmentConditions.Reason.REFRESH_TARGET_IS_A_SOURCE, where + ": the target Secret names the source's database");
    }
    for (Secret shared : reads.refreshSources()) {
      String url = decode(shared, "url");
      if (url != null && targetDb.equals(database(url))) {
        throw refused(EnvironmentConditions.Reason.REFRESH_TARGET_IS_A_SOURCE, where + ": the target Secret names a database "
            + "that is shared as a refresh source (Secret " + shared.getMetadata().getNamespace() + "/"
            + shared.getMetadata().getName() + "); a refresh would overwrite it");
      }
    }
    return new Plan(r, from.getSpec().getStage(), flow.mask(), sourceData, targetData);
  }

  private static Set<String> upstreamChain(Environment env, EnvironmentReads reads) {
    Set<String> chain = new HashSet<>();
    String next = env.getSpec().getUpstream();
    for (int hop = 0; next != null && hop < MAX_UPSTREAM_HOPS && chain.add(next); hop++) {
      Environment up = reads.environment(next).orElse(null);
      next = up == null || up.getSpec() == null ? null : up.getSpec().getUpstream();
    }
    return chain;
  }

  static boolean sharedWith(Secret secret, String environment) {
    var labels = secret.getMetadata().getLabels();
    var annotations = secret.getMetadata().getAnnotations();
    if (labels == null || !"true".equals(labels.get(Labels.REFRESH_SOURCE)) || annotations == null
        || annotations.get(Labels.REFRESH_TO) == null) {
      return false;
    }
    return Arrays.stream(annotations.get(Labels.REFRESH_TO).split(",")).map(String::strip)
        .anyMatch(n -> n.equals(environment) || n.equals("*"));
  }

  private static Map<String, String> connection(Secret secret, String where) {
    Map<String, String> data = new TreeMap<>();
    for (String key : List.of("url", "username", "password")) {
      String value = decode(secret, key);
      if (value != null) {
        data.put(key, value);
      }
    }
    if (data.get("url") == null || !data.get("url").startsWith("jdbc:postgresql://")) {
      throw refused(EnvironmentConditions.Reason.INVALID_DATABASE_REFRESH, where + ": Secret " + secret.getMetadata().getName()
          + " needs a key url holding a jdbc:postgresql:// URL (and username, password)");
    }
    return data;
  }

  private static String decode(Secret secret, String key) {
    if (secret.getData() != null && secret.getData().get(key) != null) {
      try {
        return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8).strip();
      } catch (IllegalArgumentException notBase64) {
        return null;
      }
    }
    return secret.getStringData() == null ? null : secret.getStringData().get(key);
  }

  /** host:port/database of a JDBC URL, for comparing two (parameters and case of the host left out). */
  static String database(String url) {
    String rest = url.substring("jdbc:postgresql://".length());
    int q = rest.indexOf('?');
    if (q >= 0) {
      rest = rest.substring(0, q);
    }
    int slash = rest.indexOf('/');
    String hostPort = slash < 0 ? rest : rest.substring(0, slash);
    String db = slash < 0 ? "" : rest.substring(slash + 1);
    if (!hostPort.contains(":") || hostPort.endsWith("]")) {
      hostPort = hostPort + ":5432";
    }
    return hostPort.toLowerCase(Locale.ROOT) + "/" + db;
  }
}
