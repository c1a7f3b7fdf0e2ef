package io.stageline.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.testing.Awaits;
import io.stageline.testing.Environments;
import io.stageline.testing.OperatorExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every entry of {@link BadInputs} is refused at admission, or is accepted and answered with a
 * False condition and a Warning event; none touches other objects, and a valid Environment created
 * after all of them still becomes Ready quickly (the reconcile loop never stalls).
 */
class InvalidInputCatalogueTest {
  /** etcd's answer to an object over its request limit, which kube-apiserver passes on. */
  private static final String TOO_LARGE = "etcdserver: request is too large";
  @RegisterExtension OperatorExtension op = OperatorExtension.running();
  private final Set<String> tooLarge = new java.util.HashSet<>();

  private KubernetesClient client() {
    return op.client();
  }

  @TestFactory
  Stream<DynamicTest> everyInvalidInputIsRefusedOrReportedAndTouchesNothingElse() {
    client().resource(Environments.development("dev-ok").withQuotaAndLimits().build()).create();
    client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("taken").endMetadata().build())
        .create();
    await().atMost(Awaits.TIMEOUT).until(() -> Environments.isReady(client(), "dev-ok"));
    Map<String, String> namespacesBefore = namespaceVersions();
    String devOkVersion = client().namespaces().withName("dev-ok").get().getMetadata().getResourceVersion();

    List<BadInputs.BadInput> catalogue = BadInputs.catalogue();
    Map<String, Integer> refused = new LinkedHashMap<>();
    for (BadInputs.BadInput input : catalogue) {
      refused.put(input.id(), apply(input));
      System.out.printf("%-12s %-13s %-5s %s%n", input.id(), input.kind(),
          refused.get(input.id()) == 0 ? "accepted" : refused.get(input.id()), input.why());
    }
    // created after every bad input: must not wait behind them
    long start = System.nanoTime();
    client().resource(Environments.test("canary").withQuotaAndLimits().build()).create();
    await().atMost(Awaits.TIMEOUT).until(() -> Environments.isReady(client(), "canary"));
    Duration canaryReady = Duration.ofNanos(System.nanoTime() - start);

    List<DynamicTest> tests = new ArrayList<>();
    tests.add(DynamicTest.dynamicTest("the catalogue holds at least 40 invalid inputs",
        () -> assertThat(catalogue).hasSizeGreaterThanOrEqualTo(40)));
    for (BadInputs.BadInput input : catalogue) {
      tests.add(DynamicTest.dynamicTest(input.kind() + " " + input.id() + ": " + input.why(),
          () -> assertRefusedOrReported(input, refused.get(input.id()))));
    }
    tests.add(DynamicTest.dynamicTest("a valid Environment created after them is Ready quickly",
        () -> assertThat(canaryReady).isLessThan(Duration.ofSeconds(20))));
    tests.add(DynamicTest.dynamicTest("no other namespace was created or changed, and no access was bound", () -> {
      Map<String, String> after = namespaceVersions();
      assertThat(after.get("taken")).isEqualTo(namespacesBefore.get("taken"));
      assertThat(client().namespaces().withName("taken").get().getMetadata().getLabels())
          .doesNotContainKey("stageline.io/environment");
      assertThat(client().namespaces().withName("dev-ok").get().getMetadata().getResourceVersion())
          .isEqualTo(devOkVersion);
      assertThat(Environments.isReady(client(), "dev-ok")).isTrue();
      Set<String> created = after.keySet().stream().filter(ns -> !namespacesBefore.containsKey(ns))
          .collect(Collectors.toSet());
      // only the canary and accepted Environments whose problem lies inside their own namespace
      Set<String> allowed = Stream.concat(Stream.of("canary"), catalogue.stream()
          .filter(i -> i.kind().equals("Environment") && refused.get(i.id()) == 0).map(BadInputs.BadInput::name))
          .collect(Collectors.toSet());
      assertThat(allowed).containsAll(created);
      // the install's own binding (the operator's leader-election Role) is there; no access was bound
      assertThat(client().rbac().roleBindings().inAnyNamespace().withLabel("app.kubernetes.io/managed-by", "stageline")
          .list().getItems()).isEmpty();
    }));
    return tests.stream();
  }

  /** The HTTP code of the refusal, or 0 when the API accepted the object. */
  private int apply(BadInputs.BadInput input) {
    GenericKubernetesResource resource = Serialization.unmarshal(input.yaml(), GenericKubernetesResource.class);
    try {
      var resources = client().genericKubernetesResources("stageline.io/v1alpha1", input.kind());
      if (input.kind().equals("Promotion")) {
        resources.inNamespace("dev-ok").resource(resource).create();
      } else {
        resources.resource(resource).create();
      }
      return 0;
    } catch (KubernetesClientException e) {
      if (e.getStatus() != null && TOO_LARGE.equals(e.getStatus().getMessage())) {
        tooLarge.add(input.id());
      }
      return e.getCode();
    }
  }

  private void assertRefusedOrReported(BadInputs.BadInput input, int refusedWith) {
    if (refusedWith != 0) {
      if (tooLarge.contains(input.id())) {
        // what kube-apiserver answers when etcd refuses an object over its request limit: a 500
        assertThat(refusedWith).isEqualTo(500);
      } else {
        assertThat(refusedWith).as("refused as a client error, not a server failure").isBetween(400, 499);
      }
      assertThat(get(input)).as("nothing stored").isNull();
      return;
    }
    await().atMost(Awaits.TIMEOUT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
      GenericKubernetesResource stored = get(input);
      assertThat(stored).isNotNull();
      assertThat(falseConditions(stored)).as("a False condition with a reason").isNotEmpty();
      assertThat(conditions(stored)).as("answered as bad input, not as a failure of the operator")
          .noneMatch(c -> "ReconcileFailed".equals(c.get("reason"))
              || "ReconcileError".equals(c.get("type")) && "True".equals(c.get("status")));
      assertThat(client().v1().events().inAnyNamespace().list().getItems())
          .as("a Warning event about it")
          .anyMatch(e -> input.name().equals(e.getInvolvedObject().getName())
              && input.kind().equals(e.getInvolvedObject().getKind()) && "Warning".equals(e.getType()));
    });
  }

  private static List<String> falseConditions(GenericKubernetesResource stored) {
    return conditions(stored).stream()
        .filter(c -> "False".equals(c.get("status")) && c.get("reason") != null)
        .map(c -> c.get("type") + "/" + c.get("reason")).toList();
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> conditions(GenericKubernetesResource stored) {
    Object status = stored.getAdditionalProperties().get("status");
    if (!(status instanceof Map<?, ?> map) || !(map.get("conditions") instanceof List<?> conditions)) {
      return List.of();
    }
    return conditions.stream().map(c -> (Map<String, Object>) c).toList();
  }

  private GenericKubernetesResource get(BadInputs.BadInput input) {
    var resources = client().genericKubernetesResources("stageline.io/v1alpha1", input.kind());
    return input.kind().equals("Promotion")
        ? resources.inNamespace("dev-ok").withName(input.name()).get()
        : resources.withName(input.name()).get();
  }

  private Map<String, String> namespaceVersions() {
    return client().namespaces().list().getItems().stream().collect(Collectors.toMap(
        ns -> ns.getMetadata().getName(), ns -> ns.getMetadata().getResourceVersion()));
  }
}
