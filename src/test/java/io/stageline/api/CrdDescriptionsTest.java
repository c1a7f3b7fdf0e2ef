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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code kubectl explain} describes every field of the shipped CRDs, spec and status, nested types included. */
class CrdDescriptionsTest {

  @ParameterizedTest
  @ValueSource(strings = {"environments", "promotions", "accesspolicies"})
  void everyPropertyOfTheCheckedInCrdHasADescription(String plural) throws IOException {
    CustomResourceDefinition crd = Serialization.unmarshal(
        Files.readString(Path.of("crds", plural + ".stageline.io-v1.yml")), CustomResourceDefinition.class);
    List<String> undescribed = new ArrayList<>();
    crd.getSpec().getVersions().forEach(v -> walk(v.getSchema().getOpenAPIV3Schema(), "", undescribed));
    assertThat(undescribed)
        .as("fields of %s without a description (add @JsonPropertyDescription in io.stageline.api.v1alpha1)", plural)
        .isEmpty();
  }

  private static void walk(JSONSchemaProps schema, String path, List<String> out) {
    if (schema == null) {
      return;
    }
    if (schema.getProperties() != null) {
      schema.getProperties().forEach((name, child) -> {
        String childPath = path.isEmpty() ? name : path + "." + name;
        if (child.getDescription() == null || child.getDescription().isBlank()) {
          out.add(childPath);
        }
        walk(child, childPath, out);
      });
    }
    if (schema.getItems() != null) {
      walk(schema.getItems().getSchema(), path + "[]", out);
    }
    if (schema.getAdditionalProperties() != null) {
      walk(schema.getAdditionalProperties().getSchema(), path + "{}", out);
    }
  }
}
