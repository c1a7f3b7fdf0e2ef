package io.stageline.api.v1alpha1;

import io.fabric8.generator.annotation.Size;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Required;

/** Any Kubernetes object, by API version, kind, name and (for namespaced kinds) namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ObjectRef {
  @JsonPropertyDescription("API version of the object, e.g. apps/v1. Required.")
  @Size(max = Bounds.API_VERSION_LENGTH)
  @Required private String apiVersion;
  @JsonPropertyDescription("Kind of the object, e.g. Deployment. Required.")
  @Size(max = Bounds.KIND_LENGTH)
  @Required private String kind;
  @JsonPropertyDescription("Name of the object. Required.")
  @Size(max = Bounds.NAME_LENGTH)
  @Required private String name;
  @JsonPropertyDescription("Namespace of a namespaced object; defaults to the namespace of the resource that names it.")
  @Size(max = Bounds.NAMESPACE_LENGTH)
  private String namespace;

  @Override
  public String toString() {
    return kind + " " + (namespace == null ? "" : namespace + "/") + name;
  }

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  public String getApiVersion() {
    return apiVersion;
  }

  public void setApiVersion(String apiVersion) {
    this.apiVersion = apiVersion;
  }

  public String getKind() {
    return kind;
  }

  public void setKind(String kind) {
    this.kind = kind;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }
}
