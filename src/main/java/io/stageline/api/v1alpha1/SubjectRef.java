package io.stageline.api.v1alpha1;

import io.fabric8.generator.annotation.Size;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/** A user, group or service account that access is granted to, as in an RBAC subject. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.kind != 'ServiceAccount' || has(self.__namespace__)",
    message = "a ServiceAccount subject needs a namespace")
@ValidationRule(
    value = "self.kind != 'Group' || !(self.name in ['system:authenticated', 'system:unauthenticated', "
        + "'system:serviceaccounts'])",
    message = "access is never granted to every authenticated user, every anonymous user or every service account")
public class SubjectRef {
  public enum Kind {
    User,
    Group,
    ServiceAccount;

    /** Unknown kinds read as null (reported as Invalid) instead of failing the informer's list. */
    @JsonCreator
    public static Kind of(String value) {
      for (Kind kind : values()) {
        if (kind.name().equals(value)) {
          return kind;
        }
      }
      return null;
    }
  }

  @JsonPropertyDescription("User, Group or ServiceAccount, as in an RBAC subject. Required.")
  @Required private Kind kind;

  @Required
  @JsonPropertyDescription("The user, group or service account name, exactly as the API server authenticates it. Required; no whitespace.")
  @Pattern("^[^\\s]+$")
  @Size(max = Bounds.USERNAME_LENGTH)
  private String name;

  @JsonPropertyDescription("Namespace of a ServiceAccount subject (required for ServiceAccount, ignored otherwise).")
  @Size(max = Bounds.NAMESPACE_LENGTH)
  private String namespace;

  public SubjectRef() {}

  public SubjectRef(Kind kind, String name, String namespace) {
    this.kind = kind;
    this.name = name;
    this.namespace = namespace;
  }

  /** The form Kubernetes uses in audit lines and SubjectAccessReviews, e.g. {@code Group:qa}. */
  @Override
  public String toString() {
    return kind + ":" + (namespace == null ? "" : namespace + "/") + name;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SubjectRef s
        && kind == s.kind
        && Objects.equals(name, s.name)
        && Objects.equals(namespace, s.namespace);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, name, namespace);
  }

  public Kind getKind() {
    return kind;
  }

  public void setKind(Kind kind) {
    this.kind = kind;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }
}
