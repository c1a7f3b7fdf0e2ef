package io.stageline.reliability;

import java.util.ArrayList;
import java.util.List;

/**
 * The catalogue of invalid inputs across the three kinds: wrong enums, missing required fields,
 * impossible combinations, references to missing objects, hostile strings, oversized config. Each
 * one must be refused at admission or answered with a False condition and a Warning event.
 * Fixtures the catalogue refers to: Environment {@code dev-ok} (development, Ready) and an
 * unmanaged namespace {@code taken}.
 */
public final class BadInputs {
  public record BadInput(String id, String kind, String name, String why, String spec) {
    /** The object as YAML; Promotions live in dev-ok's namespace. */
    public String yaml() {
      String namespace = kind.equals("Promotion") ? "\n  namespace: dev-ok" : "";
      return "apiVersion: stageline.io/v1alpha1\nkind: " + kind + "\nmetadata:\n  name: " + name + namespace
          + "\n" + spec;
    }
  }

  private final List<BadInput> all = new ArrayList<>();

  public static List<BadInput> catalogue() {
    BadInputs c = new BadInputs();
    c.environments();
    c.accessPolicies();
    c.promotions();
    return c.all;
  }

  private void env(String why, String spec) {
    String name = "bad-env-" + (all.size() + 1);
    all.add(new BadInput(name, "Environment", name, why, spec));
  }

  private void policy(String why, String spec) {
    String name = "bad-ap-" + (all.size() + 1);
    all.add(new BadInput(name, "AccessPolicy", name, why, spec));
  }

  private void promotion(String why, String spec) {
    String name = "bad-promo-" + (all.size() + 1);
    all.add(new BadInput(name, "Promotion", name, why, spec));
  }

