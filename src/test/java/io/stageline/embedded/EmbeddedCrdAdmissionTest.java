package io.stageline.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.stageline.testing.EmbeddedApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The embedded API refuses a CustomResourceDefinition that kube-apiserver refuses for its CEL rules,
 * with the server's field paths and texts, and stores nothing; the shipped CRDs are accepted (every
 * embedded API installs them through this admission at start).
 */
class EmbeddedCrdAdmissionTest {
  @RegisterExtension static final EmbeddedApi api = EmbeddedApi.started();

  /** A CRD for widgets.example.com whose spec schema is {@code specSchema} (YAML, indented for spec). */
  private static CustomResourceDefinition crd(String name, String specSchema) {
    return Serialization.unmarshal("""
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: %ss.example.com}
        spec:
          group: example.com
          scope: Namespaced
          names: {kind: %s, plural: %ss, singular: %s}
          versions:
          - name: v1
            served: true
            storage: true
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
        %s
        """.formatted(name, Character.toUpperCase(name.charAt(0)) + name.substring(1), name, name,
            specSchema.indent(12).stripTrailing()), CustomResourceDefinition.class);
  }

  private static KubernetesClientException refused(CustomResourceDefinition crd) {
    KubernetesClientException e = catchThrowableOfType(KubernetesClientException.class,
        () -> api.admin().resource(crd).create());
    assertThat(e).as("the API refuses %s", crd.getMetadata().getName()).isNotNull();
    assertThat(e.getCode()).isEqualTo(422);
    assertThat(api.admin().apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName()).get())
        .isNull();
    return e;
  }

  @Test
  void ruleOverAnUnboundedListIsRefusedForItsEstimatedCostAndTheBoundedOneIsAccepted() {
    String schema = """
        type: object
        properties:
          steps:
            type: array
            %s
            items:
              type: object
              properties:
                a: {type: string}
                b: {type: string}
              x-kubernetes-validations:
              - rule: "[has(self.a), has(self.b)].filter(x, x).size() == 1"
                message: exactly one of a or b
        """;
    KubernetesClientException e = refused(crd("unbounded", schema.formatted("")));
    assertThat(e.getStatus().getMessage()).startsWith("CustomResourceDefinition.apiextensions.k8s.io "
        + "\"unboundeds.example.com\" is invalid: spec.validation.openAPIV3Schema.properties[spec].properties[steps]"
        + ".items.x-kubernetes-validations[0].rule: Forbidden: estimated rule cost exceeds budget by factor of ");
    assertThat(e.getStatus().getMessage()).contains("(try simplifying the rule, or adding maxItems, maxProperties, "
        + "and maxLength where arrays, maps, and strings are declared)");

    api.admin().resource(crd("bounded", schema.formatted("maxItems: 32"))).create();
    assertThat(api.admin().apiextensions().v1().customResourceDefinitions().withName("boundeds.example.com").get())
        .isNotNull();
  }

  @Test
  void quadraticRuleOverAnUnboundedListIsRefusedAsMoreThanAHundredTimesTheBudget() {
    KubernetesClientException e = refused(crd("quadratic", """
        type: object
        properties:
          approvals:
            type: array
            items: {type: string}
            x-kubernetes-validations:
            - rule: "oldSelf.all(a, a in self)"
              message: approvals can be added, not removed
        """));
    assertThat(e.getStatus().getDetails().getCauses()).extracting(c -> c.getField() + ": " + c.getMessage())
        .contains("spec.validation.openAPIV3Schema.properties[spec].properties[approvals].x-kubernetes-validations[0]"
            + ".rule: Forbidden: estimated rule cost exceeds budget by factor of more than 100x (try simplifying the "
            + "rule, or adding maxItems, maxProperties, and maxLength where arrays, maps, and strings are declared)");
  }

  @Test
  void oldSelfInsideAnAtomicListIsRefused() {
    KubernetesClientException e = refused(crd("uncorrelated", """
        type: object
        properties:
          items:
            type: array
            maxItems: 10
            items:
              type: object
              properties:
                name: {type: string, maxLength: 10}
              x-kubernetes-validations:
              - rule: "self.name == oldSelf.name"
                message: name is immutable
        """));
    assertThat(e.getStatus().getMessage()).contains("spec.validation.openAPIV3Schema.properties[spec].properties[items]"
        + ".items.x-kubernetes-validations[0].rule: Invalid value: \"self.name == oldSelf.name\": oldSelf cannot be "
        + "used on the uncorrelatable portion of the schema within "
        + "spec.validation.openAPIV3Schema.properties[spec].properties[items]");
  }

  @Test
  void ruleOnSeveralLinesWithoutAMessageIsRefused() {
    KubernetesClientException e = refused(crd("multiline", """
        type: object
        properties:
          a: {type: integer, maximum: 10}
        x-kubernetes-validations:
        - rule: |-
            !has(self.a) ||
            self.a > 1
        """));
    assertThat(e.getStatus().getMessage()).contains("spec.validation.openAPIV3Schema.properties[spec]"
        + ".x-kubernetes-validations[0].message: Required value: message must be specified if rule contains line breaks");
  }

  @Test
  void theShippedCrdsAreServed() {
    assertThat(api.admin().apiextensions().v1().customResourceDefinitions().withName("promotions.stageline.io").get())
        .isNotNull();
    assertThat(api.admin().apiextensions().v1().customResourceDefinitions().withName("environments.stageline.io").get())
        .isNotNull();
    assertThat(api.admin().apiextensions().v1().customResourceDefinitions().withName("accesspolicies.stageline.io").get())
        .isNotNull();
  }
}
