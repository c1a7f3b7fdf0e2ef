package io.stageline.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.stageline.api.v1alpha1.AccessPolicy;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.Promotion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Finishes each generated CRD: printer columns in the order the model class declares them, and
 * every quantity constrained to a non-negative Kubernetes quantity, every string, list and map of the
 * spec bounded ({@link CrdBounds}), and descriptions for the fields of Kubernetes types the model
 * embeds ({@link CrdStandardDescriptions}).
 *
 * <p>fabric8's crd-generator sorts additionalPrinterColumns by JSON path, which would make
 * {@code kubectl get env} show AGE first and READY after REASON; and it cannot put a pattern on the
 * values of a {@code Map<String, Quantity>}. The build runs this right after the generator
 * (process-classes), so the CRDs in the jar and in {@code crds/} read as declared.
 */
public final class CrdPrinterColumns {
  /**
   * A non-negative quantity (as controller-gen writes for {@code resource.Quantity}, without a sign and
   * with bounded digits and exponent): {@code -5}, {@code 1e400} and {@code lots} are refused at admission.
   */
  public static final String QUANTITY_PATTERN =
      "^([0-9]{1,18}(\\.[0-9]{1,9})?|\\.[0-9]{1,9})([KMGTPE]i|[numkMGTPE]|[eE]\\+?[0-9]{1,2})?$";
  private static final List<Class<?>> KINDS = List.of(Environment.class, Promotion.class, AccessPolicy.class);

  private static final Map<Class<?>, String> SPEC = Map.of(
      Environment.class, "What the environment should be: its stage, namespace, quota, limits, isolation, pod"
          + " security, config, secrets, seed data, backups and promotion policy.",
      Promotion.class, "The release to move into the target environment, the gates it must pass, and the"
          + " approvals given.",
      AccessPolicy.class, "Which environments the policy covers and the access it grants there.");
  private static final Map<Class<?>, String> STATUS = Map.of(
      Environment.class, "What the operator observed and did: phase, namespace, current release and its"
          + " history, config, secrets, seed data, backups, parity and compliance findings. Written only by the"
          + " operator.",
      Promotion.class, "Progress of the promotion: phase, each gate's state, approvals counted, and the release"
          + " it replaced. Written only by the operator.",
      AccessPolicy.class, "The RoleBindings the policy keeps, the subjects it refused, and its emergency grants."
          + " Written only by the operator.");

  private CrdPrinterColumns() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "target/classes/META-INF/fabric8");
    for (Class<?> kind : KINDS) {
      String plural = kind == AccessPolicy.class ? "accesspolicies" : kind.getSimpleName().toLowerCase() + "s";
      Path file = dir.resolve(plural + ".stageline.io-v1.yml");
      CustomResourceDefinition crd = Serialization.unmarshal(Files.readString(file), CustomResourceDefinition.class);
      List<String> declared =
          Arrays.stream(kind.getAnnotationsByType(AdditionalPrinterColumn.class)).map(AdditionalPrinterColumn::name).toList();
      crd.getSpec().getVersions().forEach(v -> {
        List<CustomResourceColumnDefinition> columns = v.getAdditionalPrinterColumns();
        if (columns != null) {
          columns.sort(Comparator.comparingInt(c -> declared.indexOf(c.getName())));
        }
      });
      crd.getSpec().getVersions().forEach(v -> boundQuantities(v.getSchema().getOpenAPIV3Schema()));
      crd.getSpec().getVersions().forEach(v -> CrdBounds.fill(v.getSchema().getOpenAPIV3Schema()));
      crd.getSpec().getVersions().forEach(v -> CrdStandardDescriptions.fill(
          v.getSchema().getOpenAPIV3Schema(), SPEC.get(kind), STATUS.get(kind)));
      Files.writeString(file, "# Generated from the Java model in io.stageline.api.v1alpha1; do not edit.\n"
          + Serialization.asYaml(crd).replaceFirst("^---\n", ""));
    }
  }

  /** Every int-or-string in Stageline's CRDs is a quantity (quota, limits). */
  private static void boundQuantities(JSONSchemaProps schema) {
    if (schema == null) {
      return;
    }
    if (Boolean.TRUE.equals(schema.getXKubernetesIntOrString())) {
      schema.setPattern(QUANTITY_PATTERN);
      schema.setMinimum(0.0);
      return;
    }
    if (schema.getProperties() != null) {
      schema.getProperties().values().forEach(CrdPrinterColumns::boundQuantities);
    }
    if (schema.getAdditionalProperties() != null) {
      boundQuantities(schema.getAdditionalProperties().getSchema());
    }
    if (schema.getItems() != null) {
      boundQuantities(schema.getItems().getSchema());
    }
  }
}