  private void environments() {
    env("stage is not one of the four", "spec:\n  stage: moon\n");
    env("stage is missing", "spec:\n  namespace: no-stage\n");
    env("network policy mode unknown", "spec:\n  stage: test\n  isolation:\n    networkPolicy: AllowAll\n");
    env("pod security level unknown", "spec:\n  stage: test\n  isolation:\n    podSecurity: root\n");
    env("deletion policy unknown", "spec:\n  stage: test\n  deletionPolicy: Forget\n");
    env("namespace is not a DNS label", "spec:\n  stage: test\n  namespace: Bad_Namespace\n");
    env("hostile namespace string", "spec:\n  stage: test\n  namespace: \"a;rm -rf /\"\n");
    env("hostile upstream string", "spec:\n  stage: test\n  upstream: \"$(whoami)\"\n");
    env("upstream is missing", "spec:\n  stage: test\n  upstream: nowhere\n");
    env("upstream of the same stage", "spec:\n  stage: development\n  upstream: dev-ok\n");
    env("upstream is itself", "spec:\n  stage: test\n  upstream: bad-env-11\n");
    env("namespace exists and is not Stageline's", "spec:\n  stage: test\n  namespace: taken\n");
    env("namespace belongs to another Environment", "spec:\n  stage: test\n  namespace: dev-ok\n");
    env("namespace is the operator's own", "spec:\n  stage: test\n  namespace: stageline-system\n");
    env("production cannot generate secrets",
        "spec:\n  stage: production\n  secrets:\n  - name: db\n    generate:\n      keys: [password]\n");
    env("secret both copied and generated", "spec:\n  stage: test\n  secrets:\n  - name: db\n    from:\n"
        + "      secret: db\n    generate:\n      keys: [password]\n");
    env("secret neither copied nor generated", "spec:\n  stage: test\n  secrets:\n  - name: db\n");
    env("generated secret too short",
        "spec:\n  stage: test\n  secrets:\n  - name: db\n    generate:\n      keys: [password]\n      length: 4\n");
    env("generated secret charset unknown",
        "spec:\n  stage: test\n  secrets:\n  - name: db\n    generate:\n      keys: [password]\n      charset: emoji\n");
    env("hostile secret name", "spec:\n  stage: test\n  secrets:\n  - name: ../../etc/passwd\n    generate:\n"
        + "      keys: [password]\n");
    env("secret copied from a missing vault Secret",
        "spec:\n  stage: test\n  secrets:\n  - name: db\n    from:\n      secret: does-not-exist\n");
    env("config keeps zero revisions", "spec:\n  stage: test\n  config:\n    keepRevisions: 0\n");
    env("config collision mode unknown", "spec:\n  stage: test\n  config:\n    onCollision: Random\n");
    env("config source ConfigMap is missing", "spec:\n  stage: test\n  config:\n    sources:\n    - name: missing-cm\n");
    env("masking strategy unknown",
        "spec:\n  stage: test\n  dataMasking:\n    rules:\n    - key: email\n      strategy: shuffle\n");
    env("masking rule with JSON path and CSV column", "spec:\n  stage: test\n  dataMasking:\n    rules:\n"
        + "    - key: data\n      strategy: hash\n      jsonPath: $.a\n      csvColumn: a\n");
    env("fake kind on a hash rule", "spec:\n  stage: test\n  dataMasking:\n    rules:\n"
        + "    - key: data\n      strategy: hash\n      fakeKind: email\n");
    env("noise ratio above 1", "spec:\n  stage: test\n  dataMasking:\n    rules:\n"
        + "    - key: data\n      strategy: noise\n      ratio: 2\n");
    env("seed data both copied and synthetic", "spec:\n  stage: test\n  seedData:\n  - fromEnvironment: dev-ok\n"
        + "    name: x\n    synthetic:\n      name: s\n      fields:\n      - name: a\n        kind: email\n");
    env("synthetic data set too large", "spec:\n  stage: test\n  seedData:\n  - synthetic:\n      name: s\n"
        + "      rows: 1000000\n      fields:\n      - name: a\n        kind: email\n");
    env("seed data from a missing Environment",
        "spec:\n  stage: test\n  seedData:\n  - fromEnvironment: nowhere\n    kind: ConfigMap\n    name: data\n");
    env("subject kind unknown", "spec:\n  stage: test\n  access:\n    allowedSubjectKinds: [Robot]\n");
    env("emergency duration not a duration", "spec:\n  stage: test\n  access:\n    maxEmergencyDuration: forever\n");
    env("backup without a schedule", "spec:\n  stage: test\n  backup:\n    ttl: 1h\n");
    env("quota negative", "spec:\n  stage: test\n  quota:\n    pods: -5\n");
    env("quota negative as a string", "spec:\n  stage: test\n  quota:\n    requests.cpu: \"-5\"\n");
    env("quota beyond any number", "spec:\n  stage: test\n  quota:\n    requests.cpu: \"1e400\"\n");
    env("quota not a quantity", "spec:\n  stage: test\n  quota:\n    requests.cpu: lots\n");
    env("limit not a quantity", "spec:\n  stage: test\n  limits:\n    max:\n      memory: 4GB\n");
    env("keepFirst beyond its maximum (65)", "spec:\n  stage: test\n  dataMasking:\n    rules:\n"
        + "    - key: card\n      strategy: partial\n      keepFirst: 65\n");
    env("keepFirst beyond a Java int", "spec:\n  stage: test\n  dataMasking:\n    rules:\n"
        + "    - key: card\n      strategy: partial\n      keepFirst: 3000000000\n");
    env("noise days beyond its maximum", "spec:\n  stage: test\n  dataMasking:\n    rules:\n"
        + "    - key: born\n      strategy: noise\n      days: 3651\n");
    env("config revisions beyond the maximum", "spec:\n  stage: test\n  config:\n    keepRevisions: 101\n");
    env("synthetic seed beyond a Java long", "spec:\n  stage: test\n  seedData:\n  - synthetic:\n      name: s\n"
        + "      seed: 100000000000000000000\n      fields:\n      - name: a\n        kind: email\n");
    env("synthetic integer bound beyond its maximum", "spec:\n  stage: test\n  seedData:\n  - synthetic:\n"
        + "      name: s\n      fields:\n      - name: a\n        kind: integer\n        max: 1000000000000001\n");
    env("synthetic date in year 10000", "spec:\n  stage: test\n  seedData:\n  - synthetic:\n      name: s\n"
        + "      fields:\n      - name: born\n        kind: date\n        max: 10000\n");
    env("auto-promotion approval count beyond a Java int", "spec:\n  stage: test\n  upstream: dev-ok\n"
        + "  autoPromotion:\n    gates:\n    - approval:\n        count: 3000000000\n        groups: [leads]\n");
    env("oversized inline config (2 MiB)",
        "spec:\n  stage: test\n  config:\n    data:\n      big: \"" + "x".repeat(2 * 1024 * 1024) + "\"\n");
    // beyond the size bounds of lists, maps and strings (docs/api.md, Bounds)
    env("window days beyond a week (8)", "spec:\n  stage: test\n  upstream: dev-ok\n  autoPromotion:\n    gates:\n"
        + "    - window:\n        timeZone: UTC\n        days: [Mon, Tue, Wed, Thu, Fri, Sat, Sun, Mon]\n");
    env("config sources beyond 32", "spec:\n  stage: test\n  config:\n    sources:\n"
        + "    - name: cm\n".repeat(33));
    env("subject kinds beyond the three", "spec:\n  stage: test\n  access:\n"
        + "    allowedSubjectKinds: [User, Group, ServiceAccount, User]\n");
    env("emergency duration of 40 digits", "spec:\n  stage: test\n  access:\n    maxEmergencyDuration: \""
        + "9".repeat(40) + "h\"\n");
    env("selector label value beyond 63 characters", "spec:\n  stage: test\n  workloads:\n    selector:\n"
        + "      matchLabels:\n        app: " + "a".repeat(64) + "\n");
    env("selector expressions beyond 32", "spec:\n  stage: test\n  workloads:\n    selector:\n      matchExpressions:\n"
        + "      - {key: app, operator: Exists}\n".repeat(33));
    env("quota entries beyond 64", "spec:\n  stage: test\n  quota:\n"
        + java.util.stream.IntStream.range(0, 65).mapToObj(i -> "    count/r" + i + ": 1\n").collect(java.util.stream.Collectors.joining()));
    env("hostile glob: a masking rule key of 300 stars", "spec:\n  stage: test\n  dataMasking:\n    rules:\n"
        + "    - key: \"" + "*".repeat(300) + "\"\n      strategy: redact\n");
    env("hostile path: a JSON path beyond 1024 characters", "spec:\n  stage: test\n  dataMasking:\n    rules:\n"
        + "    - key: data\n      strategy: redact\n      jsonPath: \"$" + "..a".repeat(400) + "\"\n");
    env("hostile path: seed data from \"../dev-ok\"",
        "spec:\n  stage: test\n  seedData:\n  - fromEnvironment: ../dev-ok\n    kind: ConfigMap\n    name: data\n");
    env("stage-specific config key beyond 253 characters", "spec:\n  stage: test\n  config:\n    stageSpecificKeys: ["
        + "k".repeat(254) + "]\n");
    env("gate secret name beyond 253 characters", "spec:\n  stage: test\n  promotionPolicy:\n    gateSecrets: ["
        + "s".repeat(254) + "]\n");
  }

