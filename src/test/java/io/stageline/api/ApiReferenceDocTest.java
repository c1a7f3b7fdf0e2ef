package io.stageline.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** docs/api.md documents every spec field and every CEL rule the CRDs carry, so the reference stays true. */
class ApiReferenceDocTest {

  @ParameterizedTest
  @ValueSource(strings = {"environments", "promotions", "accesspolicies"})
  void apiReferenceNamesEverySpecFieldAndRule(String plural) throws IOException {
    CustomResourceDefinition crd = Serialization.unmarshal(
        Files.readString(Path.of("crds", plural + ".stageline.io-v1.yml")), CustomResourceDefinition.class);
    JSONSchemaProps root = crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
    List<String> expected = new ArrayList<>();
    walk(root.getProperties().get("spec"), "", expected);
    String doc = Files.readString(Path.of("docs/api.md"));
    assertThat(expected)
        .as("docs/api.md is out of date for %s: regenerate its tables from crds/", plural)
        .allSatisfy(entry -> assertThat(doc).contains(entry));
  }

  private static void walk(JSONSchemaProps schema, String prefix, List<String> out) {
    if (schema == null) {
      return;
    }
    if (schema.getXKubernetesValidations() != null) {
      schema.getXKubernetesValidations().forEach(rule -> out.add(rule.getMessage()));
    }
    Map<String, JSONSchemaProps> properties = schema.getProperties();
    if (properties == null) {
      return;
    }
    properties.forEach((name, child) -> {
      out.add("`" + prefix + name + "`");
      if (child.getItems() != null && child.getItems().getSchema() != null) {
        JSONSchemaProps items = child.getItems().getSchema();
        if (items.getXKubernetesValidations() != null) {
          items.getXKubernetesValidations().forEach(rule -> out.add(rule.getMessage()));
        }
        walk(items.getProperties() == null ? null : items, prefix + name + "[].", out);
      } else {
        walk(child, prefix + name + ".", out);
      }
    });
  }
}