  private void accessPolicies() {
    String grant = "  grants:\n  - access: read\n    subjects:\n    - kind: Group\n      name: devs\n";
    String envs = "  environments:\n    stages: [development]\n";
    policy("environments missing", "spec:\n" + grant);
    policy("grants missing", "spec:\n" + envs);
    policy("grants empty", "spec:\n" + envs + "  grants: []\n");
    policy("access level unknown", "spec:\n" + envs + grant.replace("read", "superuser"));
    policy("subjects empty", "spec:\n" + envs + "  grants:\n  - access: read\n    subjects: []\n");
    policy("ServiceAccount without namespace", "spec:\n" + envs
        + "  grants:\n  - access: read\n    subjects:\n    - kind: ServiceAccount\n      name: ci\n");
    policy("subject kind unknown", "spec:\n" + envs + grant.replace("Group", "Robot"));
    policy("emergency without reason", "spec:\n" + envs + grant + "    emergency:\n      expiresAt: \"2030-01-01T00:00:00Z\"\n");
    policy("emergency expiry not a time", "spec:\n" + envs + grant
        + "    emergency:\n      reason: outage\n      expiresAt: tomorrow\n");
    policy("emergency with an empty reason", "spec:\n" + envs + grant
        + "    emergency:\n      reason: \"\"\n      expiresAt: \"2030-01-01T00:00:00Z\"\n");
    policy("selects nothing", "spec:\n  environments: {}\n" + grant);
    policy("admin for every authenticated user", "spec:\n" + envs.replace("development", "production")
        + grant.replace("read", "admin").replace("devs", "system:authenticated"));
    policy("read for anonymous users", "spec:\n" + envs + grant.replace("devs", "system:unauthenticated"));
    policy("write for every service account", "spec:\n" + envs
        + grant.replace("read", "write").replace("devs", "system:serviceaccounts"));
    policy("a selection that matches no Environment", "spec:\n  environments:\n    names: [nowhere]\n" + grant);
    policy("stage unknown", "spec:\n  environments:\n    stages: [moon]\n" + grant);
    policy("environment name beyond 253 characters", "spec:\n  environments:\n    names: [" + "e".repeat(254) + "]\n"
        + grant);
    policy("emergency ticket beyond 256 characters", "spec:\n" + envs + grant + "    emergency:\n      reason: outage\n"
        + "      ticket: " + "T".repeat(257) + "\n      expiresAt: \"2030-01-01T00:00:00Z\"\n");
    policy("ServiceAccount namespace beyond 63 characters", "spec:\n" + envs + "  grants:\n  - access: read\n"
        + "    subjects:\n    - kind: ServiceAccount\n      name: ci\n      namespace: " + "n".repeat(64) + "\n");
  }

  private void promotions() {
    String gate = "  - soak:\n      duration: 1h\n";
    promotion("environment missing", "spec:\n  release:\n    version: \"1.0\"\n");
    promotion("a gate of two kinds", "spec:\n  environment: dev-ok\n  gates:\n  - soak:\n      duration: 1h\n"
        + "    window:\n      timeZone: UTC\n");
    promotion("a gate of no kind", "spec:\n  environment: dev-ok\n  gates:\n  - {}\n");
    promotion("approval of zero approvers", "spec:\n  environment: dev-ok\n  gates:\n  - approval:\n"
        + "      count: 0\n      groups: [leads]\n");
    promotion("approval with no approvers named", "spec:\n  environment: dev-ok\n  gates:\n  - approval:\n"
        + "      count: 1\n");
    promotion("window starts at 25:00", "spec:\n  environment: dev-ok\n  gates:\n  - window:\n"
        + "      timeZone: UTC\n      start: \"25:00\"\n");
    promotion("approval count beyond a Java int", "spec:\n  environment: dev-ok\n  gates:\n  - approval:\n"
        + "      count: 3000000000\n      groups: [leads]\n");
    promotion("approval count beyond its maximum (21)", "spec:\n  environment: dev-ok\n  gates:\n  - approval:\n"
        + "      count: 21\n      groups: [leads]\n");
    promotion("rollback to a revision beyond the maximum", "spec:\n  environment: dev-ok\n  rollbackTo: 1000001\n");
    promotion("window ends at 24:30", "spec:\n  environment: dev-ok\n  gates:\n  - window:\n"
        + "      timeZone: UTC\n      end: \"24:30\"\n");
    promotion("window in an empty time zone", "spec:\n  environment: dev-ok\n  gates:\n  - window:\n"
        + "      timeZone: \"\"\n");
    promotion("window in a time zone that does not exist", "spec:\n  environment: dev-ok\n  gates:\n  - window:\n"
        + "      timeZone: Mars/Olympus_Mons\n");
    promotion("window in a hostile time zone string", "spec:\n  environment: dev-ok\n  gates:\n  - window:\n"
        + "      timeZone: \"../../etc/localtime\"\n");
    promotion("freeze on a date that does not exist", "spec:\n  environment: dev-ok\n  gates:\n  - window:\n"
        + "      timeZone: UTC\n      freezes:\n      - from: \"2026-13-45\"\n        to: \"2026-14-01\"\n");
    promotion("soak duration not a duration", "spec:\n  environment: dev-ok\n  gates:\n  - soak:\n"
        + "      duration: a week\n");
    promotion("job timeout not a duration", "spec:\n  environment: dev-ok\n  gates:\n  - job:\n"
        + "      template: {}\n      timeout: soon\n");
    promotion("rollback to revision 0", "spec:\n  environment: dev-ok\n  rollbackTo: 0\n");
    promotion("rollback together with a release", "spec:\n  environment: dev-ok\n  rollbackTo: 1\n"
        + "  release:\n    version: \"2.0\"\n");
    promotion("condition gate without a type", "spec:\n  environment: dev-ok\n  gates:\n  - condition:\n"
        + "      ref:\n        kind: Job\n        name: smoke\n");
    promotion("window in a time zone of 65 characters", "spec:\n  environment: dev-ok\n  gates:\n  - window:\n"
        + "      timeZone: " + "Z".repeat(65) + "\n");
    promotion("gate name of 64 characters", "spec:\n  environment: dev-ok\n  gates:\n  - name: " + "g".repeat(64)
        + "\n" + gate.substring(4).replaceFirst("^", "    "));
    promotion("release images beyond 64", "spec:\n  environment: dev-ok\n  release:\n    version: \"1.0\"\n    images:\n"
        + java.util.stream.IntStream.range(0, 65).mapToObj(i -> "      c" + i + ": web:1\n").collect(java.util.stream.Collectors.joining()));
    promotion("soak duration of 40 digits", "spec:\n  environment: dev-ok\n  gates:\n  - soak:\n"
        + "      duration: \"" + "9".repeat(40) + "h\"\n");
    promotion("soak duration within its length but beyond any duration (10^27 hours)",
        "spec:\n  environment: dev-ok\n  gates:\n  - soak:\n      duration: \"" + "9".repeat(27) + "h\"\n");
    promotion("window minute 60", "spec:\n  environment: dev-ok\n  gates:\n  - window:\n"
        + "      timeZone: UTC\n      start: \"23:60\"\n");
    promotion("recurring window on February 30th", "spec:\n  environment: dev-ok\n  gates:\n  - window:\n"
        + "      timeZone: UTC\n      allow:\n      - start: \"2026-02-30T10:00\"\n        duration: 1h\n");
    promotion("condition type beyond 316 characters", "spec:\n  environment: dev-ok\n  gates:\n  - condition:\n"
        + "      ref:\n        apiVersion: batch/v1\n        kind: Job\n        name: smoke\n      type: "
        + "T".repeat(317) + "\n");
  }
}
